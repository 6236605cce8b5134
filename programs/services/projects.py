"""Projects: saving one with its beneficiaries, budget lines and outcomes, and moving it along its lifecycle."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beneficiaries.models import AdministrativeUnit, Establishment
from core.history import record_next_change
from core.money import format_vnd
from programs.ceilings import ceiling_for, over_ceiling, project_check_ceiling
from programs.eligibility import exception_reasons
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
)
from programs.repeat_support import RepeatSupport, project_repeat_support, repeat_refusal
from programs.selectors import next_project_code
from programs.services.commitments import project_check_commitments
from programs.services.payments import budget_lines_save
from programs.validators import project_period_check


@dataclass(frozen=True)
class ShareInput:
    """One beneficiary of a project as typed on the project form."""

    establishment: Establishment
    eligible_cost: Decimal = ZERO
    support_amount: Decimal = ZERO
    # Why an establishment outside the beneficiaries of the content is supported all the same.
    eligibility_exception_reason: str = ""


def _project_check_fields(project: Project, stored: Project | None = None) -> None:
    """The project's own rules (dates in order and within the plan's year…) and a free code,
    with messages a user can act on."""
    errors: dict = {}
    project.code = (project.code or "").strip()
    if not project.code and project.plan_id:
        # Left blank: the next number of the plan's year and level. The plan row is locked so that
        # two projects saved at once do not take the same number.
        plan = AnnualPlan.objects.select_for_update().get(pk=project.plan_id)
        project.code = next_project_code(plan)
    try:
        project.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    period = ("plan_id", "content_id", "start_date", "end_date")
    # A saved project whose period the edit leaves alone is not judged again.
    if stored is None or any(getattr(project, name) != getattr(stored, name) for name in period):
        try:
            if project.plan_id and project.content_id:
                project_period_check(
                    plan=project.plan, content=project.content, start=project.start_date, end=project.end_date
                )
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
    attnames = {field.name: field.attname for field in Project._meta.concrete_fields}
    ceiling_inputs = [attnames[name] for name in Project.CEILING_INPUTS]
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
    beneficiary supported with the same content within the double-support window
    (`programs.repeat_support`, before or after this project) unless `repeat_reason`
    says why; the reason goes into the history of the project and of that beneficiary
    (`history_change_reason`). The status never changes here: that is `project_transition`'s job.
    """
    stored = None
    if project.pk:
        stored = Project.objects.select_for_update().get(pk=project.pk)
        project.status = stored.status
    _project_check_fields(project, stored)
    _project_check_money(project=project, stored=stored, beneficiaries=beneficiaries, lines=lines)
    if outcomes is not None:
        _project_check_outcomes(project, outcomes)

    previous = set(stored.shares.values_list("establishment_id", flat=True)) if stored else set()
    repeats = []
    if beneficiaries is not None:
        rules_changed = stored is None or (project.content_id, project.start_date, project.end_date) != (
            stored.content_id,
            stored.start_date,
            stored.end_date,
        )
        added = [s.establishment for s in beneficiaries if rules_changed or s.establishment.pk not in previous]
        repeats = project_repeat_support(project=project, establishments=added)
    repeat_reason = repeat_reason.strip()
    if repeats and not repeat_reason:
        raise repeat_refusal(project.content, repeats)
    if repeats:
        record_next_change(project, reason=repeat_reason)
    if beneficiaries is not None:
        beneficiaries = _beneficiaries_check_eligibility(project, stored, beneficiaries)
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
        _share_record_exception(share, typed.eligibility_exception_reason)
        share.full_clean(validate_unique=False)
        if pk in repeated:
            share.repeat_support_reason = reason
            # The history keeps the first 100 characters of the reason; the field keeps it all.
            record_next_change(share, reason=reason)
        share.save()


def _beneficiaries_check_eligibility(
    project: Project, stored: Project | None, beneficiaries: list[ShareInput]
) -> list[ShareInput]:
    """Refuse beneficiaries outside those of the content without an exception reason (NĐ 45 Art. 1(2)).

    Checked: the beneficiaries added, and all of them when the content changes. A reason left
    blank keeps the one saved. Returns the beneficiaries with the reason each keeps (none for an
    establishment the rule accepts), and names the new exceptions in the project's history.
    """
    saved = dict(stored.shares.values_list("establishment_id", "eligibility_exception_reason")) if stored else {}
    content_changed = stored is None or stored.content_id != project.content_id
    checked = [s for s in beneficiaries if content_changed or s.establishment.pk not in saved]
    reasons = exception_reasons(
        content=project.content,
        establishments=[
            (s.establishment, s.eligibility_exception_reason.strip() or saved.get(s.establishment.pk, ""))
            for s in checked
        ],
    )
    checked_pks = {s.establishment.pk for s in checked}
    kept = []
    for share in beneficiaries:
        pk = share.establishment.pk
        reason = reasons.get(pk, "") if pk in checked_pks else (share.eligibility_exception_reason.strip() or saved[pk])
        kept.append(dataclasses.replace(share, eligibility_exception_reason=reason))
    notes = [
        _("Ngoại lệ đối tượng: %(name)s — %(reason)s") % {"name": share.establishment.name, "reason": reason}
        for share in kept
        if (reason := share.eligibility_exception_reason) and reason != saved.get(share.establishment.pk)
    ]
    if notes:
        earlier = getattr(project, "_change_reason", None)
        record_next_change(project, reason="; ".join([earlier, *notes] if earlier else notes))
    return kept


def _share_record_exception(share: ProjectBeneficiary, reason: str) -> None:
    """Keep the share's eligibility exception, and say so in its history when it changes."""
    if reason and reason != share.eligibility_exception_reason:
        earlier = getattr(share, "_change_reason", None)
        record_next_change(share, reason=f"{earlier}; {reason}" if earlier else reason)
    share.eligibility_exception_reason = reason


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


def _check_cancellation(project: Project, reason: str) -> None:
    """A cancellation cannot be undone: it needs its reason, and no money may have gone out."""
    if not reason.strip():
        raise ValidationError(
            _("Hãy ghi lý do hủy đề án (số quyết định hoặc căn cứ hủy): việc hủy không hoàn tác được."),
            code="cancel_reason_required",
        )
    if project.disbursements.exists():
        raise ValidationError(
            _("Đề án đã có khoản giải ngân nên không thể hủy; hãy thu hồi và quyết toán."), code="cancel_after_payment"
        )


@transaction.atomic
def project_transition(*, project: Project, to_status: str, by: User | None = None, note: str = "") -> Project:
    """Move a project one step along its lifecycle, and record who did it.

    Approval needs the plan approved, approved state money within the ceiling, and that money
    within the budget assigned to the plan for each source (`project_check_commitments`).
    """
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
        project_check_commitments(project)
    if to_status == ProjectStatus.CANCELLED:
        _check_cancellation(project, note)
        record_next_change(project, user=by, reason=note.strip())
    ProjectStatusChange.objects.create(
        project=project, from_status=project.status, to_status=to_status, changed_by=by, note=note
    )
    project.status = to_status
    project.save(update_fields=["status", "updated_at"])
    return project
