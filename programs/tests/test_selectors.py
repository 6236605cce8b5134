import datetime
from decimal import Decimal

from django.test import TestCase

from programs.models import AnnualPlan, PlanBudget, Project, ProjectStatus
from programs.selectors import (
    line_totals,
    plan_budget_summary,
    plan_content_summary,
    plan_money,
    planned_cost,
    projects_by_status,
    with_disbursement_rates,
    with_plan_totals,
    year_totals,
)
from programs.services import budget_lines_save, disbursement_create, project_transition
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, source
from programs.tests.test_plan_views import money_project

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
        project_transition(project=cancelled, to_status="cancelled", note="QĐ 12/QĐ-SCT: cơ sở rút")

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


class PlanTotalsTests(TestCase):
    """The plan list's and the home page's sums, against plan_budget_summary and a hand count."""

    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2025, approved=True)
        PlanBudget.objects.create(plan=cls.plan, source=source("KCDP"), assigned=D("800000000"))
        PlanBudget.objects.create(plan=cls.plan, source=source("DOIUNG"), assigned=D("50000000"))  # not state money
        money_project(cls.plan, "KCĐP-2025-T1", status="in_progress", advance="140000000")
        money_project(
            cls.plan, "KCĐP-2025-T2", content_code="KC01", state="60000000", counterpart="0", status="proposed"
        )
        money_project(cls.plan, "KCĐP-2025-T3", state="90000000", status="cancelled")
        cls.other = AnnualPlanFactory(year=2025, level="national", approved=True)
        PlanBudget.objects.create(plan=cls.other, source=source("KCQG"), assigned=D("200000000"))
        money_project(cls.other, "KCQG-2025-T4", source_code="KCQG", status="approved")
        cls.empty = AnnualPlanFactory(year=2024)

    def test_it_annotates_plans_with_live_projects_and_state_money_in_one_query(self):
        with self.assertNumQueries(1):
            plans = {plan.pk: plan for plan in with_plan_totals(AnnualPlan.objects.all())}
        local = plans[self.plan.pk]
        self.assertEqual(
            (local.project_count, local.assigned, local.state_planned, local.state_approved, local.disbursed),
            (2, D("800000000"), D("260000000"), D("200000000"), D("140000000")),
        )
        state = [row for row in plan_budget_summary(self.plan) if row.source.is_state_budget]
        self.assertEqual(local.state_planned, sum((row.planned for row in state), D(0)))
        self.assertEqual(local.disbursed, sum((row.disbursed for row in state), D(0)))
        empty = plans[self.empty.pk]
        self.assertEqual((empty.project_count, empty.assigned, empty.disbursed), (0, D(0), D(0)))

    def test_it_sums_a_plan_by_content_in_one_query(self):
        with self.assertNumQueries(1):
            rows = plan_content_summary(self.plan)
        self.assertEqual(
            [
                (
                    row.content_code,
                    row.projects,
                    row.total_planned,
                    row.state_planned,
                    row.state_approved,
                    row.disbursed,
                )
                for row in rows
            ],
            [
                ("KC01", 1, D("60000000"), D("60000000"), D("0"), D("0")),
                ("KC03b", 1, D("500000000"), D("200000000"), D("200000000"), D("140000000")),
            ],
        )

    def test_the_plan_page_money_costs_five_queries_and_adds_up_its_rows(self):
        with self.assertNumQueries(5):
            money = plan_money(self.plan)
        self.assertEqual(
            money.state_totals,
            {
                "assigned": D("800000000"),
                "planned": D("260000000"),
                "approved": D("200000000"),
                "disbursed": D("140000000"),
                "rate": D("17.5"),
                # 800 assigned − 200 approved; proposals (260) within the budget: no shortfall.
                "remaining": D("600000000"),
                "shortfall": D("0"),
            },
        )
        self.assertEqual((money.content_totals["projects"], money.content_totals["total_planned"]), (2, D("560000000")))

    def test_the_plan_list_rates_cost_no_query_beyond_the_rows(self):
        with self.assertNumQueries(1):
            plans = {plan.pk: plan for plan in with_disbursement_rates(with_plan_totals(AnnualPlan.objects.all()))}
        self.assertEqual(plans[self.plan.pk].disbursement_rate, D("17.5"))
        self.assertIsNone(plans[self.empty.pk].disbursement_rate)

    def test_a_projects_line_totals_cost_nothing_on_its_page(self):
        project = Project.objects.for_staff_detail().get(code="KCĐP-2025-T1")
        with self.assertNumQueries(0):
            totals = line_totals(project.budget_lines.all())
            cost = planned_cost(project.budget_lines.all())
        self.assertEqual(
            (totals.planned, totals.approved, totals.disbursed, totals.remaining),
            (D("500000000"), D("500000000"), D("140000000"), D("360000000")),
        )
        self.assertEqual((cost.total, cost.state), (D("500000000"), D("200000000")))

    def test_it_adds_up_the_years_plans_as_the_plan_list_does(self):
        with self.assertNumQueries(2):
            totals = year_totals(2025)
        listed = with_plan_totals(AnnualPlan.objects.filter(year=2025))
        for name in ("assigned", "state_planned", "state_approved", "disbursed"):
            self.assertEqual(getattr(totals, name), sum((getattr(plan, name) for plan in listed), D(0)), name)
        # 140 paid of 1,000 million assigned: 800 to the local plan, 200 to the national one.
        self.assertEqual(totals.disbursement_rate, D("14.0"))
        self.assertEqual(totals.establishments, 2)  # the funded projects' beneficiaries
        self.assertEqual(year_totals(2019).disbursement_rate, None)

    def test_it_counts_the_years_projects_by_status(self):
        with self.assertNumQueries(1):
            counts = dict(projects_by_status(2025))
        self.assertEqual(list(counts), list(ProjectStatus))
        self.assertEqual(
            (counts["proposed"], counts["approved"], counts["in_progress"], counts["cancelled"], counts["settled"]),
            (1, 1, 1, 1, 0),
        )
