"""A project's money: its budget lines per source and the payments made from them."""

import datetime
from decimal import ROUND_FLOOR, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.money import format_decimal, format_vnd
from programs.ceilings import HUNDRED, project_check_ceiling
from programs.models import BudgetLine, Disbursement, DisbursementKind, FundingSource, Project
from programs.selectors import sum_of
from programs.services.commitments import project_check_commitments
from programs.validators import disbursement_date_check


@transaction.atomic
def budget_lines_save(*, project: Project, lines: dict[FundingSource, tuple[Decimal, Decimal]]) -> list[BudgetLine]:
    """Set a project's planned and approved money per source, keeping every money rule.

    A source left out keeps its line; a line may not be approved below what has
    already been paid from it, nor, once the project is approved, above the plan's budget.
    """
    project = Project.objects.select_for_update().select_related("plan").get(pk=project.pk)
    saved = []
    for source, (planned, approved) in lines.items():
        line, _created = BudgetLine.objects.get_or_create(project=project, source=source)
        line.planned, line.approved = planned, approved
        line.full_clean()
        disbursed = sum_of(Disbursement.objects.filter(project=project, source=source), "amount")
        if approved < disbursed:
            raise ValidationError(
                _("Nguồn %(source)s đã giải ngân %(disbursed)s: số được duyệt không thể thấp hơn.")
                % {"source": source.name, "disbursed": format_vnd(disbursed)},
                code="approved_below_disbursed",
            )
        line.save()
        saved.append(line)
    project_check_ceiling(project)
    if project.status in Project.FUNDED:
        project_check_commitments(project)
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
    created_by: User | None = None,
) -> Disbursement:
    """Record money paid to a project, within what is approved for that source, dated from the
    project's approval to today (`programs.validators.disbursement_date_check`).

    Which kind of payment the project's status accepts is `Project.payment_refusal`'s to
    say, the rule the project page also follows. The budget line is locked for the check,
    so two payments entered at once cannot together exceed the approved amount.
    """
    # Read the status and lock the line inside this transaction: the caller's copy may be stale.
    project = Project.objects.select_related("content", "plan").get(pk=project.pk)
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
    disbursement_date_check(project=project, date=date)
    refusal = project.payment_refusal(kind)
    if refusal is not None:
        raise refusal

    paid = Disbursement.objects.filter(project=project, source=source)
    remaining = line.approved - sum_of(paid, "amount")
    if amount > remaining:
        raise ValidationError(
            _("Số tiền %(amount)s vượt số còn được chi của nguồn %(source)s (%(remaining)s).")
            % {"amount": format_vnd(amount), "source": source.name, "remaining": format_vnd(remaining)},
            code="over_approved",
        )
    if kind == DisbursementKind.ADVANCE:
        _check_advance_cap(project=project, source=source, approved=line.approved, paid=paid, amount=amount)
    disbursement.save()
    return disbursement


def _check_advance_cap(
    *, project: Project, source: FundingSource, approved: Decimal, paid: QuerySet[Disbursement], amount: Decimal
) -> None:
    # TT 36/2013/TT-BCT: advances are capped at a share of the approved support
    # (70% for most contents), configurable on the content.
    cap_pct = project.content.advance_cap_percent
    advance_cap = (approved * cap_pct / HUNDRED).quantize(Decimal("1"), rounding=ROUND_FLOOR)
    advanced = sum_of(paid.filter(kind=DisbursementKind.ADVANCE), "amount")
    if advanced + amount > advance_cap:
        raise ValidationError(
            _("Tổng tạm ứng %(total)s vượt %(pct)s%% kinh phí được duyệt của nguồn %(source)s (tối đa %(cap)s).")
            % {
                "total": format_vnd(advanced + amount),
                "pct": format_decimal(cap_pct),
                "source": source.name,
                "cap": format_vnd(advance_cap),
            },
            code="over_advance_cap",
        )
