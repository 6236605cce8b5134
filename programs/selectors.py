"""Reads of programme money, aggregated in the database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from .models import ZERO, AnnualPlan, BudgetLine, Disbursement, FundingSource, PlanBudget, ProjectStatus


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
        if not self.assigned:
            return None
        return (self.disbursed * 100 / self.assigned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def plan_budget_summary(plan: AnnualPlan) -> list[SourceSummary]:
    """Assigned, planned, approved and disbursed money of a plan by source (four queries).

    Cancelled projects count for nothing: their money returns to the plan.
    """
    live = {"project__plan": plan}
    cancelled = {"project__status": ProjectStatus.CANCELLED}

    def by_source(queryset, **sums):
        rows = queryset.values("source").annotate(**{k: Coalesce(Sum(v), ZERO) for k, v in sums.items()}).order_by()
        return {row["source"]: row for row in rows}

    assigned = by_source(PlanBudget.objects.filter(plan=plan), assigned="assigned")
    lines = by_source(BudgetLine.objects.filter(**live).exclude(**cancelled), planned="planned", approved="approved")
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
