"""Writes that keep the money rules: budget lines, disbursements, status changes.

Every service runs in one transaction and raises `ValidationError` with a
Vietnamese message when a rule would break, so nothing already saved changes.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from beneficiaries.models import Establishment
from core.money import format_vnd
from programs.ceilings import Ceiling, ceiling_compute
from programs.models import (
    ZERO,
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    OutcomeIndicator,
    PlanBudget,
    PlanLevel,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    ProjectStatusChange,
    RuleUnit,
    SupportContent,
)

HUNDRED = Decimal("100")
# Units whose amount cap is counted once per beneficiary establishment.
PER_ESTABLISHMENT_UNITS = (RuleUnit.ESTABLISHMENT, RuleUnit.ENTERPRISE)


def _sum(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


def ceiling_for(
    *,
    content: SupportContent,
    variant: str,
    on_date: datetime.date,
    plan_level: str,
    total_cost: Decimal,
    priority_reason: str = "",
    beneficiaries: int = 0,
) -> Ceiling:
    """The ceiling of a project described by plain values, saved or still being typed.

    The total planned cost (every source, counterpart included) is the eligible cost;
    a per-establishment cap counts once per beneficiary. One or two queries for the
    rule (two when a local plan falls back to the national levels), one more when a
    group project's rule turns out not to be per establishment.
    """
    arguments = {
        "content": content,
        "variant": variant,
        "eligible_cost": total_cost,
        "on_date": on_date,
        "rule_set": "national" if plan_level == PlanLevel.NATIONAL else "local",
        "priority_reason": priority_reason,
    }
    ceiling = ceiling_compute(**arguments, units=max(beneficiaries, 1))
    if beneficiaries > 1 and ceiling.rule.unit not in PER_ESTABLISHMENT_UNITS:
        ceiling = ceiling_compute(**arguments)
    return ceiling


def project_ceiling(
    project: Project, *, total_cost: Decimal | None = None, beneficiaries: int | None = None
) -> Ceiling:
    """The ceiling of a project's state share: its rule in force on the start date (3-4 queries).

    Pass `total_cost` and `beneficiaries` when they are already known (a page that
    shows the budget lines and beneficiaries) to save their two queries.
    """
    if total_cost is None:
        total_cost = _sum(project.budget_lines.all(), "planned")
    if beneficiaries is None:
        beneficiaries = project.shares.count()
    return ceiling_for(
        content=project.content,
        variant=project.variant,
        on_date=project.start_date,
        plan_level=project.plan.level,
        total_cost=total_cost,
        priority_reason=project.priority_reason,
        beneficiaries=beneficiaries,
    )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def ceiling_describe(ceiling: Ceiling) -> str:
    """The rule behind a ceiling in words: "50% chi phí, tối đa 300.000.000 ₫/cơ sở" (no query)."""
    rule = ceiling.rule
    parts = []
    if rule.pct_cap is not None:
        parts.append(_("%(pct)s%% chi phí") % {"pct": _percent(rule.pct_cap)})
    if rule.amount_cap is not None:
        per_unit = (rule.amount_cap * ceiling.multiplier).quantize(Decimal("1"))
        text = _("tối đa %(amount)s/%(unit)s") % {"amount": format_vnd(per_unit), "unit": rule.get_unit_display()}
        if ceiling.cap_amount is not None and per_unit and ceiling.cap_amount > per_unit:
            text += f" × {ceiling.cap_amount // per_unit}"
        if ceiling.multiplier != 1:
            text += " " + _("(hệ số ưu tiên %(multiplier)s)") % {"multiplier": _percent(ceiling.multiplier)}
        parts.append(text)
    if not parts:
        parts.append(_("không giới hạn theo tỷ lệ hay số tiền: theo dự toán được duyệt"))
    return ", ".join(parts)


def _over_ceiling(ceiling: Ceiling, label: str, amount: Decimal, content: SupportContent) -> ValidationError:
    return ValidationError(
        _(
            "Kinh phí nhà nước %(label)s %(amount)s vượt mức hỗ trợ tối đa %(ceiling)s của nội dung "
            "%(content)s (%(rule)s – %(basis)s)."
        )
        % {
            "label": label,
            "amount": format_vnd(amount),
            "ceiling": format_vnd(ceiling.amount),
            "content": content.code,
            "rule": ceiling_describe(ceiling),
            "basis": ceiling.legal_basis,
        },
        code="over_ceiling",
    )


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


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February of a leap year, in a year without one
        return day.replace(year=day.year - years, day=28)


def establishment_recent_support(*, establishment, content, before: datetime.date, years: int = 3):
    """Projects of the same content that supported the establishment in the previous `years` years."""
    since = _years_before(before, years)
    return (
        Project.objects.filter(shares__establishment=establishment, content=content)
        .filter(Q(start_date__gte=since) & Q(start_date__lt=before))
        .exclude(status=ProjectStatus.CANCELLED)
    )


REPEAT_SUPPORT_YEARS = 3


@dataclass(frozen=True)
class ShareInput:
    """One beneficiary of a project as typed on the project form."""

    establishment: Establishment
    eligible_cost: Decimal = ZERO
    support_amount: Decimal = ZERO


@dataclass(frozen=True)
class RepeatSupport:
    establishment: Establishment
    projects: list[Project]


class RepeatSupportRefused(ValidationError):
    """A beneficiary already received the content recently and no reason was given; `repeats` lists why."""

    def __init__(self, message, repeats: list[RepeatSupport]):
        super().__init__(message, code="repeat_support_reason_required")
        self.repeats = repeats


def project_repeat_support(*, project: Project, establishments) -> list[RepeatSupport]:
    """Establishments that already had a project of `project`'s content in the three years before it starts.

    The project itself and cancelled projects do not count. One query per establishment.
    """
    repeats = []
    for establishment in establishments:
        earlier = establishment_recent_support(
            establishment=establishment,
            content=project.content,
            before=project.start_date,
            years=REPEAT_SUPPORT_YEARS,
        )
        if project.pk:
            earlier = earlier.exclude(pk=project.pk)
        earlier = list(earlier.select_related("plan").order_by("-start_date"))
        if earlier:
            repeats.append(RepeatSupport(establishment=establishment, projects=earlier))
    return repeats


def _project_check_fields(project: Project) -> None:
    """The project's own rules (dates in order…) and a free code, with messages a user can act on."""
    errors: dict = {}
    project.code = (project.code or "").strip()
    try:
        project.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if Project.objects.filter(code__iexact=project.code).exclude(pk=project.pk).exists():
        errors.setdefault("code", []).append(
            _("Mã đề án %(code)s đã được dùng cho một đề án khác.") % {"code": project.code}
        )
    if errors:
        raise ValidationError(errors)


def _project_check_money(
    *,
    project: Project,
    stored: Project | None,
    beneficiaries: list[ShareInput] | None,
    lines: dict[FundingSource, tuple[Decimal, Decimal]] | None,
) -> None:
    """Refuse money changes the project's status does not allow, and state support above the ceiling."""
    if stored is not None and not stored.money_editable:
        ceiling_inputs = ("content_id", "variant", "plan_id", "priority_reason")
        if (
            beneficiaries is not None
            or lines is not None
            or any(getattr(project, name) != getattr(stored, name) for name in ceiling_inputs)
        ):
            raise ValidationError(
                _(
                    "Đề án đang ở trạng thái “%(status)s”: nội dung, kế hoạch, cơ sở thụ hưởng và kinh phí "
                    "đã được quyết định phê duyệt, không sửa ở đây."
                )
                % {"status": stored.get_status_display()},
                code="money_frozen",
            )
        return
    current = {line.source_id: line for line in stored.budget_lines.all()} if stored is not None else {}
    if lines is not None and not project.approved_editable:
        for source, (_planned, approved) in lines.items():
            kept = current[source.pk].approved if source.pk in current else ZERO
            if approved != kept:
                raise ValidationError(
                    _("Số được duyệt chỉ nhập khi đề án đã được thẩm định (nguồn %(source)s).")
                    % {"source": source.name},
                    code="approved_too_early",
                )
    if lines is None:
        amounts = [(line.source, line.planned, line.approved) for line in current.values()]
    else:
        amounts = [(source, planned, approved) for source, (planned, approved) in lines.items()]
    count = len(beneficiaries) if beneficiaries is not None else (stored.shares.count() if stored else 0)
    ceiling = ceiling_for(
        content=project.content,
        variant=project.variant,
        on_date=project.start_date,
        plan_level=project.plan.level,
        total_cost=sum((planned for _source, planned, _approved in amounts), ZERO),
        priority_reason=project.priority_reason,
        beneficiaries=count,
    )
    for index, label in ((1, _("dự kiến")), (2, _("được duyệt"))):
        state = sum((row[index] for row in amounts if row[0].is_state_budget), ZERO)
        if state > ceiling.amount:
            raise _over_ceiling(ceiling, label, state, project.content)
    for share in beneficiaries or ():
        if share.support_amount > share.eligible_cost:
            raise ValidationError(
                _("Kinh phí hỗ trợ của %(name)s (%(support)s) không được lớn hơn chi phí được hỗ trợ (%(cost)s).")
                % {
                    "name": share.establishment.name,
                    "support": format_vnd(share.support_amount),
                    "cost": format_vnd(share.eligible_cost),
                },
                code="support_above_cost",
            )


def _project_check_outcomes(project: Project, outcomes: dict[OutcomeIndicator, tuple]) -> None:
    applicable = set(OutcomeIndicator.objects.filter(contents=project.content).values_list("pk", flat=True))
    for indicator in outcomes:
        if indicator.pk not in applicable:
            raise ValidationError(
                _("Chỉ tiêu “%(indicator)s” không dùng cho nội dung %(content)s.")
                % {"indicator": indicator.name, "content": project.content.code},
                code="indicator_not_for_content",
            )


def _repeat_refusal(project: Project, repeats: list[RepeatSupport]) -> RepeatSupportRefused:
    listed = "; ".join(
        f"{repeat.establishment.name} ({', '.join(p.code for p in repeat.projects)})" for repeat in repeats
    )
    return RepeatSupportRefused(
        _("Cơ sở đã được hỗ trợ nội dung %(content)s trong %(years)d năm trước: %(listed)s. Hãy nêu lý do hỗ trợ lại.")
        % {"content": project.content.code, "years": REPEAT_SUPPORT_YEARS, "listed": listed},
        repeats,
    )


@transaction.atomic
def project_save(
    *,
    project: Project,
    communes=None,
    beneficiaries: list[ShareInput] | None = None,
    lines: dict[FundingSource, tuple[Decimal, Decimal]] | None = None,
    outcomes: dict[OutcomeIndicator, tuple[Decimal, Decimal | None]] | None = None,
    repeat_reason: str = "",
) -> Project:
    """Save a project with its communes, beneficiaries, budget lines and outcomes, all or nothing.

    Each of `communes`, `beneficiaries`, `lines` and `outcomes` is the complete new
    list (rows left out are removed), or None to keep what is saved. Refuses, with a
    Vietnamese message and nothing saved: an end date before the start, a code in
    use, state money above the ceiling (naming the ceiling, its rule and legal basis),
    approved amounts before appraisal, money changes after approval, and a
    beneficiary supported with the same content in the three previous years unless
    `repeat_reason` says why; the reason goes into the history of the project and
    of that beneficiary (`history_change_reason`). The status never changes here:
    that is `project_transition`'s job.
    """
    stored = None
    if project.pk:
        stored = Project.objects.select_for_update().get(pk=project.pk)
        project.status = stored.status
    _project_check_fields(project)
    _project_check_money(project=project, stored=stored, beneficiaries=beneficiaries, lines=lines)
    if outcomes is not None:
        _project_check_outcomes(project, outcomes)

    previous = set(stored.shares.values_list("establishment_id", flat=True)) if stored else set()
    repeats = []
    if beneficiaries is not None:
        rules_changed = stored is None or (project.content_id, project.start_date) != (
            stored.content_id,
            stored.start_date,
        )
        added = [s.establishment for s in beneficiaries if rules_changed or s.establishment.pk not in previous]
        repeats = project_repeat_support(project=project, establishments=added)
    repeat_reason = repeat_reason.strip()
    if repeats and not repeat_reason:
        raise _repeat_refusal(project, repeats)
    if repeats:
        project._change_reason = repeat_reason[:100]
    try:
        _project_write(project, communes, beneficiaries, lines, outcomes, repeat_reason, repeats)
    except BaseException:
        if stored is None:
            # Rolled back: the caller's unsaved project must not look saved.
            project.pk, project._state.adding = None, True
        raise
    return project


def _project_write(project, communes, beneficiaries, lines, outcomes, repeat_reason, repeats) -> None:
    project.save()
    if beneficiaries is not None:
        _shares_sync(project, beneficiaries, repeat_reason if repeats else "", {r.establishment.pk for r in repeats})
    if communes is not None:
        communes = list(communes)
        if not communes and beneficiaries:
            # An empty area means "where the beneficiaries are".
            communes = list({share.establishment.commune_id for share in beneficiaries})
        project.communes.set(communes)
    if lines is not None:
        _lines_sync(project, lines)
    if outcomes is not None:
        project.outcomes.exclude(indicator__in=list(outcomes)).delete()
        for indicator, (planned, achieved) in outcomes.items():
            outcome = ProjectOutcome.objects.filter(project=project, indicator=indicator).first() or ProjectOutcome(
                project=project, indicator=indicator
            )
            outcome.planned, outcome.achieved = planned, achieved
            outcome.full_clean()
            outcome.save()


def _shares_sync(project: Project, beneficiaries: list[ShareInput], reason: str, repeated: set[int]) -> None:
    wanted = {share.establishment.pk: share for share in beneficiaries}
    project.shares.exclude(establishment__in=list(wanted)).delete()
    existing = {share.establishment_id: share for share in project.shares.all()}
    for pk, typed in wanted.items():
        share = existing.get(pk) or ProjectBeneficiary(project=project, establishment=typed.establishment)
        share.eligible_cost, share.support_amount = typed.eligible_cost, typed.support_amount
        share.full_clean(validate_unique=False)
        if pk in repeated:
            share.repeat_support_reason = reason
            # simple_history keeps at most 100 characters of a change reason; the field keeps it all.
            share._change_reason = reason[:100]
        share.save()


def _lines_sync(project: Project, lines: dict[FundingSource, tuple[Decimal, Decimal]]) -> None:
    dropped = project.budget_lines.exclude(source__in=list(lines)).select_related("source")
    paid = set(Disbursement.objects.filter(project=project).values_list("source_id", flat=True))
    for line in dropped:
        if line.source_id in paid:
            raise ValidationError(
                _("Nguồn %(source)s đã có khoản giải ngân nên không bỏ được dòng kinh phí này.")
                % {"source": line.source.name},
                code="line_has_payments",
            )
        line.delete()
    if lines:
        budget_lines_save(project=project, lines=lines)


# simple_history keeps a change reason of at most 100 characters.
_REASON_LENGTH = 100


@transaction.atomic
def plan_save(
    *,
    plan: AnnualPlan | None = None,
    year: int,
    level: str,
    title: str,
    notes: str = "",
    budgets: dict[FundingSource, Decimal],
    by=None,
) -> AnnualPlan:
    """Create or edit an annual plan and set its assigned budget per source (`budgets` is the full set).

    A source left out of `budgets` loses its assigned budget. An approved plan keeps its year and
    level, which its decision names, but its assigned budget may still be revised: provinces adjust
    the estimate during the year. Every budget change is written to the plan's own history, with
    the old and new amounts, so the plan page shows who changed the money and when.
    """
    if plan is not None and plan.pk:
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == AnnualPlan.Status.APPROVED and (plan.year, plan.level) != (year, level):
            raise ValidationError(
                _("Kế hoạch đã phê duyệt: không thể đổi năm hoặc cấp của kế hoạch."), code="approved_plan_fixed"
            )
    else:
        plan = AnnualPlan()
    fields = {"year": year, "level": level, "title": title, "notes": notes}
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    for name, value in fields.items():
        setattr(plan, name, value)
    # Field rules first; one plan per year and level is said below in words staff understand.
    plan.full_clean(validate_unique=False, validate_constraints=False)
    if AnnualPlan.objects.filter(year=year, level=level).exclude(pk=plan.pk).exists():
        raise _duplicate_plan(year, level)
    if by is not None:
        plan._history_user = by  # else simple_history's middleware names the request's user
    try:
        with transaction.atomic():
            if plan.pk is None:
                plan.save()
            elif changed:
                plan.save(update_fields=changed)
    except IntegrityError:
        # Another officer saved the same year and level between the check and the save.
        raise _duplicate_plan(year, level) from None

    reasons = []
    current = {budget.source_id: budget for budget in plan.budgets.select_related("source")}
    for source, assigned in budgets.items():
        budget = current.pop(source.pk, None) or PlanBudget(plan=plan, source=source, assigned=None)
        if budget.assigned == assigned:
            continue
        old = format_vnd(budget.assigned) if budget.pk else "—"
        budget.assigned = assigned
        budget.full_clean()
        budget.save()
        reasons.append(_budget_reason(source, old, format_vnd(assigned)))
    for budget in current.values():
        budget.delete()
        reasons.append(_budget_reason(budget.source, format_vnd(budget.assigned), "—"))
    # PlanBudget has no history table of its own: each change becomes a record of the plan, whose
    # change reason carries the old → new amounts.
    for reason in reasons:
        AnnualPlan.history.bulk_history_create([plan], update=True, default_user=by, default_change_reason=reason)
    return plan


def _duplicate_plan(year: int, level: str) -> ValidationError:
    return ValidationError(
        _("Đã có kế hoạch khuyến công %(level)s năm %(year)s: hãy mở kế hoạch đó để sửa.")
        % {"level": AnnualPlan.Level(level).label.lower(), "year": year},
        code="duplicate_plan",
    )


def _budget_reason(source: FundingSource, old: str, new: str) -> str:
    reason = _("Dự toán được giao – %(source)s: %(old)s → %(new)s") % {"source": source.code, "old": old, "new": new}
    return reason[:_REASON_LENGTH]
