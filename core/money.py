"""How an amount of đồng is written, everywhere: pages, messages, admin, documents."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
