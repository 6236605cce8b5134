"""Support contents with the rules in force, as the public site and the forms show them.

Every figure a visitor sees comes from the database (SupportRule rows loaded by
`migrate` and corrected by staff in the admin), never from a template.
"""

import datetime

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from programs.models import RuleSet, SupportContent, SupportRule


def contents_with_rules_in_force(*, day: datetime.date | None = None, rule_set: str = RuleSet.NATIONAL) -> QuerySet:
    """Active support contents, each with `rules_in_force`: its rules of `rule_set` in force on `day`.

    Two queries whatever the number of contents and rules: the contents, then their rules.
    The "standard" variant comes first, then the others by name.
    """
    day = day or timezone.localdate()
    rules = (
        SupportRule.objects.in_force_on(day)
        .filter(rule_set=rule_set)
        .annotate(
            variant_order=Case(When(variant="standard", then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("variant_order", "variant_label", "variant")
    )
    return SupportContent.objects.filter(active=True).prefetch_related(
        Prefetch("rules", queryset=rules, to_attr="rules_in_force")
    )
