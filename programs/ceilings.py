"""The one place that computes how much state support a content allows, and a project's ceiling.

support ceiling = min(pct_cap × eligible cost, amount_cap × multiplier × units)
(DOMAIN.md 3.4), with the rule in force on the given date, its legal basis beside it.

The multiplier is a decision, not an attribute (DOMAIN.md 1.6): it applies only when staff
have recorded a priority ground and the rule's own multiplier allows it, once, to the rule's
cap. An establishment's owner, or a free-text reason, never changes a figure.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import vn_date
from core.money import format_decimal, format_vnd
from programs.models import PlanLevel, PriorityGround, Project, RuleSet, RuleUnit, SupportContent, SupportRule
from programs.selectors import sum_of

HUNDRED = Decimal("100")
ONE = Decimal("1")
# Units whose amount cap is counted once per beneficiary establishment.
PER_ESTABLISHMENT_UNITS = (RuleUnit.ESTABLISHMENT, RuleUnit.ENTERPRISE)


@dataclass(frozen=True)
class Ceiling:
    amount: Decimal
    rule: SupportRule
    pct_amount: Decimal
    cap_amount: Decimal | None
    multiplier: Decimal
    # The recorded ground that raised the cap; None when the base cap applies.
    ground: PriorityGround | None = None

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis

    @property
    def priority_allowed(self) -> bool:
        """Whether the rule lets a recorded priority ground raise its cap (no query)."""
        return self.rule.amount_cap is not None and self.rule.priority_multiplier > ONE


def _whole_dong(value: Decimal) -> Decimal:
    # A ceiling is never rounded up: support may not exceed it by a fraction of a đồng.
    return value.quantize(ONE, rounding=ROUND_FLOOR)


def rule_in_force(*, content: SupportContent, variant: str, on_date: datetime.date, rule_set: str) -> SupportRule:
    """The rule of `content`/`variant` in force on `on_date` (one query, two for a local fallback).

    Where the province has not loaded its own local levels, local projects follow the
    national levels, the framework the provincial resolutions are built on.
    """
    rule_sets = [rule_set] if rule_set == RuleSet.NATIONAL else [rule_set, RuleSet.NATIONAL]
    for current in rule_sets:
        rule = (
            SupportRule.objects.in_force_on(on_date)
            .filter(content=content, variant=variant, rule_set=current)
            .select_related("content")
            .order_by("-effective_from")
            .first()
        )
        if rule is not None:
            return rule
    raise ValidationError(
        _("Chưa có mức hỗ trợ tối đa của nội dung %(content)s (%(variant)s) có hiệu lực ngày %(date)s.")
        % {"content": content.code, "variant": variant, "date": vn_date(on_date)},
        code="no_rule",
    )


def _ground_check(ground: PriorityGround, on_date: datetime.date) -> None:
    if not ground.in_force_on(on_date):
        raise ValidationError(
            _("Diện ưu tiên “%(ground)s” chưa hoặc không còn hiệu lực ngày %(date)s (%(basis)s).")
            % {"ground": ground.name, "date": vn_date(on_date), "basis": ground.legal_basis},
            code="ground_not_in_force",
        )


def ceiling_compute(
    *,
    content: SupportContent,
    eligible_cost: Decimal,
    on_date: datetime.date,
    ground: PriorityGround | None,
    variant: str = "standard",
    rule_set: str = RuleSet.NATIONAL,
    units: int = 1,
    rule: SupportRule | None = None,
) -> Ceiling:
    """Return the maximum state support for `eligible_cost`, and the rule behind it.

    `ground` is the priority ground recorded by staff (None for the base ceiling): the
    rule's multiplier then applies once to its amount cap; a rule whose multiplier is 1
    (such as a variant already a multiple of the base cap) stays as it is. A ground not
    in force on `on_date` is refused. `units` counts establishments (or models, clusters…)
    in a group project: the amount cap is per unit, the percentage applies to the whole
    cost. A caller that already holds the rule in force (bulk work) passes it as `rule`.
    """
    if eligible_cost < 0:
        raise ValidationError(_("Chi phí không được âm."), code="negative_cost")
    if rule is None:
        rule = rule_in_force(content=content, variant=variant, on_date=on_date, rule_set=rule_set)
    if ground is not None:
        _ground_check(ground, on_date)
    raised = ground is not None and rule.amount_cap is not None and rule.priority_multiplier > ONE
    multiplier = rule.priority_multiplier if raised else ONE
    pct = rule.pct_cap if rule.pct_cap is not None else HUNDRED
    pct_amount = _whole_dong(eligible_cost * pct / HUNDRED)
    cap_amount = None
    if rule.amount_cap is not None:
        cap_amount = _whole_dong(rule.amount_cap * multiplier * max(units, 1))
    amount = pct_amount if cap_amount is None else min(pct_amount, cap_amount)
    return Ceiling(
        amount=amount,
        rule=rule,
        pct_amount=pct_amount,
        cap_amount=cap_amount,
        multiplier=multiplier,
        ground=ground if raised else None,
    )


def ceiling_for(
    *,
    content: SupportContent,
    variant: str,
    on_date: datetime.date,
    plan_level: str,
    total_cost: Decimal,
    ground: PriorityGround | None,
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
        "ground": ground,
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
        total_cost = sum_of(project.budget_lines.all(), "planned")
    if beneficiaries is None:
        beneficiaries = project.shares.count()
    return ceiling_for(
        content=project.content,
        variant=project.variant,
        on_date=project.start_date,
        plan_level=project.plan.level,
        total_cost=total_cost,
        ground=project.priority_ground,
        beneficiaries=beneficiaries,
    )


def ceiling_describe(ceiling: Ceiling) -> str:
    """The rule behind a ceiling in words: "50% chi phí, tối đa 300.000.000 ₫/cơ sở" (no query)."""
    rule = ceiling.rule
    parts = []
    if rule.pct_cap is not None:
        parts.append(_("%(pct)s%% chi phí") % {"pct": format_decimal(rule.pct_cap)})
    if rule.amount_cap is not None:
        per_unit = (rule.amount_cap * ceiling.multiplier).quantize(Decimal("1"))
        text = _("tối đa %(amount)s/%(unit)s") % {"amount": format_vnd(per_unit), "unit": rule.get_unit_display()}
        if ceiling.cap_amount is not None and per_unit and ceiling.cap_amount > per_unit:
            text += f" × {ceiling.cap_amount // per_unit}"
        if ceiling.multiplier != 1:
            text += " " + _("(hệ số ưu tiên %(multiplier)s)") % {"multiplier": format_decimal(ceiling.multiplier)}
        parts.append(text)
    if not parts:
        parts.append(_("không giới hạn theo tỷ lệ hay số tiền: theo dự toán được duyệt"))
    return ", ".join(parts)


def over_ceiling(ceiling: Ceiling, label: str, amount: Decimal, content: SupportContent) -> ValidationError:
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
        state_total = sum_of(state_lines, field)
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
