"""The one place that computes how much state support a content allows.

support ceiling = min(pct_cap × eligible cost, amount_cap × multiplier × units)
(DOMAIN.md 3.4), with the rule in force on the given date, its legal basis beside it.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from beneficiaries.models import Establishment
from programs.models import RuleSet, SupportContent, SupportRule

HUNDRED = Decimal("100")
ONE = Decimal("1")


@dataclass(frozen=True)
class Ceiling:
    amount: Decimal
    rule: SupportRule
    pct_amount: Decimal
    cap_amount: Decimal | None
    multiplier: Decimal
    priority_reason: str

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis


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
        % {"content": content.code, "variant": variant, "date": on_date.strftime("%d/%m/%Y")},
        code="no_rule",
    )


def priority_reason_for(establishment: Establishment | None) -> str:
    """The priority NĐ 235/2025 gives to establishments owned by women or ethnic-minority people."""
    if establishment is None:
        return ""
    if establishment.woman_owned:
        return _("Cơ sở do phụ nữ làm chủ (Nghị định 235/2025/NĐ-CP)")
    if establishment.ethnic_minority_owner:
        return _("Chủ cơ sở là người dân tộc thiểu số (Nghị định 235/2025/NĐ-CP)")
    return ""


def ceiling_compute(
    *,
    content: SupportContent,
    eligible_cost: Decimal,
    on_date: datetime.date,
    variant: str = "standard",
    establishment: Establishment | None = None,
    rule_set: str = RuleSet.NATIONAL,
    priority_reason: str = "",
    units: int = 1,
    rule: SupportRule | None = None,
) -> Ceiling:
    """Return the maximum state support for `eligible_cost`, and the rule behind it.

    The priority multiplier applies only with a stated reason: `priority_reason`, or
    failing that the establishment's own priority (woman or ethnic-minority owner).
    `units` counts establishments (or models, clusters…) in a group project: the
    amount cap is per unit, the percentage applies to the whole cost. A caller that
    already holds the rule in force (bulk work) passes it as `rule` to skip the lookup.
    """
    if eligible_cost < 0:
        raise ValidationError(_("Chi phí không được âm."), code="negative_cost")
    if rule is None:
        rule = rule_in_force(content=content, variant=variant, on_date=on_date, rule_set=rule_set)
    reason = (priority_reason or "").strip() or priority_reason_for(establishment)
    multiplier = rule.priority_multiplier if reason else ONE
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
        priority_reason=reason if multiplier != ONE else "",
    )
