"""Aggregate queries for the leaders' reports: one module read by the dashboard, the PDF and the XLSX.

Every figure is summed in the database, except where a project's money is spread over places,
which is done here so that no đồng is lost (`core.money.split_whole`). Cancelled projects count for
nothing (their money returns to the plan: `cancelled_projects`). "State" means sources marked
`is_state_budget`; counterpart money is listed apart, after the state subtotal.

One set of numbers: every table that splits the state money approved (by content, commune, former
district) ends on `state_total(money_by_source(year)).approved`; what cannot be placed is its own
row, "Cấp thành phố / không phân theo địa bàn".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext

from beneficiaries.models import Establishment, LegalForm
from core.money import EMPTY_MONEY, format_decimal, split_whole
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
    ProjectStatusChange,
)
from programs.selectors import (
    COMMITTED,
    LIVE_PROJECT,
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
    "CancelledProject",
    "CarryOver",
    "ContentMoney",
    "IndicatorResult",
    "PlaceMoney",
    "Reach",
    "SourceMoney",
    "YearMoney",
    "cancelled_projects",
    "carried_over",
    "carry_over_total",
    "content_total",
    "disbursement_rate",
    "establishments_reached",
    "indicators",
    "money_by_commune",
    "money_by_content",
    "money_by_former_district",
    "money_by_source",
    "plan_years",
    "sources_total",
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
    # Approved money of the projects accepted or settled: what a non-state source has spent.
    completed: Decimal = ZERO

    @property
    def spent(self) -> Decimal:
        """Money spent: for the state, what the treasury paid out (`disbursed`).

        Counterpart and other non-state money is spent by the establishment itself and no payment
        of it is recorded; it counts as spent when the project is accepted, at its approved amount.
        """
        return self.disbursed if self.is_state_budget else self.completed

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Disbursed ÷ assigned, in percent with one decimal; None when nothing was assigned."""
        return disbursement_rate(self.disbursed, self.assigned)

    @property
    def remaining(self) -> Decimal | None:
        """What may still be approved (assigned − approved); None for non-state money, which no budget limits."""
        return budget_remaining(self.is_state_budget, self.assigned, self.approved)


SOURCE_SUMS = ("assigned", "planned", "approved", "disbursed")
# Projects carried out: accepted, or settled since.
COMPLETED = Q(project__status__in=(ProjectStatus.ACCEPTED, ProjectStatus.SETTLED))


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
            completed=subtotal(
                BudgetLine, "approved", outer="source", condition=Q(project__plan__year=year) & COMPLETED
            ),
        )
        .filter(Q(assigned__gt=0) | Q(planned__gt=0) | Q(approved__gt=0) | Q(disbursed__gt=0))
        .order_by("order", "code")
        .values("code", "name", "is_state_budget", "assigned", "planned", "approved", "disbursed", "completed")
    )
    return [
        SourceMoney(**row, shortfall=budget_shortfall(row["is_state_budget"], row["assigned"], row["planned"]))
        for row in rows
    ]


def state_total(rows: list[SourceMoney]) -> SourceMoney:
    """The state-budget sources added up (no query): the "Cộng ngân sách nhà nước" row."""
    state = [row for row in rows if row.is_state_budget]
    return SourceMoney(
        code="",
        name=gettext("Cộng ngân sách nhà nước"),
        is_state_budget=True,
        **{name: sum((getattr(row, name) for row in state), ZERO) for name in SOURCE_SUMS},
        # Each source's shortfall added up: one source's spare budget does not cover another's.
        shortfall=sum((row.shortfall or ZERO for row in state), ZERO),
    )


def sources_total(rows: list[SourceMoney], name: str) -> SourceMoney:
    """Every source added up, state and not (no query): the total capital mobilised.

    Nothing is assigned to non-state sources, so `assigned` stays the state budget; `spent` adds
    the state money paid out and the counterpart money of the projects accepted (see `SourceMoney`).
    """
    return SourceMoney(
        code="",
        name=name,
        is_state_budget=False,
        **{field: sum((getattr(row, field) for row in rows), ZERO) for field in SOURCE_SUMS},
        completed=sum((row.spent for row in rows), ZERO),
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


def _placed_shares(year: int, field: str) -> tuple[list[tuple[int, int, str, Decimal]], dict[int, Decimal]]:
    """Each funded project's state money approved, spread over its beneficiaries' places (two queries).

    Returns (project, establishment, place, amount) rows and the money of each project that no
    beneficiary's place takes. A project's beneficiaries take their recorded support; what is left of
    the project's approved state money (a fair, a study, a prize round that pays only some) cannot be
    placed. Shares recorded above the approved money are scaled down to it, keeping every đồng.
    """
    approved = dict(
        Project.objects.filter(plan__year=year, status__in=Project.FUNDED)
        .annotate(state=subtotal(BudgetLine, "approved", outer="project", condition=STATE_SOURCE))
        .values_list("pk", "state")
    )
    shares: dict[int, list[tuple[int, str, Decimal]]] = {}
    for project, establishment, place, support in (
        _funded_shares(year).values_list("project", "establishment", field, "support_amount").order_by("project", "pk")
    ):
        shares.setdefault(project, []).append((establishment, place or "", support))
    placed, unplaced = [], {}
    for project, state in approved.items():
        rows = shares.get(project, [])
        supports = [support for _establishment, _place, support in rows]
        amounts = supports if sum(supports, ZERO) <= state else split_whole(state, supports)
        left = state - sum(amounts, ZERO)
        for (establishment, place, _support), amount in zip(rows, amounts, strict=True):
            if place:
                placed.append((project, establishment, place, amount))
            else:
                left += amount
        if left:
            unplaced[project] = left
    return placed, unplaced


def _money_by_place(year: int, field: str) -> list[PlaceMoney]:
    placed, unplaced = _placed_shares(year, field)
    places: dict[str, tuple[set[int], set[int], list[Decimal]]] = {}
    for project, establishment, place, amount in placed:
        projects, establishments, amounts = places.setdefault(place, (set(), set(), []))
        projects.add(project)
        establishments.add(establishment)
        amounts.append(amount)
    rows = [
        PlaceMoney(name=name, projects=len(projects), establishments=len(establishments), support=sum(amounts, ZERO))
        for name, (projects, establishments, amounts) in sorted(places.items())
    ]
    if unplaced:
        rows.append(
            PlaceMoney(
                name=gettext("Cấp thành phố / không phân theo địa bàn"),
                projects=len(unplaced),
                establishments=0,
                support=sum(unplaced.values(), ZERO),
            )
        )
    return rows


def support_total(rows: list[PlaceMoney]) -> Decimal:
    """The support of all places added up (no query); counts are not added: a project may reach two communes."""
    return sum((row.support for row in rows), ZERO)


def money_by_commune(year: int) -> list[PlaceMoney]:
    """State money approved for the year's funded projects (approved or later), by commune (two queries).

    A project's money is placed through its beneficiaries, in the commune of each establishment
    (`_placed_shares`); the last row, "Cấp thành phố / không phân theo địa bàn", holds what no
    commune takes. The rows add up to the state money approved of the table by source, to the đồng.
    """
    return _money_by_place(year, "establishment__commune__name")


def money_by_former_district(year: int) -> list[PlaceMoney]:
    """As `money_by_commune`, by the commune's former district; a commune without one is not placed."""
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
    """Establishments supported in the year, by legal form (one query): the one count of them.

    Establishments supported = distinct establishments benefiting from a funded project (approved or
    later) of the year: a proposal not yet approved has supported no one, a cancelled one never will.
    Each establishment is counted once however many projects reached it. The indicator table
    (`indicators`, "EST_SUPPORTED") and the dashboard show this same count.
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
    def is_rate(self) -> bool:
        return self.unit == RATE_UNIT

    @property
    def percent(self) -> Decimal | None:
        """Achieved ÷ planned in percent with one decimal; None when nothing was planned or for a rate.

        A rate is compared by its change in points (`change`): a percentage of a percentage means nothing.
        """
        if not self.planned or self.is_rate:
            return None
        return (self.achieved * 100 / self.planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def change(self) -> Decimal | None:
        """For a rate, achieved − planned in percentage points with one decimal; None for a count or no plan."""
        if not self.is_rate or not self.planned:
            return None
        return (self.achieved - self.planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def versus_plan(self) -> str:
        """ "120,7%" of the plan for a count, "+4,1 điểm %" for a rate, "—" when there is nothing to compare."""
        if self.change is not None:
            sign = "+" if self.change > 0 else ""
            return gettext("%(change)s điểm %%") % {"change": sign + format_decimal(self.change, 1)}
        return EMPTY_MONEY if self.percent is None else f"{format_decimal(self.percent, 1)}%"


# Indicators in this unit are rates (revenue change of beneficiaries, in %): they are averaged over the
# projects that report them, never added up.
RATE_UNIT = "%"
# The indicator counted from the beneficiaries rather than from the projects' reports: see
# `establishments_reached`.
ESTABLISHMENTS_INDICATOR = "EST_SUPPORTED"


def indicators(year: int) -> list[IndicatorResult]:
    """Planned and achieved outcomes of the year's live projects by indicator, in catalogue order (two queries).

    Active indicators are all listed; an outcome not yet reported counts as zero achieved. Counts are
    summed; rates (unit "%") are the mean over the projects, the achieved mean over those that reported.
    Establishments supported are counted from the beneficiaries, once each (`_establishment_counts`).
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
        planned, achieved = _quantity(row[f"planned_{kind}"]), _quantity(row[f"achieved_{kind}"])
        if row["code"] == ESTABLISHMENTS_INDICATOR:
            planned, achieved = _establishment_counts(year)
        results.append(
            IndicatorResult(code=row["code"], name=row["name"], unit=row["unit"], planned=planned, achieved=achieved)
        )
    return results


def _establishment_counts(year: int) -> tuple[Decimal, Decimal]:
    """Establishments planned (distinct beneficiaries of the year's live projects) and supported (one query).

    Supported is the count of `establishments_reached`: the beneficiaries of funded projects.
    """
    counts = ProjectBeneficiary.objects.filter(Q(project__plan__year=year) & LIVE_PROJECT).aggregate(
        planned=Count("establishment", distinct=True),
        supported=Count("establishment", distinct=True, filter=Q(project__status__in=Project.FUNDED)),
    )
    return Decimal(counts["planned"]), Decimal(counts["supported"])


def _quantity(value: Decimal | None) -> Decimal:
    """Two decimals at most, as stored (an average comes back with many)."""
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CancelledProject:
    code: str
    title: str
    reason: str
    planned: Decimal  # state money
    approved: Decimal
    disbursed: Decimal

    @property
    def returned(self) -> Decimal:
        """State money given back to the plan: what the project held (approved, else planned) less what it was paid."""
        return (self.approved or self.planned) - self.disbursed


def cancelled_projects(year: int) -> list[CancelledProject]:
    """The year's cancelled projects with the reason noted when cancelling them and their state money (one query)."""
    reason = ProjectStatusChange.objects.filter(project=OuterRef("pk"), to_status=ProjectStatus.CANCELLED)
    rows = (
        Project.objects.filter(plan__year=year, status=ProjectStatus.CANCELLED)
        .annotate(
            reason=Subquery(reason.order_by("-changed_at").values("note")[:1]),
            planned=subtotal(BudgetLine, "planned", outer="project", condition=STATE_SOURCE),
            approved=subtotal(BudgetLine, "approved", outer="project", condition=STATE_SOURCE),
            disbursed=subtotal(Disbursement, "amount", outer="project", condition=STATE_SOURCE),
        )
        .order_by("code")
        .values_list("code", "title", "reason", "planned", "approved", "disbursed")
    )
    return [CancelledProject(code, title, note or "", *money) for code, title, note, *money in rows]


@dataclass(frozen=True)
class CarryOver:
    name: str
    approved: Decimal
    disbursed: Decimal

    @property
    def carried(self) -> Decimal:
        return self.approved - self.disbursed


def carried_over(year: int) -> list[CarryOver]:
    """State money approved but not yet paid to the projects not settled (approved to accepted), by source (one query).

    This is what passes to the next year; a settled project's unpaid rest goes back to the budget.
    """
    open_projects = Q(project__plan__year=year, project__status__in=Project.FUNDED) & ~Q(
        project__status=ProjectStatus.SETTLED
    )
    rows = (
        FundingSource.objects.filter(is_state_budget=True)
        .annotate(
            approved=subtotal(BudgetLine, "approved", outer="source", condition=open_projects),
            disbursed=subtotal(Disbursement, "amount", outer="source", condition=open_projects),
        )
        .filter(Q(approved__gt=0) | Q(disbursed__gt=0))
        .order_by("order", "code")
        .values_list("name", "approved", "disbursed")
    )
    return [CarryOver(*row) for row in rows]


def carry_over_total(rows: list[CarryOver]) -> CarryOver:
    return CarryOver(
        name=gettext("Cộng ngân sách nhà nước"),
        approved=sum((row.approved for row in rows), ZERO),
        disbursed=sum((row.disbursed for row in rows), ZERO),
    )


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
