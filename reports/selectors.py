"""Aggregate queries for the leaders' reports: one module read by the dashboard, the PDF and the XLSX.

Every figure is summed in the database. Cancelled projects count for nothing (their money returns
to the plan). "State" means sources marked `is_state_budget`; counterpart money is left out.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from beneficiaries.models import Establishment, LegalForm
from programs.models import (
    ZERO,
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    OutcomeIndicator,
    PlanBudget,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
)
from programs.selectors import (
    COMMITTED,
    LIVE_PROJECT,
    MONEY,
    STATE_SOURCE,
    budget_remaining,
    budget_shortfall,
    disbursement_rate,
    subtotal,
    with_plan_totals,
)

# The annotation is quoted: model fields are generic for the type checker only.
QUANTITY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=18, decimal_places=2)

__all__ = [
    "ContentMoney",
    "IndicatorResult",
    "PlaceMoney",
    "Reach",
    "SourceMoney",
    "YearMoney",
    "content_total",
    "disbursement_rate",
    "establishments_reached",
    "indicators",
    "money_by_commune",
    "money_by_content",
    "money_by_former_district",
    "money_by_source",
    "plan_years",
    "state_total",
    "support_total",
    "year_comparison",
]


def plan_years() -> list[int]:
    """The years that have a plan, newest first (one query)."""
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class SourceMoney:
    code: str
    name: str
    is_state_budget: bool
    assigned: Decimal
    planned: Decimal
    approved: Decimal
    disbursed: Decimal
    # Planned − assigned when the proposals ask for more (else 0); None for non-state money.
    shortfall: Decimal | None = None

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Disbursed ÷ assigned, in percent with one decimal; None when nothing was assigned."""
        return disbursement_rate(self.disbursed, self.assigned)

    @property
    def remaining(self) -> Decimal | None:
        """What may still be approved (assigned − approved); None for non-state money, which no budget limits."""
        return budget_remaining(self.is_state_budget, self.assigned, self.approved)


def money_by_source(year: int) -> list[SourceMoney]:
    """Assigned, planned, approved and disbursed money of the year by funding source (one query).

    Every source is listed (counterpart included, marked by `is_state_budget`) when it has any money
    in the year, in catalogue order. Approved money counts from the project's approval on, as the
    plan's budget limits it; `remaining` and `shortfall` compare it and the proposals to the budget.
    """
    year_q = Q(project__plan__year=year) & LIVE_PROJECT
    rows = (
        FundingSource.objects.annotate(
            assigned=subtotal(PlanBudget, "assigned", outer="source", condition=Q(plan__year=year)),
            planned=subtotal(BudgetLine, "planned", outer="source", condition=year_q),
            approved=subtotal(
                BudgetLine, "approved", outer="source", condition=Q(project__plan__year=year) & COMMITTED
            ),
            disbursed=subtotal(Disbursement, "amount", outer="source", condition=year_q),
        )
        .filter(Q(assigned__gt=0) | Q(planned__gt=0) | Q(approved__gt=0) | Q(disbursed__gt=0))
        .order_by("order", "code")
        .values("code", "name", "is_state_budget", "assigned", "planned", "approved", "disbursed")
    )
    return [
        SourceMoney(**row, shortfall=budget_shortfall(row["is_state_budget"], row["assigned"], row["planned"]))
        for row in rows
    ]


def state_total(rows: list[SourceMoney]) -> SourceMoney:
    """The state-budget sources added up (no query): the "Tổng ngân sách nhà nước" row."""
    state = [row for row in rows if row.is_state_budget]
    return SourceMoney(
        code="",
        name=gettext("Tổng ngân sách nhà nước"),
        is_state_budget=True,
        **{
            name: sum((getattr(row, name) for row in state), ZERO)
            for name in ("assigned", "planned", "approved", "disbursed")
        },
        # Each source's shortfall added up: one source's spare budget does not cover another's.
        shortfall=sum((row.shortfall or ZERO for row in state), ZERO),
    )


@dataclass(frozen=True)
class ContentMoney:
    code: str
    name: str
    projects: int
    planned: Decimal
    approved: Decimal
    disbursed: Decimal


def money_by_content(year: int) -> list[ContentMoney]:
    """The year's live projects and state money by support content, in catalogue order (one query)."""
    rows = (
        Project.objects.filter(plan__year=year)
        .exclude(status=ProjectStatus.CANCELLED)
        .annotate(
            line_planned=subtotal(BudgetLine, "planned", outer="project", condition=STATE_SOURCE),
            line_approved=subtotal(BudgetLine, "approved", outer="project", condition=COMMITTED & STATE_SOURCE),
            paid=subtotal(Disbursement, "amount", outer="project", condition=STATE_SOURCE),
        )
        .values("content__code", "content__name", "content__order")
        .annotate(
            projects=Count("pk"),
            planned=Sum("line_planned"),
            approved=Sum("line_approved"),
            disbursed=Sum("paid"),
        )
        .order_by("content__order", "content__code")
    )
    return [
        ContentMoney(
            code=row["content__code"],
            name=row["content__name"],
            projects=row["projects"],
            planned=row["planned"],
            approved=row["approved"],
            disbursed=row["disbursed"],
        )
        for row in rows
    ]


def content_total(rows: list[ContentMoney]) -> ContentMoney:
    """The contents added up (no query): the "Tổng cộng" row of every table by content."""
    return ContentMoney(
        code="",
        name=gettext("Tổng cộng"),
        projects=sum(row.projects for row in rows),
        **{name: sum((getattr(row, name) for row in rows), ZERO) for name in ("planned", "approved", "disbursed")},
    )


@dataclass(frozen=True)
class PlaceMoney:
    name: str
    projects: int
    establishments: int
    support: Decimal


def _funded_shares(year: int) -> QuerySet[ProjectBeneficiary]:
    return ProjectBeneficiary.objects.filter(project__plan__year=year, project__status__in=Project.FUNDED)


def _money_by_place(year: int, field: str) -> list[PlaceMoney]:
    rows = (
        _funded_shares(year)
        .values(field)
        .annotate(
            projects=Count("project", distinct=True),
            establishments=Count("establishment", distinct=True),
            support=Coalesce(Sum("support_amount"), Value(ZERO), output_field=MONEY),
        )
        .order_by(field)
    )
    return [
        PlaceMoney(
            name=row[field] or "",
            projects=row["projects"],
            establishments=row["establishments"],
            support=row["support"],
        )
        for row in rows
    ]


def support_total(rows: list[PlaceMoney]) -> Decimal:
    """The support of all places added up (no query); counts are not added: a project may reach two communes."""
    return sum((row.support for row in rows), ZERO)


def money_by_commune(year: int) -> list[PlaceMoney]:
    """State support of the year's funded projects (approved or later) by the beneficiary's commune (one query).

    A project's money is attributed through its beneficiaries: the sum of `ProjectBeneficiary.support_amount`
    grouped by the establishment's commune. The total equals the state money approved whenever each
    project's shares add up to its approved state lines (the project form keeps them so); a project
    with no beneficiary (a fair, a study) is attributed to no commune.
    """
    return _money_by_place(year, "establishment__commune__name")


def money_by_former_district(year: int) -> list[PlaceMoney]:
    """As `money_by_commune`, grouped by the commune's former district (one query); "" when unknown."""
    return _money_by_place(year, "establishment__commune__former_district")


@dataclass(frozen=True)
class ReachRow:
    legal_form: str
    label: str
    establishments: int
    woman_owned: int
    ethnic_minority: int


@dataclass(frozen=True)
class Reach:
    rows: list[ReachRow]

    @property
    def total(self) -> ReachRow:
        return ReachRow(
            legal_form="",
            label=gettext("Tổng cộng"),
            establishments=sum(r.establishments for r in self.rows),
            woman_owned=sum(r.woman_owned for r in self.rows),
            ethnic_minority=sum(r.ethnic_minority for r in self.rows),
        )


def establishments_reached(year: int) -> Reach:
    """Distinct establishments with a funded project (approved or later) of the year, by legal form (one query).

    Each establishment is counted once however many projects reached it.
    """
    reached = _funded_shares(year).values("establishment")
    counts = {
        row["legal_form"]: row
        for row in Establishment.objects.filter(pk__in=reached)
        .values("legal_form")
        .annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(woman_owned=True)),
            ethnic=Count("pk", filter=Q(ethnic_minority_owner=True)),
        )
        .order_by()
    }
    rows = [
        ReachRow(
            legal_form=form.value,
            label=str(form.label),
            establishments=counts.get(form.value, {}).get("n", 0),
            woman_owned=counts.get(form.value, {}).get("women", 0),
            ethnic_minority=counts.get(form.value, {}).get("ethnic", 0),
        )
        for form in LegalForm
    ]
    return Reach(rows=rows)


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name: str
    unit: str
    planned: Decimal
    achieved: Decimal

    @property
    def percent(self) -> Decimal | None:
        """Achieved ÷ planned in percent with one decimal; None when nothing was planned."""
        if not self.planned:
            return None
        return (self.achieved * 100 / self.planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Indicators in this unit are rates (revenue change of beneficiaries, in %): they are averaged over the
# projects that report them, never added up.
RATE_UNIT = "%"


def indicators(year: int) -> list[IndicatorResult]:
    """Planned and achieved outcomes of the year's live projects by indicator, in catalogue order (one query).

    Active indicators are all listed; an outcome not yet reported counts as zero achieved. Counts are
    summed; rates (unit "%") are the mean over the projects, the achieved mean over those that reported.
    """
    condition = Q(project__plan__year=year) & LIVE_PROJECT
    rows = (
        OutcomeIndicator.objects.filter(
            Q(active=True) | Q(pk__in=ProjectOutcome.objects.filter(condition).values("indicator"))
        )
        .annotate(
            planned_sum=subtotal(ProjectOutcome, "planned", outer="indicator", condition=condition, output=QUANTITY),
            achieved_sum=subtotal(ProjectOutcome, "achieved", outer="indicator", condition=condition, output=QUANTITY),
            planned_avg=subtotal(
                ProjectOutcome, "planned", outer="indicator", condition=condition, aggregate=Avg, output=QUANTITY
            ),
            achieved_avg=subtotal(
                ProjectOutcome, "achieved", outer="indicator", condition=condition, aggregate=Avg, output=QUANTITY
            ),
        )
        .order_by("order", "code")
        .values("code", "name", "unit", "planned_sum", "achieved_sum", "planned_avg", "achieved_avg")
    )
    results = []
    for row in rows:
        kind = "avg" if row["unit"] == RATE_UNIT else "sum"
        results.append(
            IndicatorResult(
                code=row["code"],
                name=row["name"],
                unit=row["unit"],
                planned=_quantity(row[f"planned_{kind}"]),
                achieved=_quantity(row[f"achieved_{kind}"]),
            )
        )
    return results


def _quantity(value: Decimal | None) -> Decimal:
    """Two decimals at most, as stored (an average comes back with many)."""
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearMoney:
    year: int
    assigned: Decimal
    planned: Decimal
    approved: Decimal
    disbursed: Decimal

    @property
    def disbursement_rate(self) -> Decimal | None:
        return disbursement_rate(self.disbursed, self.assigned)


def year_comparison(years: Iterable[int]) -> list[YearMoney]:
    """State assigned, planned, approved and disbursed money per year, oldest first (one query).

    The same sums as `programs.selectors.with_plan_totals`, added per year; a year without a plan
    is listed with zeros.
    """
    years = sorted(set(years))
    rows = {
        row["year"]: row
        for row in with_plan_totals(AnnualPlan.objects.filter(year__in=years))
        .values("year")
        .annotate(
            sum_assigned=Sum("assigned"),
            sum_planned=Sum("state_planned"),
            sum_approved=Sum("state_approved"),
            sum_disbursed=Sum("disbursed"),
        )
        .order_by("year")
    }
    return [
        YearMoney(
            year=year,
            **{
                name: rows.get(year, {}).get(f"sum_{name}") or ZERO
                for name in ("assigned", "planned", "approved", "disbursed")
            },
        )
        for year in years
    ]
