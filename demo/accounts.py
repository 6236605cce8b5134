"""The five demo accounts, their role groups and admin permissions (demo only: one shared password)."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from beneficiaries.models import Establishment, EstablishmentAccount
from beneficiaries.roles import Role

PASSWORD = "demo1234"
DOMAIN = "khuyencong.example"  # a reserved domain: no demo e-mail can reach a real person
# username -> (role, family and middle names, given name, is_staff, is_superuser)
USERS = {
    "staff": (Role.STAFF, "Nguyễn Thị Thanh", "Trúc", True, False),
    "leader": (Role.LEADER, "Trần Quốc", "Hưng", False, False),
    "establishment": (Role.ESTABLISHMENT, "", "", False, False),  # named after the establishment's owner
    "establishment2": (Role.ESTABLISHMENT, "", "", False, False),
    "admin": (Role.ADMIN, "Võ Minh", "Khoa", True, True),
}
# Admin permissions per group: staff keep the registry and the programme, leaders read.
GROUP_ACTIONS = {Role.STAFF: ("view", "add", "change"), Role.LEADER: ("view",)}
APPS = ("beneficiaries", "programs", "applications", "public")
VERIFIED_AT = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


class ForeignAccountError(Exception):
    """A demo username belongs to an account the demo did not create."""


def ensure_groups() -> dict[str, Group]:
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=APPS)
        .exclude(content_type__model__startswith="historical")
        .select_related("content_type")
    )
    for role, actions in GROUP_ACTIONS.items():
        wanted = [p for p in permissions if p.codename.split("_", 1)[0] in actions]
        groups[role].permissions.add(*wanted)
    return groups


def ensure_users(owners: dict[str, Establishment]) -> dict[str, object]:
    """Create or repair the demo users; `owners` maps establishment usernames to their establishment.

    All five share one password hash, so a re-run checks one hash (about 0.3 s) instead of five.
    """
    user_model = get_user_model()
    groups = ensure_groups()
    existing = {user.username: user for user in user_model.objects.filter(username__in=USERS)}
    foreign = sorted(name for name, user in existing.items() if user.email != f"{name}@{DOMAIN}")
    if foreign:
        # A real account that happens to be called "admin" must never get the demo password.
        names = ", ".join(foreign)
        raise ForeignAccountError(
            f"Đã có tài khoản không phải tài khoản demo: {names}; seed_demo không ghi đè mật khẩu của chúng."
        )
    hashes = {user.password for user in existing.values()}
    shared = next(iter(hashes)) if len(hashes) == 1 and len(existing) == len(USERS) else ""
    if not shared or not existing["staff"].check_password(PASSWORD):
        shared = make_password(PASSWORD)
    users = {}
    for username, (role, last, first, is_staff, is_superuser) in USERS.items():
        if username in owners:
            owner = owners[username].representative.rsplit(" ", 1)
            last, first = owner[0], owner[-1]
        user = existing.get(username) or user_model(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@{DOMAIN}"
        user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
        user.password = shared
        user.save()
        user.groups.add(groups[role])
        users[username] = user
    return users


def ensure_links(users: dict, owners: dict[str, Establishment]) -> None:
    """Link each establishment account to its establishment, verified by the staff user."""
    for username, establishment in owners.items():
        EstablishmentAccount.objects.update_or_create(
            user=users[username],
            defaults={
                "establishment": establishment,
                "status": EstablishmentAccount.Status.VERIFIED,
                "verified_by": users["staff"],
                "verified_at": VERIFIED_AT,
                "note": "Tài khoản trình diễn (seed_demo)",
            },
        )
