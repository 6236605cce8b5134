"""The portal's display helpers: đồng, dates and the user's roles.

One filter each for money and dates (ARCHITECTURE.md): every page, the admin and
the reports format them the same way, whatever the active language.
"""

import datetime

from django import template
from django.utils import formats, timezone

from beneficiaries.money import EMPTY_MONEY, format_dong, format_vnd
from beneficiaries.roles import Role, roles_of

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 -> "1.500.000 ₫" (see beneficiaries.money.format_vnd)."""
    return format_vnd(value)


@register.filter
def dong(value) -> str:
    """1500000 -> "1.500.000": đồng in a table whose header gives the unit (see format_dong)."""
    return format_dong(value)


@register.filter
def percent(value) -> str:
    """51.23 -> "51,2%" (one decimal, the language's decimal mark); None -> "—" (nothing to divide by)."""
    if value is None or value == "":
        return EMPTY_MONEY
    return f"{formats.number_format(value, 1)}%"


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
    return value.strftime("%d/%m/%Y")


@register.filter
def total_minutes(value) -> int:
    """A timedelta in whole minutes, rounded up (a lockout of 29.5 minutes is "30 phút")."""
    if not isinstance(value, datetime.timedelta):
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


def user_role_list(user) -> list[Role]:
    """The user's roles in a fixed order (staff, leader, establishment, admin), as `Role` members.

    Costs one query per request for a signed-in user (`roles_of` caches on the user).
    """
    held = roles_of(user)
    return [role for role in Role if role.value in held]


@register.simple_tag(takes_context=True)
def user_roles(context) -> list[Role]:
    """`{% user_roles as roles %}`: the signed-in user's roles; `{{ role.label }}` is the Vietnamese name.

    `Role` members are strings, so `{% if "staff" in roles %}` works.
    """
    user = context.get("user")
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    if user is None:
        return []
    return user_role_list(user)


@register.filter
def has_role(user, names: str) -> bool:
    """`{% if user|has_role:"staff,admin" %}`: whether the user holds any of the roles named."""
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    return bool(roles_of(user) & wanted)


@register.filter
def person(user) -> str:
    """A user's name in Vietnamese order: family and middle names (last_name), then the given name.

    "Nguyễn Thị Thanh" + "Trúc" → "Nguyễn Thị Thanh Trúc"; the username when no name is set.
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
