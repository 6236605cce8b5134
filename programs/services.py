"""Writes that keep the money rules: budget lines, disbursements, status changes.

Every service runs in one transaction and raises `ValidationError` with a
Vietnamese message when a rule would break, so nothing already saved changes.
"""

import datetime
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from beneficiaries.money import format_vnd

from .ceilings import Ceiling, ceiling_compute
from .models import (
    ZERO,
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    PlanLevel,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    RuleUnit,
)

HUNDRED = Decimal("100")
# Units whose amount cap is counted once per beneficiary establishment.
PER_ESTABLISHMENT_UNITS = (RuleUnit.ESTABLISHMENT, RuleUnit.ENTERPRISE)


def _sum(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


def project_ceiling(project: Project) -> Ceiling:
    """The ceiling of a project's state share: its rule in force on the start date (3-4 queries)."""
    total_cost = _sum(project.budget_lines.all(), "planned")
    rule_set = "national" if project.plan.level == PlanLevel.NATIONAL else "local"
    ceiling = ceiling_compute(
        content=project.content,
        variant=project.variant,
        eligible_cost=total_cost,
        on_date=project.start_date,
        rule_set=rule_set,
        priority_reason=project.priority_reason,
    )
    if ceiling.rule.unit in PER_ESTABLISHMENT_UNITS:
        beneficiaries = project.shares.count()
        if beneficiaries > 1:
            ceiling = ceiling_compute(
                content=project.content,
                variant=project.variant,
                eligible_cost=total_cost,
                on_date=project.start_date,
                rule_set=rule_set,
                priority_reason=project.priority_reason,
                units=beneficiaries,
            )
    return ceiling


def project_check_ceiling(project: Project) -> Ceiling:
    """Raise if the project's planned or approved state money exceeds its ceiling."""
    ceiling = project_ceiling(project)
    state_lines = project.budget_lines.filter(source__is_state_budget=True)
    for field, label in (("planned", _("dự kiến")), ("approved", _("được duyệt"))):
        state_total = _sum(state_lines, field)
        if state_total > ceiling.amount:
            raise ValidationError(
                _(
                    "Kinh phí nhà nước %(label)s %(amount)s vượt mức hỗ trợ tối đa %(ceiling)s "
                    "của nội dung %(content)s (%(basis)s)."
                )
                % {
                    "label": label,
                    "amount": format_vnd(state_total),
                    "ceiling": format_vnd(ceiling.amount),
                    "content": project.content.code,
                    "basis": ceiling.legal_basis,
                },
                code="over_ceiling",
            )
    return ceiling


@transaction.atomic
def budget_lines_save(*, project: Project, lines: dict[FundingSource, tuple[Decimal, Decimal]]) -> list[BudgetLine]:
    """Set a project's planned and approved money per source, keeping every money rule.

    A source left out keeps its line; a line may not be approved below what has
    already been paid from it.
    """
    Project.objects.select_for_update().filter(pk=project.pk).first()
    saved = []
    for source, (planned, approved) in lines.items():
        line, _created = BudgetLine.objects.get_or_create(project=project, source=source)
        line.planned, line.approved = planned, approved
        line.full_clean()
        disbursed = _sum(Disbursement.objects.filter(project=project, source=source), "amount")
        if approved < disbursed:
            raise ValidationError(
                _("Nguồn %(source)s đã giải ngân %(disbursed)s: số được duyệt không thể thấp hơn.")
                % {"source": source.name, "disbursed": format_vnd(disbursed)},
                code="approved_below_disbursed",
            )
        line.save()
        saved.append(line)
    project_check_ceiling(project)
    return saved


@transaction.atomic
def disbursement_create(
    *,
    project: Project,
    source: FundingSource,
    date: datetime.date,
    amount: Decimal,
    kind: str,
    voucher_number: str = "",
    note: str = "",
    created_by=None,
) -> Disbursement:
    """Record money paid to a project, within what is approved for that source.

    The budget line is locked for the check, so two payments entered at once cannot
    together exceed the approved amount.
    """
    # Read the status and lock the line inside this transaction: the caller's copy may be stale.
    project = Project.objects.select_related("content").get(pk=project.pk)
    line = BudgetLine.objects.select_for_update().filter(project=project, source=source).first()
    if line is None or line.approved <= 0:
        raise ValidationError(
            _("Đề án chưa có kinh phí được duyệt từ nguồn %(source)s.") % {"source": source.name},
            code="nothing_approved",
        )
    disbursement = Disbursement(
        project=project,
        source=source,
        date=date,
        amount=amount,
        kind=kind,
        voucher_number=voucher_number,
        note=note,
        created_by=created_by,
    )
    disbursement.full_clean()
    if project.status not in Project.FUNDED or project.status == ProjectStatus.SETTLED:
        raise ValidationError(
            _("Chỉ giải ngân cho đề án đã phê duyệt, đang thực hiện hoặc đã nghiệm thu."), code="not_funded"
        )
    if kind == Disbursement.Kind.FINAL and project.status != ProjectStatus.ACCEPTED:
        raise ValidationError(_("Chỉ thanh toán phần còn lại sau khi đề án được nghiệm thu."), code="final_too_early")
    if kind == Disbursement.Kind.ADVANCE and project.status == ProjectStatus.ACCEPTED:
        raise ValidationError(
            _("Đề án đã nghiệm thu: hãy ghi khoản thanh toán, không phải tạm ứng."), code="late_advance"
        )

    paid = Disbursement.objects.filter(project=project, source=source)
    remaining = line.approved - _sum(paid, "amount")
    if amount > remaining:
        raise ValidationError(
            _("Số tiền %(amount)s vượt số còn được chi của nguồn %(source)s (%(remaining)s).")
            % {"amount": format_vnd(amount), "source": source.name, "remaining": format_vnd(remaining)},
            code="over_approved",
        )
    if kind == Disbursement.Kind.ADVANCE:
        # TT 36/2013/TT-BCT: advances are capped at a share of the approved support
        # (70% for most contents), configurable on the content.
        cap_pct = project.content.advance_cap_percent
        advance_cap = (line.approved * cap_pct / HUNDRED).quantize(Decimal("1"), rounding=ROUND_FLOOR)
        advanced = _sum(paid.filter(kind=Disbursement.Kind.ADVANCE), "amount")
        if advanced + amount > advance_cap:
            raise ValidationError(
                _("Tổng tạm ứng %(total)s vượt %(pct)s%% kinh phí được duyệt của nguồn %(source)s (tối đa %(cap)s).")
                % {
                    "total": format_vnd(advanced + amount),
                    "pct": f"{cap_pct.normalize():f}",
                    "source": source.name,
                    "cap": format_vnd(advance_cap),
                },
                code="over_advance_cap",
            )
    disbursement.save()
    return disbursement


@transaction.atomic
def project_transition(*, project: Project, to_status: str, by=None, note: str = "") -> Project:
    """Move a project one step along its lifecycle, and record who did it."""
    project = Project.objects.select_for_update().select_related("content", "plan").get(pk=project.pk)
    if to_status not in project.allowed_transitions():
        raise ValidationError(
            _("Không thể chuyển đề án từ “%(from)s” sang “%(to)s”.")
            % {"from": project.get_status_display(), "to": ProjectStatus(to_status).label},
            code="transition_not_allowed",
        )
    if to_status == ProjectStatus.APPROVED:
        # Projects are approved as part of their annual plan (the plan's decision lists them).
        if project.plan.status != AnnualPlan.Status.APPROVED:
            raise ValidationError(
                _("Kế hoạch “%(plan)s” chưa được phê duyệt: chưa thể phê duyệt đề án thuộc kế hoạch này.")
                % {"plan": project.plan},
                code="plan_not_approved",
            )
        if not project.budget_lines.filter(source__is_state_budget=True, approved__gt=0).exists():
            raise ValidationError(
                _("Hãy nhập kinh phí nhà nước được duyệt trước khi phê duyệt đề án."), code="no_approved_money"
            )
        project_check_ceiling(project)
    if to_status == ProjectStatus.CANCELLED and project.disbursements.exists():
        raise ValidationError(
            _("Đề án đã có khoản giải ngân nên không thể hủy; hãy thu hồi và quyết toán."), code="cancel_after_payment"
        )
    ProjectStatusChange.objects.create(
        project=project, from_status=project.status, to_status=to_status, changed_by=by, note=note
    )
    project.status = to_status
    project.save(update_fields=["status", "updated_at"])
    return project


@transaction.atomic
def plan_transition(
    *,
    plan: AnnualPlan,
    to_status: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> AnnualPlan:
    """Move a plan through draft → submitted → approved; approval names its decision."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if to_status not in plan.allowed_transitions():
        raise ValidationError(
            _("Không thể chuyển kế hoạch từ “%(from)s” sang “%(to)s”.")
            % {"from": plan.get_status_display(), "to": AnnualPlan.Status(to_status).label},
            code="transition_not_allowed",
        )
    fields = ["status"]
    if to_status == AnnualPlan.Status.APPROVED:
        if not decision_number.strip() or decision_date is None:
            raise ValidationError(
                _("Phê duyệt kế hoạch cần số và ngày của quyết định phê duyệt."), code="decision_required"
            )
        plan.decision_number, plan.decision_date = decision_number.strip(), decision_date
        fields += ["decision_number", "decision_date"]
    plan.status = to_status
    plan.save(update_fields=fields)
    return plan


def project_disbursed_by_source(project: Project) -> dict[int, Decimal]:
    """Disbursed money per source id (one query)."""
    rows = (
        Disbursement.objects.filter(project=project)
        .values("source")
        .annotate(total=Coalesce(Sum("amount"), ZERO))
        .order_by()
    )
    return {row["source"]: row["total"] for row in rows}


def establishment_recent_support(*, establishment, content, before: datetime.date, years: int = 3):
    """Projects of the same content that supported the establishment in the previous `years` years."""
    since = before.replace(year=before.year - years)
    return (
        Project.objects.filter(shares__establishment=establishment, content=content)
        .filter(Q(start_date__gte=since) & Q(start_date__lt=before))
        .exclude(status=ProjectStatus.CANCELLED)
    )
