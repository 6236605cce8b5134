"""The portal's roles, kept as Django groups, and the checks every view uses (through beneficiaries.access).

- staff: provincial officers who manage establishments, plans and projects;
- leader: reads everything, asks for reports, changes nothing;
- establishment: a rural-industry establishment's own account;
- admin: reference data and users, through the Django admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ")
    LEADER = "leader", _("Lãnh đạo")
    ESTABLISHMENT = "establishment", _("Cơ sở")
    ADMIN = "admin", _("Quản trị")


def roles_of(user) -> set[str]:
    """The user's roles; the group names are cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_khuyencong_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(Role.values)
        if user.is_superuser:
            cached.add(Role.ADMIN)
        user._khuyencong_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user) -> bool:
    """Provincial staff (or an administrator): may change programme data."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def can_read_programme(user) -> bool:
    """Staff, leaders and administrators may read the whole programme."""
    return has_role(user, Role.STAFF, Role.LEADER, Role.ADMIN)
