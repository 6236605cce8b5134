import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase

from programs.models import BudgetLine, Disbursement, Project, ProjectStatusChange
from programs.services import budget_lines_save, disbursement_create, plan_transition, project_transition
from programs.tests.factories import (
    AnnualPlanFactory,
    ProjectBeneficiaryFactory,
    ProjectFactory,
    assign,
    content,
    source,
)

D = Decimal


def approved_project(state: str = "200000000", counterpart: str = "251000000", **kwargs) -> Project:
    """A machinery project of 451 million, approved with the state share given, in a plan assigned 1 billion."""
    kwargs.setdefault("plan", AnnualPlanFactory(approved=True))
    assign(kwargs["plan"], "KCDP", D("1000000000"))
    project = ProjectFactory(**kwargs)
    ProjectBeneficiaryFactory(project=project)
    budget_lines_save(
        project=project,
        lines={source("KCDP"): (D(state), D(state)), source("DOIUNG"): (D(counterpart), D(counterpart))},
    )
    project.status = Project.Status.APPROVED
    project.save()
    return project


class BudgetLineTests(TestCase):
    def test_it_saves_lines_within_the_ceiling(self):
        project = approved_project()
        self.assertEqual(
            sorted(project.budget_lines.values_list("source__code", "approved")),
            [("DOIUNG", D("251000000")), ("KCDP", D("200000000"))],
        )

    def test_it_refuses_state_support_above_the_ceiling_and_keeps_what_was_saved(self):
        project = approved_project()
        with self.assertRaises(ValidationError) as caught:
            budget_lines_save(project=project, lines={source("KCDP"): (D("350000000"), D("350000000"))})
        self.assertEqual(caught.exception.code, "over_ceiling")
        self.assertIn("vượt mức hỗ trợ tối đa", caught.exception.messages[0])
        self.assertIn("TT 28/2018/TT-BTC", caught.exception.messages[0])
        self.assertEqual(BudgetLine.objects.get(project=project, source__code="KCDP").approved, D("200000000"))

    def test_the_ceiling_counts_every_state_source_together(self):
        # 220 of 451 million from local funds; 30 more from new-rural-development money
        # makes 250 of 481 million, above half the cost.
        project = approved_project(state="220000000", counterpart="231000000")
        with self.assertRaises(ValidationError):
            budget_lines_save(project=project, lines={source("NTM"): (D("30000000"), D("30000000"))})
        self.assertFalse(project.budget_lines.filter(source__code="NTM").exists())

    def test_a_stated_priority_raises_the_ceiling(self):
        project = approved_project(priority_reason="Chủ cơ sở là người dân tộc thiểu số")
        budget_lines_save(
            project=project,
            lines={
                source("DOIUNG"): (D("500000000"), D("500000000")),
                source("KCDP"): (D("400000000"), D("400000000")),
            },
        )
        self.assertEqual(project.budget_lines.get(source__code="KCDP").approved, D("400000000"))

    def test_it_refuses_a_negative_amount(self):
        project = ProjectFactory()
        with self.assertRaises(ValidationError) as caught:
            budget_lines_save(project=project, lines={source("KCDP"): (D("-5"), D("0"))})
        self.assertIn("planned", caught.exception.message_dict)
        self.assertFalse(project.budget_lines.exists())

    def test_it_refuses_fractions_of_a_dong(self):
        project = ProjectFactory()
        with self.assertRaises(ValidationError):
            budget_lines_save(project=project, lines={source("DOIUNG"): (D("1000.5"), D("0"))})

    def test_approved_money_cannot_drop_below_what_was_paid(self):
        project = approved_project()
        disbursement_create(
            project=project,
            source=source("KCDP"),
            date=datetime.date(2025, 4, 1),
            amount=D("100000000"),
            kind="advance",
        )
        with self.assertRaises(ValidationError) as caught:
            budget_lines_save(project=project, lines={source("KCDP"): (D("200000000"), D("90000000"))})
        self.assertEqual(caught.exception.code, "approved_below_disbursed")


class DisbursementTests(TestCase):
    def pay(self, project, amount, kind="advance", code="KCDP"):
        return disbursement_create(
            project=project, source=source(code), date=datetime.date(2025, 5, 1), amount=D(amount), kind=kind
        )

    def test_it_records_an_advance_up_to_70_percent(self):
        project = approved_project()
        self.pay(project, "140000000")
        self.assertEqual(project.disbursements.get().amount, D("140000000"))

    def test_it_refuses_an_advance_above_70_percent_in_total(self):
        project = approved_project()
        self.pay(project, "100000000")
        with self.assertRaises(ValidationError) as caught:
            self.pay(project, "40000001")
        self.assertEqual(caught.exception.code, "over_advance_cap")
        self.assertIn("70%", caught.exception.messages[0])
        self.assertEqual(project.disbursements.count(), 1)

    def test_cluster_infrastructure_advances_are_capped_at_30_percent(self):
        project = ProjectFactory(content=content("KC07b"), plan=AnnualPlanFactory(approved=True))
        assign(project.plan, "KCDP", D("1000000000"))
        budget_lines_save(project=project, lines={source("KCDP"): (D("1000000000"), D("1000000000"))})
        project_transition(project=project, to_status="appraised")
        project_transition(project=project, to_status="approved")
        with self.assertRaises(ValidationError):
            self.pay(Project.objects.get(pk=project.pk), "300000001")

    def test_it_refuses_more_than_approved_per_source(self):
        project = approved_project()
        self.pay(project, "140000000")
        project.status = Project.Status.ACCEPTED
        project.save()
        self.pay(project, "60000000", kind="final")
        with self.assertRaises(ValidationError) as caught:
            self.pay(project, "1", kind="final")
        self.assertEqual(caught.exception.code, "over_approved")
        self.assertIn("vượt số còn được chi", caught.exception.messages[0])

    def test_it_refuses_a_source_with_nothing_approved(self):
        project = approved_project()
        with self.assertRaises(ValidationError) as caught:
            self.pay(project, "1000", code="KCQG")
        self.assertEqual(caught.exception.code, "nothing_approved")

    def test_the_final_payment_waits_for_acceptance(self):
        project = approved_project()
        with self.assertRaises(ValidationError) as caught:
            self.pay(project, "1000000", kind="final")
        self.assertEqual(caught.exception.code, "final_too_early")

    def test_nothing_is_paid_before_approval(self):
        project = approved_project()
        project.status = Project.Status.APPRAISED
        project.save()
        with self.assertRaises(ValidationError) as caught:
            self.pay(project, "1000000")
        self.assertEqual(caught.exception.code, "not_funded")

    def test_it_refuses_a_zero_amount(self):
        project = approved_project()
        with self.assertRaises(ValidationError):
            self.pay(project, "0")
        self.assertFalse(Disbursement.objects.exists())


class ProjectTransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = get_user_model().objects.create_user("canbo")

    def test_it_walks_the_whole_lifecycle_and_records_each_step(self):
        project = ProjectFactory(plan=AnnualPlanFactory(approved=True))
        assign(project.plan, "KCDP", D("200000000"))
        budget_lines_save(
            project=project,
            lines={
                source("KCDP"): (D("200000000"), D("200000000")),
                source("DOIUNG"): (D("251000000"), D("251000000")),
            },
        )
        for step in ("appraised", "approved", "in_progress", "accepted", "settled"):
            project = project_transition(project=project, to_status=step, by=self.officer)
        self.assertEqual(project.status, "settled")
        self.assertEqual(
            list(ProjectStatusChange.objects.filter(project=project).values_list("from_status", "to_status")),
            [
                ("proposed", "appraised"),
                ("appraised", "approved"),
                ("approved", "in_progress"),
                ("in_progress", "accepted"),
                ("accepted", "settled"),
            ],
        )
        self.assertEqual(ProjectStatusChange.objects.filter(changed_by=self.officer).count(), 5)

    def test_it_refuses_a_step_that_is_not_allowed(self):
        project = ProjectFactory()
        with self.assertRaises(ValidationError) as caught:
            project_transition(project=project, to_status="accepted")
        self.assertIn("Không thể chuyển đề án", caught.exception.messages[0])
        project.refresh_from_db()
        self.assertEqual(project.status, "proposed")
        self.assertFalse(ProjectStatusChange.objects.exists())

    def test_a_project_waits_for_its_plan_to_be_approved(self):
        project = approved_project()
        project.status = Project.Status.APPRAISED
        project.save()
        draft = AnnualPlanFactory(year=2027)
        project.plan = draft
        project.save()
        with self.assertRaises(ValidationError) as caught:
            project_transition(project=project, to_status="approved")
        self.assertEqual(caught.exception.code, "plan_not_approved")
        self.assertIn("chưa được phê duyệt", caught.exception.messages[0])

    def test_a_settled_or_cancelled_project_goes_nowhere(self):
        self.assertEqual(Project(status="settled").allowed_transitions(), ())
        self.assertEqual(Project(status="cancelled").allowed_transitions(), ())

    def test_approval_needs_approved_state_money(self):
        project = ProjectFactory(status="appraised", plan=AnnualPlanFactory(approved=True))
        with self.assertRaises(ValidationError) as caught:
            project_transition(project=project, to_status="approved")
        self.assertEqual(caught.exception.code, "no_approved_money")

    def test_a_project_with_payments_cannot_be_cancelled(self):
        project = approved_project()
        disbursement_create(
            project=project, source=source("KCDP"), date=datetime.date(2025, 4, 1), amount=D("1000000"), kind="advance"
        )
        with self.assertRaises(ValidationError) as caught:
            project_transition(project=project, to_status="cancelled", note="QĐ 12/QĐ-SCT")
        self.assertEqual(caught.exception.code, "cancel_after_payment")

    def test_cancelling_needs_its_reason_and_keeps_it_in_the_history(self):
        project = approved_project()
        for blank in ("", "   "):
            with self.assertRaises(ValidationError) as caught:
                project_transition(project=project, to_status="cancelled", note=blank)
            self.assertEqual(caught.exception.code, "cancel_reason_required")
        project.refresh_from_db()
        self.assertEqual(project.status, "approved")
        project = project_transition(project=project, to_status="cancelled", note="QĐ 12/QĐ-SCT: cơ sở xin rút")
        self.assertEqual(project.status, "cancelled")
        self.assertEqual(project.history.latest().history_change_reason, "QĐ 12/QĐ-SCT: cơ sở xin rút")
        self.assertEqual(project.status_changes.get(to_status="cancelled").note, "QĐ 12/QĐ-SCT: cơ sở xin rút")


class PlanTransitionTests(TestCase):
    def test_approval_records_the_decision(self):
        plan = AnnualPlanFactory(year=2026)
        plan = plan_transition(plan=plan, to_status="submitted")
        plan = plan_transition(
            plan=plan, to_status="approved", decision_number="QĐ 215/QĐ-UBND", decision_date=datetime.date(2026, 2, 3)
        )
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.decision_number), ("approved", "QĐ 215/QĐ-UBND"))

    def test_approval_without_a_decision_is_refused(self):
        plan = AnnualPlanFactory(year=2026, status="submitted")
        with self.assertRaises(ValidationError) as caught:
            plan_transition(plan=plan, to_status="approved")
        self.assertEqual(caught.exception.code, "decision_required")

    def test_a_draft_cannot_jump_to_approved(self):
        plan = AnnualPlanFactory(year=2026)
        with self.assertRaises(ValidationError):
            plan_transition(
                plan=plan, to_status="approved", decision_number="QĐ 1", decision_date=datetime.date.today()
            )
