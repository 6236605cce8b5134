"""The plan's budget as a limit on approvals: what is approved from a source stays within what was assigned.

Per plan and state source (`FundingSource.is_state_budget`):

- planned money may exceed the assigned budget: a plan lists more proposals than it has money for,
  and the plan page shows the shortfall;
- approved money may not: approving a project (or raising an approved line) that would take the
  source's approved total over the budget assigned to the plan is refused, with the figures;
- a state source with no assigned budget in the plan has nothing to approve from (assigned = 0);
- money that is not the state's (the establishment's counterpart, other non-state sources) is not
  the plan's budget and is not limited here.

Approved money counts from the project's approval on (`Project.FUNDED`): a cancelled project
frees its money, an appraised one has committed nothing yet. The plan's row is locked for the
check, so two approvals from the same plan at once run one after the other.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.money import format_vnd
from programs.models import ZERO, AnnualPlan, BudgetLine, FundingSource, PlanBudget, Project


@dataclass(frozen=True)
class Overcommitment:
    """A state source whose approved total would exceed what the plan was assigned."""

    source: FundingSource
    assigned: Decimal
    approved_elsewhere: Decimal
    this_project: Decimal

    @property
    def over(self) -> Decimal:
        return self.approved_elsewhere + self.this_project - self.assigned


def committed_by_source(plan: AnnualPlan, *, exclude_project: Project | None = None) -> dict[int, Decimal]:
    """State money approved in the plan's approved-or-later projects, by source id (one query)."""
    lines = BudgetLine.objects.filter(
        project__plan=plan, project__status__in=Project.FUNDED, source__is_state_budget=True
    )
    if exclude_project is not None:
        lines = lines.exclude(project=exclude_project)
    rows = lines.values("source").annotate(total=Coalesce(Sum("approved"), ZERO)).order_by()
    return {row["source"]: row["total"] for row in rows}


def project_overcommitments(project: Project) -> list[Overcommitment]:
    """The state sources that approving `project` (or keeping it approved) would take over the plan's budget.

    Three queries; no lock (`project_check_commitments` takes it).
    """
    own = {
        line.source: line.approved
        for line in project.budget_lines.filter(source__is_state_budget=True, approved__gt=0).select_related("source")
    }
    if not own:
        return []
    elsewhere = committed_by_source(project.plan, exclude_project=project)
    assigned = dict(
        PlanBudget.objects.filter(Q(plan_id=project.plan_id) & Q(source__in=list(own))).values_list(
            "source_id", "assigned"
        )
    )
    found = []
    for source, amount in own.items():
        row = Overcommitment(
            source=source,
            assigned=assigned.get(source.pk, ZERO),
            approved_elsewhere=elsewhere.get(source.pk, ZERO),
            this_project=amount,
        )
        if row.over > 0:
            found.append(row)
    return found


def project_check_commitments(project: Project) -> None:
    """Refuse, naming the figures, state money approved above the plan's assigned budget for its source.

    Call inside the transaction that approves (or changes approved money): the plan's row is
    locked until it ends, so a second approval from the same plan waits and then sees the first.
    """
    AnnualPlan.objects.select_for_update().filter(pk=project.plan_id).first()
    over = project_overcommitments(project)
    if over:
        raise ValidationError(" ".join(_overcommitment_message(project, row) for row in over), code="over_plan_budget")


def _overcommitment_message(project: Project, row: Overcommitment) -> str:
    figures = {
        "source": row.source.name,
        "plan": str(project.plan),
        "assigned": format_vnd(row.assigned),
        "approved": format_vnd(row.approved_elsewhere),
        "amount": format_vnd(row.this_project),
        "over": format_vnd(row.over),
    }
    if not row.assigned:
        return (
            _(
                "Kế hoạch “%(plan)s” chưa được giao dự toán nguồn %(source)s: không thể duyệt %(amount)s "
                "từ nguồn này (vượt %(over)s). Hãy giao dự toán cho kế hoạch trước."
            )
            % figures
        )
    return (
        _(
            "Vượt dự toán được giao của kế hoạch “%(plan)s”, nguồn %(source)s: dự toán được giao %(assigned)s, "
            "đã duyệt cho các đề án khác %(approved)s, đề án này %(amount)s, vượt %(over)s."
        )
        % figures
    )


def plan_check_budgets(plan: AnnualPlan, budgets: dict[FundingSource, Decimal]) -> None:
    """Refuse an assigned budget below what the plan's projects already have approved from that source.

    `budgets` is the plan's full new set of assigned budgets; a state source left out counts as 0.
    """
    committed = committed_by_source(plan)
    assigned = {source.pk: amount for source, amount in budgets.items()}
    sources = FundingSource.objects.in_bulk([pk for pk, total in committed.items() if total > assigned.get(pk, ZERO)])
    messages = [
        _(
            "Nguồn %(source)s: các đề án của kế hoạch đã được duyệt %(approved)s, "
            "không thể giao dự toán thấp hơn (đang nhập %(assigned)s)."
        )
        % {
            "source": source.name,
            "approved": format_vnd(committed[pk]),
            "assigned": format_vnd(assigned.get(pk, ZERO)),
        }
        for pk, source in sorted(sources.items(), key=lambda item: (item[1].order, item[1].code))
    ]
    if messages:
        raise ValidationError(" ".join(messages), code="budget_below_approved")
