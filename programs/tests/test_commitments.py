"""The plan's assigned budget limits what is approved from each state source (TT 36/2013: projects are
approved within the khuyến công budget assigned for the year); proposals may exceed it."""

import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from beneficiaries import reference as beneficiaries_reference
from beneficiaries.tests.personas import StaffTestCase
from core.money import format_vnd
from programs import reference as programs_reference
from programs.models import BudgetLine, Project, ProjectStatus
from programs.selectors import plan_budget_summary
from programs.services import budget_lines_save, commitments, plan_save, project_transition
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, assign, source

D = Decimal
M = 1_000_000


def appraised(plan, code: str, state: int, *, source_code: str = "KCDP", counterpart: int | None = None) -> Project:
    """A machinery project of `plan`, appraised with `state` đồng of state money to approve (not yet approved).

    The establishment puts in as much again (`counterpart`), so the state half stays within the ceiling.
    """
    counterpart = state if counterpart is None else counterpart
    project = ProjectFactory(plan=plan, code=code)
    ProjectBeneficiaryFactory(project=project)
    lines = {source(source_code): (D(state), D(0))}
    if counterpart:
        lines[source("DOIUNG")] = (D(counterpart), D(0))
    budget_lines_save(project=project, lines=lines)
    project_transition(project=project, to_status=ProjectStatus.APPRAISED)
    approved = {src: (planned, planned) for src, (planned, _zero) in lines.items()}
    budget_lines_save(project=project, lines=approved)
    return Project.objects.get(pk=project.pk)


def approve(project: Project) -> Project:
    return project_transition(project=project, to_status=ProjectStatus.APPROVED)


class ApprovalWithinThePlanBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2028, approved=True)
        assign(cls.plan, "KCDP", D(250 * M))
        cls.first = appraised(cls.plan, "KCĐP-2028-001", 100 * M)
        approve(cls.first)

    def test_approval_at_exactly_the_remaining_budget_passes(self):
        project = approve(appraised(self.plan, "KCĐP-2028-002", 150 * M))
        self.assertEqual(project.status, ProjectStatus.APPROVED)
        kcdp = next(row for row in plan_budget_summary(self.plan) if row.source.code == "KCDP")
        self.assertEqual((kcdp.assigned, kcdp.approved, kcdp.remaining), (D(250 * M), D(250 * M), D(0)))

    def test_one_dong_over_is_refused_with_the_figures_and_nothing_changes(self):
        project = appraised(self.plan, "KCĐP-2028-002", 150 * M + 1)
        with self.assertRaises(ValidationError) as caught:
            approve(project)
        self.assertEqual(caught.exception.code, "over_plan_budget")
        message = caught.exception.messages[0]
        # Assigned, already approved, this project, and how much over.
        for figure in (250 * M, 100 * M, 150 * M + 1, 1):
            self.assertIn(format_vnd(D(figure)), message)
        self.assertIn("Kinh phí khuyến công địa phương", message)
        project.refresh_from_db()
        self.assertEqual(project.status, ProjectStatus.APPRAISED)
        self.assertFalse(project.status_changes.filter(to_status=ProjectStatus.APPROVED).exists())

    def test_a_cancelled_project_frees_its_money(self):
        second = appraised(self.plan, "KCĐP-2028-002", 200 * M)
        with self.assertRaises(ValidationError):
            approve(second)
        project_transition(project=self.first, to_status=ProjectStatus.CANCELLED, note="Cơ sở rút khỏi đề án")
        self.assertEqual(approve(second).status, ProjectStatus.APPROVED)

    def test_an_appraised_project_commits_nothing_yet(self):
        appraised(self.plan, "KCĐP-2028-002", 150 * M)
        third = appraised(self.plan, "KCĐP-2028-003", 150 * M)
        self.assertEqual(approve(third).status, ProjectStatus.APPROVED)

    def test_a_state_source_the_plan_was_not_assigned_cannot_be_approved(self):
        project = appraised(self.plan, "KCĐP-2028-002", 50 * M, source_code="NTM")
        with self.assertRaises(ValidationError) as caught:
            approve(project)
        self.assertIn("chưa được giao dự toán nguồn", caught.exception.messages[0])
        self.assertIn(format_vnd(D(50 * M)), caught.exception.messages[0])

    def test_counterpart_money_is_not_the_plans_budget(self):
        # 250 million of the establishment's own money, none of it assigned to the plan: no limit.
        project = appraised(self.plan, "KCĐP-2028-002", 100 * M, counterpart=250 * M)
        self.assertEqual(approve(project).status, ProjectStatus.APPROVED)

    def test_planned_money_may_exceed_the_budget_and_shows_the_shortfall(self):
        appraised(self.plan, "KCĐP-2028-002", 250 * M)
        kcdp = next(row for row in plan_budget_summary(self.plan) if row.source.code == "KCDP")
        self.assertEqual((kcdp.assigned, kcdp.planned, kcdp.approved), (D(250 * M), D(350 * M), D(100 * M)))
        self.assertEqual((kcdp.remaining, kcdp.shortfall), (D(150 * M), D(100 * M)))

    def test_raising_an_approved_line_past_the_budget_is_refused(self):
        approved = approve(appraised(self.plan, "KCĐP-2028-002", 100 * M))
        with self.assertRaises(ValidationError) as caught:
            lines = {source("KCDP"): (D(150 * M + 1), D(150 * M + 1)), source("DOIUNG"): (D(200 * M), D(200 * M))}
            budget_lines_save(project=approved, lines=lines)
        self.assertEqual(caught.exception.code, "over_plan_budget")
        self.assertEqual(BudgetLine.objects.get(project=approved, source__code="KCDP").approved, D(100 * M))

    def test_the_budget_cannot_be_cut_below_what_is_approved(self):
        budgets = {source("KCDP"): D(100 * M)}
        plan_save(plan=self.plan, year=2028, level="local", title=self.plan.title, budgets=budgets)
        with self.assertRaises(ValidationError) as caught:
            budgets = {source("KCDP"): D(100 * M - 1)}
            plan_save(plan=self.plan, year=2028, level="local", title=self.plan.title, budgets=budgets)
        self.assertEqual(caught.exception.code, "budget_below_approved")
        self.assertIn(format_vnd(D(100 * M)), caught.exception.messages[0])
        self.assertEqual(self.plan.budgets.get().assigned, D(100 * M))


class BudgetOnThePagesTests(StaffTestCase):
    """The plan page and the leaders' dashboard show, per source, what remains and how far proposals go over."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2028, approved=True)
        assign(cls.plan, "KCDP", D(250 * M))
        approve(appraised(cls.plan, "KCĐP-2028-001", 100 * M))
        appraised(cls.plan, "KCĐP-2028-002", 250 * M)  # proposed money: 350 million against 250

    def test_the_plan_page_shows_remaining_and_shortfall(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("staff:plan_detail", args=[2028, "local"]))
        kcdp = next(row for row in response.context["sources"] if row.source.code == "KCDP")
        self.assertEqual((kcdp.approved, kcdp.remaining, kcdp.shortfall), (D(100 * M), D(150 * M), D(100 * M)))
        self.assertContains(response, f'data-budget="remaining">{format_vnd(D(150 * M))}', html=False)
        self.assertContains(response, f'data-budget="shortfall">{format_vnd(D(100 * M))}', html=False)
        doiung = next(row for row in response.context["sources"] if row.source.code == "DOIUNG")
        self.assertIsNone(doiung.remaining)  # the establishment's money: no budget to compare with
        totals = response.context["state_totals"]
        self.assertEqual((totals["remaining"], totals["shortfall"]), (D(150 * M), D(100 * M)))

    def test_the_dashboard_shows_remaining_and_shortfall(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("reports:dashboard"), {"year": 2028})
        self.assertContains(response, f'data-total="state-remaining">{format_vnd(D(150 * M))}')
        self.assertContains(response, f'data-total="state-shortfall">{format_vnd(D(100 * M))}')


class ApprovalOnTheProjectPageTests(StaffTestCase):
    def test_staff_see_the_refusal_with_the_figures_and_the_project_stays_appraised(self):
        plan = AnnualPlanFactory(year=2028, approved=True)
        assign(plan, "KCDP", D(100 * M))
        project = appraised(plan, "KCĐP-2028-001", 250 * M)
        self.client.force_login(self.staff)
        url = reverse("staff:project_transition", kwargs={"uuid": project.uuid})
        response = self.client.post(url, {"to": "approved"}, follow=True)
        self.assertContains(response, "Vượt dự toán được giao")
        for figure in (100 * M, 250 * M, 150 * M):
            self.assertContains(response, format_vnd(D(figure)))
        project.refresh_from_db()
        self.assertEqual(project.status, ProjectStatus.APPRAISED)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race needs PostgreSQL's row locks (select_for_update does nothing on SQLite, which "
    "runs one writer at a time): run with DATABASE_URL=postgres://…",
)
class ConcurrentApprovalTests(TransactionTestCase):
    """Two officers approve two projects of the same plan at the same moment; together they exceed it."""

    def setUp(self):
        # A transactional test starts from an empty database: load the reference data the migrations wrote.
        beneficiaries_reference.load(apps)
        programs_reference.load(apps)
        self.plan = AnnualPlanFactory(year=2028, approved=True)
        assign(self.plan, "KCDP", D(500 * M))
        self.projects = [appraised(self.plan, f"KCĐP-2028-00{n}", 300 * M) for n in (1, 2)]

    def test_exactly_one_of_two_simultaneous_approvals_passes(self):
        start = threading.Barrier(2)
        outcomes: list[str] = []

        def approve_in_thread(project: Project) -> None:
            try:
                start.wait()
                approve(project)
                outcomes.append("approved")
            except ValidationError as error:
                outcomes.append(error.code or "refused")
            finally:
                close_old_connections()
                connection.close()

        def slow_check(project: Project):
            # Hold each approval between its check and its write long enough for the other to check too:
            # without the plan's lock both would see 0 approved and both pass.
            found = check(project)
            time.sleep(0.5)
            return found

        check = commitments.project_overcommitments
        threads = [threading.Thread(target=approve_in_thread, args=(project,)) for project in self.projects]
        with mock.patch.object(commitments, "project_overcommitments", slow_check):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
        self.assertEqual(sorted(outcomes), ["approved", "over_plan_budget"])
        approved = Project.objects.filter(plan=self.plan, status=ProjectStatus.APPROVED)
        self.assertEqual(approved.count(), 1)
