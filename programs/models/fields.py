"""The zero and the whole-đồng field every amount of the programme uses."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

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
