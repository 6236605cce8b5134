import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase

from programs.models import BudgetLine, Disbursement, PlanBudget, PriorityGround, Project, ProjectStatusChange
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

    def test_a_stated_reason_alone_does_not_raise_the_ceiling(self):
        project = approved_project(priority_reason="Chủ cơ sở là người dân tộc thiểu số")
        with self.assertRaises(ValidationError) as caught:
            budget_lines_save(
                project=project,
                lines={source("DOIUNG"): (D("700000000"), D("700000000")), source("KCDP"): (D("300000001"),) * 2},
            )
        self.assertEqual(caught.exception.code, "over_ceiling")
        self.assertEqual(project.budget_lines.get(source__code="KCDP").approved, D("200000000"))

    def test_a_recorded_ground_raises_the_ceiling_to_one_and_a_half_times_exactly(self):
        project = approved_project(priority_ground=PriorityGround.objects.get(code="difficult_area"))
        lines = {source("DOIUNG"): (D("550000000"), D("550000000")), source("KCDP"): (D("450000000"),) * 2}
        budget_lines_save(project=project, lines=lines)
        self.assertEqual(project.budget_lines.get(source__code="KCDP").approved, D("450000000"))
        with self.assertRaises(ValidationError):
            budget_lines_save(project=project, lines={source("KCDP"): (D("450000001"),) * 2})
        self.assertEqual(project.budget_lines.get(source__code="KCDP").approved, D("450000000"))

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


class ApprovalPriorityTests(TestCase):
    """Approval holds the ceiling: the base cap without a recorded ground, 1.5 × it once with one."""

    C = D("300000000")

    def appraised(self, state: D, **kwargs) -> Project:
        plan = AnnualPlanFactory(approved=True)
        # Budget enough that only the ceiling can refuse the approval.
        PlanBudget.objects.update_or_create(plan=plan, source=source("KCDP"), defaults={"assigned": D("5000000000")})
        project = ProjectFactory(plan=plan, status=Project.Status.APPRAISED, **kwargs)
        ProjectBeneficiaryFactory(project=project)
        # Written straight to the table: the approval itself must refuse what is over.
        BudgetLine.objects.create(project=project, source=source("KCDP"), planned=state, approved=state)
        rest = D("1000000000") - state
        BudgetLine.objects.create(project=project, source=source("DOIUNG"), planned=rest, approved=rest)
        return project

    def approve(self, project):
        return project_transition(project=project, to_status=Project.Status.APPROVED, by=None)

    def test_the_base_cap_exactly_is_approved_and_one_dong_more_is_refused(self):
        self.assertEqual(self.approve(self.appraised(self.C, code="A-1")).status, "approved")
        over = self.appraised(self.C + 1, code="A-2", priority_reason="x")
        with self.assertRaises(ValidationError) as caught:
            self.approve(over)
        self.assertEqual(caught.exception.code, "over_ceiling")
        over.refresh_from_db()
        self.assertEqual(over.status, "appraised")

    def test_with_a_recorded_ground_one_and_a_half_times_exactly_is_approved(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        self.assertEqual(
            self.approve(self.appraised(self.C * D("1.5"), code="B-1", priority_ground=ground)).status, "approved"
        )
        with self.assertRaises(ValidationError):
            self.approve(self.appraised(self.C * D("1.5") + 1, code="B-2", priority_ground=ground))

    def test_a_woman_owned_beneficiary_without_a_ground_is_held_to_the_base_cap(self):
        project = self.appraised(self.C + 1, code="C-1")
        share = project.shares.get()
        share.establishment.woman_owned = True
        share.establishment.save()
        with self.assertRaises(ValidationError):
            self.approve(project)

    def test_a_production_line_with_a_ground_is_approved_to_its_own_cap_only(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        line = {"variant": "production_line", "priority_ground": ground}
        self.assertEqual(self.approve(self.appraised(D("450000000"), code="D-1", **line)).status, "approved")
        with self.assertRaises(ValidationError) as caught:
            self.approve(self.appraised(D("450000001"), code="D-2", **line))
        self.assertIn("450.000.000", caught.exception.messages[0])
