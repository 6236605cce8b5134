"""The zero, the whole-đồng field every amount of the programme uses, and the sum of amounts."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from beneficiaries.models import MONEY_DIGITS, MONEY_PLACES

ZERO = Decimal("0")
# The database column of a sum of amounts (annotations, subqueries).
MONEY = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)


def money_field(verbose_name, **kwargs):
    """A whole-đồng amount, never negative."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


def subtotal(model, field: str, *, outer: str, condition: Q | None = None, aggregate=Sum, output=MONEY):
    """A correlated subquery: `aggregate(field)` of the `model` rows whose `outer` is the outer row.

    Subqueries rather than joins, so that several sums in one query do not multiply rows.
    """
    rows = (
        model.objects.filter(condition or Q(), **{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(total=aggregate(field))
        .values("total")
    )
    return Coalesce(Subquery(rows), Value(output.to_python(0)), output_field=output)
