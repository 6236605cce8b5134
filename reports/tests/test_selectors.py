"""The report aggregates against totals computed independently, in plain Python over the rows."""

from collections import defaultdict
from decimal import Decimal

from django.test import TestCase

from programs.models import (
    BudgetLine,
    Disbursement,
    OutcomeIndicator,
    PlanBudget,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
)
from reports import selectors
from reports.tests import build_year

D = Decimal
ZERO = D(0)
FUNDED = {"approved", "in_progress", "accepted", "settled"}


def live(project) -> bool:
    return project.status != "cancelled"


class SelectorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2024)
        build_year(2025)
        build_year(2025, "B")

    def test_money_by_source(self):
        expected = defaultdict(lambda: defaultdict(lambda: ZERO))
        for row in PlanBudget.objects.select_related("plan", "source"):
            if row.plan.year == 2025:
                expected[row.source.code]["assigned"] += row.assigned
        for line in BudgetLine.objects.select_related("project__plan", "source"):
            if line.project.plan.year == 2025 and live(line.project):
                expected[line.source.code]["planned"] += line.planned
                expected[line.source.code]["approved"] += line.approved
        for paid in Disbursement.objects.select_related("project__plan", "source"):
            if paid.project.plan.year == 2025 and live(paid.project):
                expected[paid.source.code]["disbursed"] += paid.amount
        rows = {row.code: row for row in selectors.money_by_source(2025)}
        self.assertEqual(set(rows), set(expected))
        for code, sums in expected.items():
            for name in ("assigned", "planned", "approved", "disbursed"):
                self.assertEqual(getattr(rows[code], name), sums[name], f"{code} {name}")
        # KCDP: 2 × (200 + 90) planned, 2 × 200 approved (proposed has none), 2 × 170 paid, 2 × 900 assigned.
        self.assertEqual(rows["KCDP"].planned, D("580000000"))
        self.assertEqual(rows["KCDP"].disbursed, D("340000000"))
        self.assertEqual(rows["KCDP"].disbursement_rate, D("18.9"))
        self.assertEqual(rows["NTM"].disbursement_rate, D("30.0"))
        self.assertFalse(rows["DOIUNG"].is_state_budget)
        self.assertIsNone(rows["DOIUNG"].disbursement_rate)
        total = selectors.state_total(list(rows.values()))
        self.assertEqual(total.approved, D("520000000"))

    def test_money_by_content(self):
        expected = defaultdict(lambda: [0, ZERO, ZERO, ZERO])
        for project in Project.objects.filter(plan__year=2025).select_related("content"):
            if not live(project):
                continue
            row = expected[project.content.code]
            row[0] += 1
            for line in project.budget_lines.select_related("source"):
                if line.source.is_state_budget:
                    row[1] += line.planned
                    row[2] += line.approved
            for paid in project.disbursements.select_related("source"):
                if paid.source.is_state_budget:
                    row[3] += paid.amount
        got = {r.code: [r.projects, r.planned, r.approved, r.disbursed] for r in selectors.money_by_content(2025)}
        self.assertEqual(got, dict(expected))
        self.assertEqual(got["KC03b"][0], 4)  # the cancelled ones left out

    def test_money_by_place(self):
        by_commune, by_district = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        for share in ProjectBeneficiary.objects.select_related("project__plan", "establishment__commune"):
            if share.project.plan.year == 2025 and share.project.status in FUNDED:
                by_commune[share.establishment.commune.name] += share.support_amount
                by_district[share.establishment.commune.former_district] += share.support_amount
        self.assertEqual({r.name: r.support for r in selectors.money_by_commune(2025)}, dict(by_commune))
        self.assertEqual({r.name: r.support for r in selectors.money_by_former_district(2025)}, dict(by_district))
        # Shares add up to the state money approved of the funded projects.
        approved = sum(r.approved for r in selectors.money_by_source(2025) if r.is_state_budget)
        self.assertEqual(sum(by_commune.values()), approved)

    def test_establishments_reached(self):
        reached = {
            share.establishment
            for share in ProjectBeneficiary.objects.select_related("project__plan", "establishment")
            if share.project.plan.year == 2025 and share.project.status in FUNDED
        }
        reach = selectors.establishments_reached(2025)
        by_form = {row.legal_form: row for row in reach.rows}
        self.assertEqual(reach.total.establishments, len(reached))
        self.assertEqual(by_form["sme"].establishments, sum(1 for e in reached if e.legal_form == "sme"))
        self.assertEqual(reach.total.woman_owned, sum(1 for e in reached if e.woman_owned))
        self.assertEqual(reach.total.woman_owned, 2)
        self.assertEqual(reach.total.ethnic_minority, sum(1 for e in reached if e.ethnic_minority_owner))

    def test_indicators(self):
        planned, achieved = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        for outcome in ProjectOutcome.objects.select_related("project__plan", "indicator"):
            if outcome.project.plan.year == 2025 and live(outcome.project):
                planned[outcome.indicator.code] += outcome.planned
                achieved[outcome.indicator.code] += outcome.achieved or ZERO
        rows = {row.code: row for row in selectors.indicators(2025)}
        self.assertEqual(len(rows), OutcomeIndicator.objects.filter(active=True).count())
        for code in planned:
            self.assertEqual((rows[code].planned, rows[code].achieved), (planned[code], achieved[code]))
        self.assertEqual(rows["MACHINES"].planned, D(6))  # 2 × (2 + 1), cancelled left out
        self.assertEqual(rows["MACHINES"].percent, D("66.7"))
        self.assertEqual(rows["TRAINEES"].percent, D("40.0"))
        self.assertIsNone(rows["CLUSTERS"].percent)

    def test_rates_are_averaged_not_added(self):
        revenue = OutcomeIndicator.objects.get(code="REVENUE_CHANGE")
        projects = list(Project.objects.filter(plan__year=2025, status__in=["accepted", "in_progress"])[:3])
        # Two projects reported +20 % and +30 % against +15 % planned; a third has not reported yet.
        for project, achieved in zip(projects, (D(20), D(30), None), strict=True):
            ProjectOutcome.objects.create(project=project, indicator=revenue, planned=D(15), achieved=achieved)
        row = next(row for row in selectors.indicators(2025) if row.code == "REVENUE_CHANGE")
        self.assertEqual(row.unit, "%")
        self.assertEqual((row.planned, row.achieved), (D(15), D(25)))
        # A rate is compared in points (+10), never as a percentage of the plan's rate.
        self.assertIsNone(row.percent)
        self.assertEqual(row.change, D(10))
        self.assertEqual(row.versus_plan, "+10,0 điểm %")

    def test_year_comparison(self):
        rows = selectors.year_comparison([2023, 2024, 2025])
        self.assertEqual([r.year for r in rows], [2023, 2024, 2025])
        self.assertEqual(rows[0].approved, ZERO)
        for row in rows[1:]:
            by_source = [r for r in selectors.money_by_source(row.year) if r.is_state_budget]
            for name in ("assigned", "planned", "approved", "disbursed"):
                self.assertEqual(getattr(row, name), sum((getattr(r, name) for r in by_source), ZERO), name)
        self.assertEqual(rows[2].approved, 2 * rows[1].approved)
        self.assertEqual(selectors.plan_years(), [2025, 2024])

    def test_query_counts(self):
        for function, count in (
            (selectors.money_by_source, 1),
            (selectors.money_by_content, 1),
            (selectors.money_by_commune, 2),
            (selectors.money_by_former_district, 2),
            (selectors.establishments_reached, 1),
            (selectors.indicators, 2),
            (selectors.cancelled_projects, 1),
            (selectors.carried_over, 1),
        ):
            with self.assertNumQueries(count):
                function(2025)
        with self.assertNumQueries(1):
            selectors.year_comparison([2024, 2025])
