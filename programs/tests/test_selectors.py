import datetime
from decimal import Decimal

from django.test import TestCase

from programs.models import PlanBudget
from programs.selectors import plan_budget_summary
from programs.services import budget_lines_save, disbursement_create, project_transition
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, source

D = Decimal


class PlanBudgetSummaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2025, approved=True)
        PlanBudget.objects.create(plan=cls.plan, source=source("KCDP"), assigned=D("800000000"))
        for code, state, paid in (("A", "200000000", "140000000"), ("B", "150000000", "100000000")):
            project = ProjectFactory(plan=cls.plan, code=f"KCĐP-2025-S{code}")
            ProjectBeneficiaryFactory(project=project)
            budget_lines_save(
                project=project,
                lines={source("KCDP"): (D(state), D(state)), source("DOIUNG"): (D("300000000"), D("300000000"))},
            )
            project_transition(project=project, to_status="appraised")
            project_transition(project=project, to_status="approved")
            disbursement_create(
                project=project, source=source("KCDP"), date=datetime.date(2025, 6, 1), amount=D(paid), kind="advance"
            )
        cancelled = ProjectFactory(plan=cls.plan, code="KCĐP-2025-SC")
        budget_lines_save(
            project=cancelled,
            lines={source("KCDP"): (D("90000000"), D("0")), source("DOIUNG"): (D("100000000"), D("0"))},
        )
        project_transition(project=cancelled, to_status="cancelled")

    def test_it_compares_assigned_planned_approved_and_disbursed_by_source(self):
        with self.assertNumQueries(4):
            summary = {row.source.code: row for row in plan_budget_summary(self.plan)}
        local = summary["KCDP"]
        self.assertEqual(
            (local.assigned, local.planned, local.approved, local.disbursed),
            (D("800000000"), D("350000000"), D("350000000"), D("240000000")),
        )
        self.assertEqual(local.disbursement_rate, D("30.0"))
        self.assertEqual(summary["DOIUNG"].planned, D("600000000"))
        self.assertIsNone(summary["DOIUNG"].disbursement_rate)
