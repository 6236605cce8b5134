"""Annual plans: their year, level and assigned budget per source, and their steps to approval."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.history import record_next_change
from core.money import format_vnd
from programs.models import AnnualPlan, FundingSource, PlanBudget
from programs.services.commitments import plan_check_budgets
from programs.validators import plan_decision_date_check

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
    by: User | None = None,
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
    record_next_change(plan, user=by)
    try:
        with transaction.atomic():
            if plan.pk is None:
                plan.save()
            elif changed:
                plan.save(update_fields=changed)
    except IntegrityError:
        # Another officer saved the same year and level between the check and the save.
        raise _duplicate_plan(year, level) from None

    if plan.pk:
        plan_check_budgets(plan, budgets)
    _budgets_save(plan, budgets, by)
    return plan


def _budgets_save(plan: AnnualPlan, budgets: dict[FundingSource, Decimal], by: User | None) -> None:
    """Set the plan's assigned budget per source, and write each change to the plan's history."""
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


def _duplicate_plan(year: int, level: str) -> ValidationError:
    return ValidationError(
        _("Đã có kế hoạch khuyến công %(level)s năm %(year)s: hãy mở kế hoạch đó để sửa.")
        % {"level": AnnualPlan.Level(level).label.lower(), "year": year},
        code="duplicate_plan",
    )


def _budget_reason(source: FundingSource, old: str, new: str) -> str:
    reason = _("Dự toán được giao – %(source)s: %(old)s → %(new)s") % {"source": source.code, "old": old, "new": new}
    return reason[:_REASON_LENGTH]


@transaction.atomic
def plan_transition(
    *,
    plan: AnnualPlan,
    to_status: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> AnnualPlan:
    """Move a plan through draft → submitted → approved; approval names its decision, dated in the
    plan's year or the year before and not after today (`plan_decision_date_check`)."""
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
        plan_decision_date_check(plan=plan, decision_date=decision_date)
        plan.decision_number, plan.decision_date = decision_number.strip(), decision_date
        fields += ["decision_number", "decision_date"]
    plan.status = to_status
    plan.save(update_fields=fields)
    return plan
