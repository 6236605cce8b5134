"""The portal's display helpers: đồng, percentages, dates and people's names.

One filter each for money and dates (ARCHITECTURE.md): every page, the admin and
the reports format them the same way, whatever the active language.
"""

import datetime

from django import template
from django.utils import timezone

from core import dates
from core.money import EMPTY_MONEY, format_decimal, format_dong, format_quantity, format_vnd

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 -> "1.500.000 ₫" (see core.money.format_vnd)."""
    return format_vnd(value)


@register.filter
def dong(value) -> str:
    """1500000 -> "1.500.000": đồng in a table whose header gives the unit (see format_dong)."""
    return format_dong(value)


@register.filter
def percent(value) -> str:
    """51.23 -> "51,2%" (one decimal, see core.money.format_decimal); None -> "—" (nothing to divide by)."""
    if value is None or value == "":
        return EMPTY_MONEY
    return f"{format_decimal(value, places=1)}%"


@register.filter
def quantity(value) -> str:
    """1234.5 -> "1.234,5": an indicator's planned or achieved figure (see core.money.format_quantity)."""
    return format_quantity(value)


@register.filter
def vn_date(value) -> str:
    """A date as dd/mm/yyyy; an aware datetime is first put in the portal's time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, datetime.date):
        return str(value)
    return dates.vn_date(value)


@register.filter
def document_date(value, place: str = "") -> str:
    """The Decree 30/2020 date line: {{ day|document_date:"Cần Thơ" }} → "Cần Thơ, ngày 05 tháng 3 năm 2026"."""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.document_date(value, place)


@register.filter
def total_minutes(value) -> int:
    """A timedelta in whole minutes, rounded up (a lockout of 29.5 minutes is "30 phút")."""
    if not isinstance(value, datetime.timedelta):
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


@register.filter
def person(user) -> str:
    """A user's name in Vietnamese order: family and middle names (last_name), then the given name.

    "Nguyễn Thị Thanh" + "Trúc" → "Nguyễn Thị Thanh Trúc"; the username when no name is set.
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
