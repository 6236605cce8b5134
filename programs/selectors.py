"""Reads of programme money, aggregated in the database."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from beneficiaries.models import Establishment
from core.history import HistoryEntry, HistoryPart, history_entries
from programs.models import (  # noqa: F401 (MONEY and subtotal: the reports' sums use them too)
    MONEY,
    ZERO,
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    PlanBudget,
    PlanLevel,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    subtotal,
)


def sum_of(queryset: QuerySet, field: str) -> Decimal:
    """The sum of `field` over the rows, zero when there are none (one query)."""
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


@dataclass(frozen=True)
class SourceSummary:
    source: FundingSource
    assigned: Decimal
    planned: Decimal
    approved: Decimal
    disbursed: Decimal

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Disbursed ÷ assigned budget, in percent with one decimal; None when nothing was assigned."""
        return disbursement_rate(self.disbursed, self.assigned)

    @property
    def remaining(self) -> Decimal | None:
        """What may still be approved from the source (assigned − approved); None for non-state money."""
        return budget_remaining(self.source.is_state_budget, self.assigned, self.approved)

    @property
    def shortfall(self) -> Decimal | None:
        """How far the proposals exceed the budget (planned − assigned, when positive); None for non-state money."""
        return budget_shortfall(self.source.is_state_budget, self.assigned, self.planned)


def budget_remaining(is_state_budget: bool, assigned: Decimal, approved: Decimal) -> Decimal | None:
    """Assigned − approved for a state source; None otherwise: counterpart money is not the plan's budget."""
    return assigned - approved if is_state_budget else None


def budget_shortfall(is_state_budget: bool, assigned: Decimal, planned: Decimal) -> Decimal | None:
    """Planned − assigned when the proposals ask for more than the budget (else 0); None for non-state money."""
    return max(planned - assigned, ZERO) if is_state_budget else None


def plan_budget_summary(plan: AnnualPlan) -> list[SourceSummary]:
    """Assigned, planned, approved and disbursed money of a plan by source (four queries).

    Cancelled projects count for nothing: their money returns to the plan. Approved money counts
    from the project's approval on (`COMMITTED`), the figure the plan's budget limits.
    """
    live = {"project__plan": plan}
    cancelled = {"project__status": ProjectStatus.CANCELLED}

    def by_source(queryset, **sums):
        totals = {k: Coalesce(Sum(v) if isinstance(v, str) else v, ZERO) for k, v in sums.items()}
        rows = queryset.values("source").annotate(**totals).order_by()
        return {row["source"]: row for row in rows}

    assigned = by_source(PlanBudget.objects.filter(plan=plan), assigned="assigned")
    lines = by_source(
        BudgetLine.objects.filter(**live).exclude(**cancelled),
        planned="planned",
        approved=Sum("approved", filter=COMMITTED),
    )
    paid = by_source(Disbursement.objects.filter(**live).exclude(**cancelled), disbursed="amount")
    used = assigned.keys() | lines.keys() | paid.keys()
    summaries = []
    for source in FundingSource.objects.filter(pk__in=used):
        summaries.append(
            SourceSummary(
                source=source,
                assigned=assigned.get(source.pk, {}).get("assigned", ZERO),
                planned=lines.get(source.pk, {}).get("planned", ZERO),
                approved=lines.get(source.pk, {}).get("approved", ZERO),
                disbursed=paid.get(source.pk, {}).get("disbursed", ZERO),
            )
        )
    return summaries


def disbursement_rate(disbursed: Decimal | None, assigned: Decimal | None) -> Decimal | None:
    """Disbursed ÷ assigned budget, in percent with one decimal; None when nothing was assigned."""
    if not assigned:
        return None
    return ((disbursed or ZERO) * 100 / assigned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def column_totals(rows: Iterable, *names: str) -> dict[str, Decimal]:
    """Column totals of rows whose figures the database already summed (no query)."""
    rows = list(rows)
    return {name: sum((getattr(row, name) for row in rows), ZERO) for name in names}


# Rows of `with_plan_totals` carry annotations (assigned, disbursed) the model class does not declare.
def with_disbursement_rates(plans: Iterable[Any]) -> list[Any]:
    """Plans annotated by `with_plan_totals`, as a list, each given its `disbursement_rate` (no query)."""
    rows = list(plans)
    for plan in rows:
        plan.disbursement_rate = disbursement_rate(plan.disbursed, plan.assigned)
    return rows


@dataclass(frozen=True)
class LineTotals:
    """A project's money over its budget lines: planned, approved, paid, and what remains to pay."""

    planned: Decimal
    approved: Decimal
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.disbursed


def line_totals(lines: Iterable[BudgetLine]) -> LineTotals:
    """The totals of budget lines that carry `disbursed` (`BudgetLine.objects.with_disbursed`; no query)."""
    return LineTotals(**column_totals(lines, "planned", "approved", "disbursed"))


@dataclass(frozen=True)
class PlannedCost:
    """What a project's ceiling is checked against: the total planned cost and its state share."""

    total: Decimal
    state: Decimal


def planned_cost(lines: Iterable[BudgetLine]) -> PlannedCost:
    """The planned cost of budget lines whose source is loaded, every source and state sources (no query)."""
    lines = list(lines)
    state = [line for line in lines if line.source.is_state_budget]
    return PlannedCost(column_totals(lines, "planned")["planned"], column_totals(state, "planned")["planned"])


# Money of cancelled projects returns to the plan: it counts nowhere.
LIVE_PROJECT = ~Q(project__status=ProjectStatus.CANCELLED)
STATE_SOURCE = Q(source__is_state_budget=True)
# Approved money counts from the project's approval on: an appraised project's approved amounts are
# what the decision will say, not yet money the plan has committed (programs.services.commitments).
COMMITTED = Q(project__status__in=Project.FUNDED)


def with_plan_totals(plans: QuerySet) -> QuerySet:
    """Annotate plans with their live projects and state money (one query, one subquery per column).

    `project_count`, `assigned` (state budget assigned), `state_planned`, `state_approved` (in
    projects approved or later) and `disbursed` (state money paid out); cancelled projects count
    for nothing.
    """
    live_lines = LIVE_PROJECT & STATE_SOURCE
    return plans.annotate(
        project_count=subtotal(
            Project,
            "pk",
            outer="plan",
            condition=~Q(status=ProjectStatus.CANCELLED),
            aggregate=Count,
            output=IntegerField(),
        ),
        assigned=subtotal(PlanBudget, "assigned", outer="plan", condition=STATE_SOURCE),
        state_planned=subtotal(BudgetLine, "planned", outer="project__plan", condition=live_lines),
        state_approved=subtotal(BudgetLine, "approved", outer="project__plan", condition=COMMITTED & STATE_SOURCE),
        disbursed=subtotal(Disbursement, "amount", outer="project__plan", condition=live_lines),
    )


@dataclass(frozen=True)
class ContentSummary:
    content_code: str
    content_name: str
    projects: int
    total_planned: Decimal
    state_planned: Decimal
    state_approved: Decimal
    disbursed: Decimal


def plan_content_summary(plan: AnnualPlan) -> list[ContentSummary]:
    """A plan's live projects and money by support content, in catalogue order (one query).

    Total planned cost counts every source (counterpart included); the other sums are state money.
    """
    rows = (
        Project.objects.filter(plan=plan)
        .exclude(status=ProjectStatus.CANCELLED)
        .annotate(
            line_total=subtotal(BudgetLine, "planned", outer="project"),
            line_planned=subtotal(BudgetLine, "planned", outer="project", condition=STATE_SOURCE),
            line_approved=subtotal(BudgetLine, "approved", outer="project", condition=COMMITTED & STATE_SOURCE),
            paid=subtotal(Disbursement, "amount", outer="project", condition=STATE_SOURCE),
        )
        .values(content_code=F("content__code"), content_name=F("content__name"))
        .annotate(
            projects=Count("pk"),
            total_planned=Sum("line_total"),
            state_planned=Sum("line_planned"),
            state_approved=Sum("line_approved"),
            disbursed=Sum("paid"),
        )
        .order_by("content__order", "content__code")
    )
    return [ContentSummary(**row) for row in rows]


@dataclass(frozen=True)
class PlanMoney:
    """A plan's money by source and by content, with the totals its page shows."""

    sources: list[SourceSummary]
    state_totals: dict[str, Decimal | None]
    contents: list[ContentSummary]
    content_totals: dict[str, Decimal]


def plan_money(plan: AnnualPlan) -> PlanMoney:
    """Money by source and by content (five queries).

    State sources are totalled, with the disbursement rate, what may still be approved
    (`remaining`) and how far the proposals exceed the budget (`shortfall`, per source, added up).
    """
    sources = plan_budget_summary(plan)
    state = [row for row in sources if row.source.is_state_budget]
    sums = column_totals(state, "assigned", "planned", "approved", "disbursed")
    state_totals: dict[str, Decimal | None] = {**sums}
    state_totals["rate"] = disbursement_rate(sums["disbursed"], sums["assigned"])
    state_totals["remaining"] = sums["assigned"] - sums["approved"]
    # Each source's shortfall added up: one source's spare budget does not cover another's.
    state_totals["shortfall"] = sum((row.shortfall or ZERO for row in state), ZERO)
    contents = plan_content_summary(plan)
    names = ("projects", "total_planned", "state_planned", "state_approved", "disbursed")
    return PlanMoney(sources, state_totals, contents, column_totals(contents, *names))


@dataclass(frozen=True)
class YearTotals:
    year: int
    assigned: Decimal
    state_planned: Decimal
    state_approved: Decimal
    disbursed: Decimal
    establishments: int

    @property
    def disbursement_rate(self) -> Decimal | None:
        return disbursement_rate(self.disbursed, self.assigned)


def year_totals(year: int) -> YearTotals:
    """State money of the year's plans and the establishments its funded projects reach (two queries).

    The same sums as `with_plan_totals`, added over the year's plans, so the home page and the
    plan list cannot disagree.
    """
    names = ("assigned", "state_planned", "state_approved", "disbursed")
    # The aggregates need names other than the annotations they add up.
    sums = with_plan_totals(AnnualPlan.objects.filter(year=year)).aggregate(
        **{f"sum_{name}": Coalesce(Sum(name), Value(ZERO), output_field=MONEY) for name in names}
    )
    money = {name: sums[f"sum_{name}"] for name in names}
    reached = ProjectBeneficiary.objects.filter(project__plan__year=year, project__status__in=Project.FUNDED)
    establishments = reached.aggregate(n=Count("establishment", distinct=True))["n"]
    return YearTotals(year=year, establishments=establishments, **money)


def projects_by_status(year: int) -> list[tuple[ProjectStatus, int]]:
    """How many projects of the year's plans are in each status, every status listed (one query)."""
    counts = dict(Project.objects.filter(plan__year=year).order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, counts.get(status.value, 0)) for status in ProjectStatus]


@dataclass(frozen=True)
class Worklist:
    """Projects waiting for a staff officer's next step: how many, and the first few."""

    key: str
    status: ProjectStatus
    count: int
    projects: list[Project]


def project_worklists(*, today: datetime.date, limit: int = 10) -> list[Worklist]:
    """What staff must move on, over every year (one query for the counts, one per list).

    - decision: proposed or appraised projects, waiting for appraisal or approval;
    - acceptance: projects in progress whose end date has passed;
    - payment: accepted projects with approved state money not fully paid out;
    - settlement: accepted and fully paid projects, waiting for settlement.
    """
    waiting = {
        "decision": (
            ProjectStatus.PROPOSED,
            Q(status__in=[ProjectStatus.PROPOSED, ProjectStatus.APPRAISED]),
            ("created_at", "code"),
        ),
        "acceptance": (
            ProjectStatus.IN_PROGRESS,
            Q(status=ProjectStatus.IN_PROGRESS, end_date__lt=today),
            ("end_date", "code"),
        ),
        "payment": (
            ProjectStatus.ACCEPTED,
            Q(status=ProjectStatus.ACCEPTED, disbursed__lt=F("state_approved")),
            ("end_date", "code"),
        ),
        "settlement": (
            ProjectStatus.ACCEPTED,
            Q(status=ProjectStatus.ACCEPTED, disbursed__gte=F("state_approved")),
            ("end_date", "code"),
        ),
    }
    candidates = Project.objects.filter(
        status__in=[ProjectStatus.PROPOSED, ProjectStatus.APPRAISED, ProjectStatus.IN_PROGRESS, ProjectStatus.ACCEPTED]
    ).with_money()
    counts = candidates.aggregate(**{key: Count("pk", filter=q) for key, (_s, q, _o) in waiting.items()})
    rows = candidates.select_related("content", "plan").annotate(remaining=F("state_approved") - F("disbursed"))
    return [
        Worklist(key=key, status=status, count=counts[key], projects=list(rows.filter(q).order_by(*order)[:limit]))
        for key, (status, q, order) in waiting.items()
    ]


def establishment_shares(establishment: Establishment) -> QuerySet[ProjectBeneficiary]:
    """The establishment's part in every project, newest plan first (one query, project and plan joined)."""
    return (
        ProjectBeneficiary.objects.filter(establishment=establishment)
        .select_related("project__content", "project__plan")
        .order_by("-project__plan__year", "-project__start_date", "project__code")
    )


def establishment_support(establishment: Establishment) -> dict[str, object]:
    """The support an establishment received, in total, by content and by year (three queries).

    Support counts from approval on: proposed, appraised and cancelled projects gave nothing yet.
    """
    received = ProjectBeneficiary.objects.filter(establishment=establishment, project__status__in=Project.FUNDED)
    total = Coalesce(Sum("support_amount"), ZERO)
    return {
        "support_total": received.aggregate(total=total)["total"],
        "support_by_content": received.values("project__content__code", "project__content__name")
        .annotate(total=total, projects=Count("project"))
        .order_by("project__content__code"),
        "support_by_year": received.values("project__plan__year")
        .annotate(total=total, projects=Count("project"))
        .order_by("-project__plan__year"),
    }


def project_history(project: Project, limit: int = 20) -> list[HistoryEntry]:
    """The project's changes with those of its budget lines, beneficiaries and outcomes, newest first.

    Four queries for the histories, plus one per kind of related row named in the changes.
    """
    parts = [
        HistoryPart(BudgetLine.history.filter(project_id=project.pk), label_field="source", parent_field="project"),
        HistoryPart(
            ProjectBeneficiary.history.filter(project_id=project.pk),
            label_field="establishment",
            parent_field="project",
        ),
        HistoryPart(
            ProjectOutcome.history.filter(project_id=project.pk), label_field="indicator", parent_field="project"
        ),
    ]
    return history_entries(project, limit, parts=parts)


# Project codes: <level prefix>-<year>-<number>, e.g. KCĐP-2026-007 (the Centre's own numbering).
CODE_PREFIX_BY_LEVEL = {PlanLevel.NATIONAL: "KCQG", PlanLevel.LOCAL: "KCĐP"}


def next_project_code(plan: AnnualPlan) -> str:
    """The next free code of the plan's year and level: KCĐP-2026-007, KCQG-2026-002 (one query)."""
    prefix = f"{CODE_PREFIX_BY_LEVEL[PlanLevel(plan.level)]}-{plan.year}-"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.IGNORECASE)
    codes = Project.objects.filter(code__istartswith=prefix).values_list("code", flat=True)
    numbers = [int(match.group(1)) for code in codes if (match := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"
