"""Projects: saving one with its beneficiaries, budget lines and outcomes, and moving it along its lifecycle."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from beneficiaries.models import AdministrativeUnit, Establishment
from core.history import record_next_change
from core.money import format_vnd
from programs.ceilings import ceiling_for, over_ceiling, project_check_ceiling
from programs.models import (
    ZERO,
    AnnualPlan,
    Disbursement,
    FundingSource,
    OutcomeIndicator,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    ProjectStatusChange,
    SupportContent,
)
from programs.services.payments import budget_lines_save


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February of a leap year, in a year without one
        return day.replace(year=day.year - years, day=28)


def establishment_recent_support(
    *, establishment: Establishment, content: SupportContent, before: datetime.date, years: int = 3
) -> QuerySet[Project]:
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

    def __init__(self, message: str, repeats: list[RepeatSupport]):
        super().__init__(message, code="repeat_support_reason_required")
        self.repeats = repeats


def project_repeat_support(*, project: Project, establishments: Iterable[Establishment]) -> list[RepeatSupport]:
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
        found = list(earlier.select_related("plan").order_by("-start_date"))
        if found:
            repeats.append(RepeatSupport(establishment=establishment, projects=found))
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


class LineAmounts(NamedTuple):
    """One source's money on a project: planned in the proposal, approved by the decision."""

    source: FundingSource
    planned: Decimal
    approved: Decimal


def _project_check_money(
    *,
    project: Project,
    stored: Project | None,
    beneficiaries: list[ShareInput] | None,
    lines: dict[FundingSource, tuple[Decimal, Decimal]] | None,
) -> None:
    """Refuse money changes the project's status does not allow, and state support above the ceiling."""
    if stored is not None and not stored.money_editable:
        _refuse_frozen_changes(project, stored, changes_money=beneficiaries is not None or lines is not None)
        return
    saved = list(stored.budget_lines.select_related("source")) if stored is not None else []
    if lines is None:
        amounts = [LineAmounts(line.source, line.planned, line.approved) for line in saved]
    else:
        amounts = [LineAmounts(source, planned, approved) for source, (planned, approved) in lines.items()]
        if not project.approved_editable:
            _refuse_early_approval(amounts, {line.source_id: line.approved for line in saved})
    count = len(beneficiaries) if beneficiaries is not None else (stored.shares.count() if stored else 0)
    _refuse_over_ceiling(project, amounts, count)
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


def _refuse_frozen_changes(project: Project, stored: Project, *, changes_money: bool) -> None:
    """After approval the decision fixes the money and what the ceiling depends on."""
    ceiling_inputs = ("content_id", "variant", "plan_id", "priority_ground_id", "priority_reason")
    if changes_money or any(getattr(project, name) != getattr(stored, name) for name in ceiling_inputs):
        raise ValidationError(
            _(
                "Đề án đang ở trạng thái “%(status)s”: nội dung, kế hoạch, cơ sở thụ hưởng và kinh phí "
                "đã được quyết định phê duyệt, không sửa ở đây."
            )
            % {"status": stored.get_status_display()},
            code="money_frozen",
        )


def _refuse_early_approval(amounts: list[LineAmounts], approved: dict[int, Decimal]) -> None:
    """Approved amounts come out of the appraisal: before it, each stays as saved (`approved` by source id)."""
    for row in amounts:
        if row.approved != approved.get(row.source.pk, ZERO):
            raise ValidationError(
                _("Số được duyệt chỉ nhập khi đề án đã được thẩm định (nguồn %(source)s).")
                % {"source": row.source.name},
                code="approved_too_early",
            )


def _refuse_over_ceiling(project: Project, amounts: list[LineAmounts], beneficiaries: int) -> None:
    """Planned and approved state money each stay within the ceiling of the amounts given."""
    ceiling = ceiling_for(
        content=project.content,
        variant=project.variant,
        on_date=project.start_date,
        plan_level=project.plan.level,
        total_cost=sum((row.planned for row in amounts), ZERO),
        ground=project.priority_ground,
        beneficiaries=beneficiaries,
    )
    state = [row for row in amounts if row.source.is_state_budget]
    for label, total in (
        (_("dự kiến"), sum((row.planned for row in state), ZERO)),
        (_("được duyệt"), sum((row.approved for row in state), ZERO)),
    ):
        if total > ceiling.amount:
            raise over_ceiling(ceiling, label, total, project.content)


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
    communes: Iterable[AdministrativeUnit | int] | None = None,
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
        record_next_change(project, reason=repeat_reason)
    try:
        _project_write(project, communes, beneficiaries, lines, outcomes, repeat_reason, repeats)
    except BaseException:
        if stored is None:
            # Rolled back: the caller's unsaved project must not look saved.
            project.pk, project._state.adding = None, True
        raise
    return project


def _project_write(
    project: Project,
    communes: Iterable[AdministrativeUnit | int] | None,
    beneficiaries: list[ShareInput] | None,
    lines: dict[FundingSource, tuple[Decimal, Decimal]] | None,
    outcomes: dict[OutcomeIndicator, tuple[Decimal, Decimal | None]] | None,
    repeat_reason: str,
    repeats: list[RepeatSupport],
) -> None:
    project.save()
    if beneficiaries is not None:
        _shares_sync(project, beneficiaries, repeat_reason if repeats else "", {r.establishment.pk for r in repeats})
    if communes is not None:
        area: list[AdministrativeUnit | int] = list(communes)
        if not area and beneficiaries:
            # An empty area means "where the beneficiaries are".
            area = list({share.establishment.commune_id for share in beneficiaries})
        project.communes.set(area)
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
            # The history keeps the first 100 characters of the reason; the field keeps it all.
            record_next_change(share, reason=reason)
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


@transaction.atomic
def project_transition(*, project: Project, to_status: str, by: User | None = None, note: str = "") -> Project:
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
