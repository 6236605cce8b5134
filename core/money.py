"""How numbers are written, everywhere: pages, messages, admin, documents.

One formatter each: đồng (`format_vnd`, `format_dong`) and other decimals such as
percentages and quantities (`format_decimal`), always the Vietnamese way.
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

NBSP = "\u00a0"
EMPTY_MONEY = "—"


def format_vnd(value) -> str:
    """1500000 -> "1.500.000 ₫": whole đồng, "." between thousands, a no-break space before ₫.

    Amounts are stored in whole đồng; a stray fraction is rounded half up rather
    than shown, because Vietnamese administrative documents never show hào.
    """
    amount = format_dong(value)
    return f"{amount}{NBSP}₫" if _whole_dong(value) is not None else amount


def format_dong(value) -> str:
    """1500000 -> "1.500.000": as `format_vnd` without the sign, for tables whose header gives the unit."""
    if value is None or value == "":
        return EMPTY_MONEY
    amount = _whole_dong(value)
    if amount is None:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{group_thousands(abs(amount))}"


def _whole_dong(value) -> Decimal | None:
    """The amount rounded half up to whole đồng; None when it is not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None


def group_thousands(value) -> str:
    """300000000 -> "300.000.000": a whole number with "." between thousands, as Vietnamese write it."""
    return f"{int(value):,}".replace(",", ".")


def format_decimal(value, places: int | None = None) -> str:
    """12.50 -> "12,5", 3.00 -> "3": a percentage or a quantity with the Vietnamese decimal comma.

    Without `places` the value is written as staff would type it, trailing zeros dropped; with
    `places` it is rounded half up to that many decimals, zeros kept (51.25 -> "51,3",
    100 -> "100,0" for one place). No thousands separator, so a form shows what it can read
    back. None or "" -> "—"; what is not a number is shown as it is.
    """
    if value is None or value == "":
        return EMPTY_MONEY
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is None:
        text = f"{number.normalize():f}"
    else:
        text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",")


def split_whole(total, weights, unit=1) -> list[Decimal]:
    """`total` split in proportion to `weights`, in multiples of `unit`, the parts adding up to `total`.

    Largest-remainder rounding: each part is first rounded down, then the units left over go one
    each to the parts that lost the most (the earlier part on a tie), so no đồng is lost or made
    up when a project's money is spread over its beneficiaries or places. A remainder smaller than
    `unit` goes to the first of those parts. All-zero weights give all-zero parts.
    """
    total = Decimal(total)
    unit = Decimal(unit)
    shares = [Fraction(Decimal(str(weight))) for weight in weights]
    whole = sum(shares, Fraction(0))
    if not shares or whole == 0:
        return [Decimal(0)] * len(shares)
    units = int(total // unit)
    quotas = [units * share / whole for share in shares]
    parts = [math.floor(quota) for quota in quotas]
    order = sorted(range(len(parts)), key=lambda index: (parts[index] - quotas[index], index))
    for index in order[: units - sum(parts)]:
        parts[index] += 1
    amounts = [part * unit for part in parts]
    amounts[order[0]] += total - units * unit
    return amounts


def format_quantity(value) -> str:
    """1234.50 -> "1.234,5": a count or quantity in a table, thousands grouped, at most two decimals.

    Trailing zeros are dropped (30.00 -> "30"); None or "" -> "—", as for money.
    """
    if value is None or value == "":
        return EMPTY_MONEY
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if number < 0 else ""
    return f"{sign}{group_thousands(whole)}{',' + fraction if fraction else ''}"
