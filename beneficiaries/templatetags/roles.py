"""The signed-in user's roles in templates: `{% load roles %}`."""

from django import template

from beneficiaries.roles import Role, roles_of

register = template.Library()


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
