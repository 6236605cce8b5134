"""The Django admin of the programme: every page opens, money shows in đồng, the money rules hold."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.admin_helpers import EveryAdminPage, RegistryAdminTestCase, admin_url, make_establishment
from programs.models import (
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    OutcomeIndicator,
    PlanBudget,
    PriorityGround,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    ProjectStatusChange,
    SupportContent,
    SupportRule,
)


class ProgrammeAdminTestCase(RegistryAdminTestCase):
    """The registry's rows, and one row of every programme model around a funded project in progress."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.content = SupportContent.objects.create(code="T03b", name="Máy móc thiết bị thử")
        cls.rule = SupportRule.objects.create(
            content=cls.content,
            pct_cap=Decimal("50"),
            amount_cap=Decimal("300000000"),
            legal_basis="Thông tư thử",
            effective_from=datetime.date(2020, 1, 1),
            confirmed=True,
        )
        cls.source = FundingSource.objects.create(code="TKCDP", name="Nguồn thử", kind=FundingSource.Kind.LOCAL)
        cls.plan = AnnualPlan.objects.create(year=2099, level=AnnualPlan.Level.LOCAL, title="Kế hoạch thử 2099")
        cls.plan_budget = PlanBudget.objects.create(plan=cls.plan, source=cls.source, assigned=Decimal("900000000"))
        cls.project = Project.objects.create(
            code="T-2099-001",
            title="Hỗ trợ máy sấy thử",
            content=cls.content,
            plan=cls.plan,
            implementing_unit="Trung tâm thử",
            start_date=datetime.date(2099, 3, 1),
            end_date=datetime.date(2099, 10, 31),
            status=ProjectStatus.IN_PROGRESS,
        )
        cls.share = ProjectBeneficiary.objects.create(
            project=cls.project,
            establishment=cls.establishment,
            eligible_cost=Decimal("400000000"),
            support_amount=Decimal("200000000"),
        )
        cls.budget_line = BudgetLine.objects.create(
            project=cls.project, source=cls.source, planned=Decimal("200000000"), approved=Decimal("200000000")
        )
        cls.disbursement = Disbursement.objects.create(
            project=cls.project,
            source=cls.source,
            date=datetime.date(2099, 4, 1),
            amount=Decimal("100000000"),
            kind=Disbursement.Kind.ADVANCE,
            voucher_number="T-UNC-01",
        )
        cls.indicator = OutcomeIndicator.objects.create(code="T-MAY", name="Máy móc thử", unit="máy")
        cls.outcome = ProjectOutcome.objects.create(project=cls.project, indicator=cls.indicator, planned=2)
        cls.status_change = ProjectStatusChange.objects.create(
            project=cls.project, from_status=ProjectStatus.APPROVED, to_status=ProjectStatus.IN_PROGRESS
        )

    def rows(self) -> dict:
        return super().rows() | {
            SupportContent: self.content,
            SupportRule: self.rule,
            PriorityGround: PriorityGround.objects.get(code="woman_owned"),
            FundingSource: self.source,
            AnnualPlan: self.plan,
            PlanBudget: self.plan_budget,
            Project: self.project,
            ProjectBeneficiary: self.share,
            BudgetLine: self.budget_line,
            Disbursement: self.disbursement,
            OutcomeIndicator: self.indicator,
            ProjectOutcome: self.outcome,
            ProjectStatusChange: self.status_change,
        }


class EveryPageTests(EveryAdminPage, ProgrammeAdminTestCase):
    app_label = "programs"
    # Rows written only through programs/services.py: the admin shows them, and adds nothing.
    view_only = frozenset({Disbursement, BudgetLine, ProjectBeneficiary, ProjectStatusChange})

    def test_it_formats_money_in_dong(self):
        response = self.client.get(admin_url(Disbursement, "changelist"))
        self.assertContains(response, "100.000.000\u00a0₫")
        response = self.client.get(admin_url(SupportRule, "changelist"))
        self.assertContains(response, "300.000.000\u00a0₫")
        self.assertContains(response, "đã đối chiếu")


class BeneficiaryAutocompleteTests(ProgrammeAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_establishment(cls.commune, 2, name="Hợp tác xã đan lục bình Thử")

    def test_it_autocompletes_establishments_without_diacritics(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "programs",
                "model_name": "projectbeneficiary",
                "field_name": "establishment",
                "term": "luc binh",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["id"] for row in response.json()["results"]], [str(self.other.pk)])


class ProjectAdminTests(ProgrammeAdminTestCase):
    def act(self, action, *projects):
        return self.client.post(
            admin_url(Project, "changelist"),
            {"action": action, "_selected_action": [p.pk for p in projects]},
            follow=True,
        )

    def test_it_lists_projects_with_their_approved_money_in_a_fixed_number_of_queries(self):
        url = admin_url(Project, "changelist")
        with CaptureQueriesContext(connection) as first:
            self.client.get(url)
        for n in range(2, 12):
            Project.objects.create(
                code=f"T-2099-{n:03d}",
                title="Đề án thử",
                content=self.content,
                plan=self.plan,
                implementing_unit="Trung tâm thử",
                start_date=datetime.date(2099, 3, 1),
                end_date=datetime.date(2099, 10, 31),
            )
        with self.assertNumQueries(len(first)):
            response = self.client.get(url)
        self.assertContains(response, "200.000.000\u00a0₫")

    def test_it_moves_a_project_through_the_transition_service(self):
        proposed = Project.objects.create(
            code="T-2099-100",
            title="Đề án đề xuất thử",
            content=self.content,
            plan=self.plan,
            implementing_unit="Trung tâm thử",
            start_date=datetime.date(2099, 3, 1),
            end_date=datetime.date(2099, 10, 31),
        )
        response = self.act("project_to_appraised", proposed)
        self.assertContains(response, "Đã chuyển 1 đề án.")
        proposed.refresh_from_db()
        self.assertEqual(proposed.status, ProjectStatus.APPRAISED)
        change = proposed.status_changes.get()
        self.assertEqual(
            (change.from_status, change.to_status, change.changed_by), ("proposed", "appraised", self.root)
        )

    def test_it_refuses_a_transition_the_lifecycle_does_not_allow(self):
        response = self.act("project_to_settled", self.project)
        self.assertContains(response, "Không thể chuyển đề án")
        self.project.refresh_from_db()
        self.assertEqual(self.project.status, ProjectStatus.IN_PROGRESS)

    def test_it_does_not_let_the_form_change_the_status(self):
        response = self.client.get(admin_url(Project, "change", self.project.pk))
        self.assertNotContains(response, 'name="status"')

    def test_it_shows_a_funded_projects_money_without_letting_it_be_edited(self):
        response = self.client.get(admin_url(Project, "change", self.project.pk))
        self.assertContains(response, "100.000.000\u00a0₫")  # the disbursement, read-only
        self.assertContains(response, "200.000.000\u00a0₫")  # the budget line and the share, read-only
        self.assertNotContains(response, 'name="budget_lines-0-approved"')
        self.assertNotContains(response, 'name="shares-0-support_amount"')
        self.assertNotContains(response, 'name="disbursements-0-amount"')

    def test_it_lets_a_proposal_s_money_be_edited(self):
        self.project.status = ProjectStatus.PROPOSED
        self.project.save(update_fields=["status"])
        response = self.client.get(admin_url(Project, "change", self.project.pk))
        self.assertContains(response, 'name="budget_lines-0-approved"')
        self.assertContains(response, 'name="shares-0-support_amount"')


class PlanAdminTests(ProgrammeAdminTestCase):
    def test_it_approves_a_plan_only_with_its_decision(self):
        self.plan.status = AnnualPlan.Status.SUBMITTED
        self.plan.save(update_fields=["status"])
        url = admin_url(AnnualPlan, "changelist")
        response = self.client.post(
            url, {"action": "plan_to_approved", "_selected_action": [self.plan.pk]}, follow=True
        )
        self.assertContains(response, "cần số và ngày của quyết định")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, AnnualPlan.Status.SUBMITTED)

        # A decision dated after today has not been taken yet.
        self.plan.decision_number, self.plan.decision_date = "T-123/QĐ-UBND", datetime.date(2099, 1, 15)
        self.plan.save(update_fields=["decision_number", "decision_date"])
        response = self.client.post(
            url, {"action": "plan_to_approved", "_selected_action": [self.plan.pk]}, follow=True
        )
        self.assertContains(response, "15/01/2099 chưa tới")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, AnnualPlan.Status.SUBMITTED)

        today = timezone.localdate()
        self.plan.year, self.plan.decision_date = today.year, today
        self.plan.save(update_fields=["year", "decision_date"])
        self.client.post(url, {"action": "plan_to_approved", "_selected_action": [self.plan.pk]})
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, AnnualPlan.Status.APPROVED)


class PlanBudgetAdminTests(ProgrammeAdminTestCase):
    def test_it_refuses_an_assigned_budget_below_what_is_approved(self):
        # The project in progress has 200 million approved from the source.
        url = admin_url(AnnualPlan, "change", self.plan.pk)
        data = resubmit_data(self.client.get(url))
        data["budgets-0-assigned"] = "199999999"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "không thể giao dự toán thấp hơn")
        self.plan_budget.refresh_from_db()
        self.assertEqual(self.plan_budget.assigned, Decimal("900000000"))
        data["budgets-0-assigned"] = "200000000"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.plan_budget.refresh_from_db()
        self.assertEqual(self.plan_budget.assigned, Decimal("200000000"))


def resubmit_data(response) -> dict:
    """The POST data of an admin change page as it stands, to be edited and sent back."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[key] = value.strftime("%d/%m/%Y")
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.initial_forms:
            add(form)
    return data


class ProjectCeilingWarningTests(ProgrammeAdminTestCase):
    def test_it_warns_when_a_proposal_asks_for_more_than_the_ceiling(self):
        Disbursement.objects.all().delete()
        self.project.status = ProjectStatus.PROPOSED
        self.project.save(update_fields=["status"])
        url = admin_url(Project, "change", self.project.pk)
        data = resubmit_data(self.client.get(url))
        # 50% of 200 million planned is 100 million: 150 million of state money is over it.
        data["budget_lines-0-approved"] = "150000000"
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "vượt mức hỗ trợ tối đa")
        self.assertEqual(BudgetLine.objects.get(pk=self.budget_line.pk).approved, Decimal("150000000"))


class ProjectPeriodAdminTests(ProgrammeAdminTestCase):
    """The admin keeps a project's dates within its plan's year (2099 here), as the staff form does."""

    def test_it_refuses_an_end_in_9999_and_keeps_the_saved_dates(self):
        url = admin_url(Project, "change", self.project.pk)
        data = resubmit_data(self.client.get(url))
        data["end_date"] = "31/12/9999"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Ngày kết thúc 31/12/9999 nằm ngoài khoảng cho phép: từ 01/01/2099 đến 31/12/2099."
        )
        self.project.refresh_from_db()
        self.assertEqual(self.project.end_date, datetime.date(2099, 10, 31))

    def test_it_accepts_the_last_day_of_the_plan_year(self):
        url = admin_url(Project, "change", self.project.pk)
        data = resubmit_data(self.client.get(url))
        data["end_date"] = "31/12/2099"
        self.client.post(url, data)
        self.project.refresh_from_db()
        self.assertEqual(self.project.end_date, datetime.date(2099, 12, 31))


class FrozenByTheDecisionAdminTests(ProgrammeAdminTestCase):
    """The admin holds what project_save and plan_save hold: a decision fixes what it decided."""

    def test_an_approved_projects_ceiling_inputs_cannot_be_changed_here(self):
        url = admin_url(Project, "change", self.project.pk)
        Project.objects.filter(pk=self.project.pk).update(status=Project.Status.PROPOSED)
        self.assertContains(self.client.get(url), 'name="content"')  # a proposal: still open
        Project.objects.filter(pk=self.project.pk).update(status=Project.Status.APPROVED)
        response = self.client.get(url)
        for name in ("content", "variant", "plan"):
            self.assertNotContains(response, f'name="{name}"')
        self.assertContains(response, "Kế hoạch thử 2099")

    def test_an_approved_plans_year_level_and_decision_cannot_be_changed_here(self):
        url = admin_url(AnnualPlan, "change", self.plan.pk)
        self.assertContains(self.client.get(url), 'name="year"')
        AnnualPlan.objects.filter(pk=self.plan.pk).update(
            status=AnnualPlan.Status.APPROVED, decision_number="T-12/QĐ-UBND", decision_date=timezone.localdate()
        )
        response = self.client.get(url)
        for name in ("year", "level", "decision_number", "decision_date"):
            self.assertNotContains(response, f'name="{name}"')
        self.assertContains(response, "T-12/QĐ-UBND")
