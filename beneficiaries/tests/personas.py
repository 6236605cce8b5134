"""Personas for staff-workspace view tests: staff (writes), leader (reads), an establishment (outsider)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase


def make_user(username: str, role: str | None, **extra):
    user = get_user_model().objects.create_user(username, password="demo1234", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


class StaffTestCase(TestCase):
    """Base class: `self.staff`, `self.leader`, `self.outsider` and the access ladder checks."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_user("canbo", "staff", first_name="Lan", last_name="Trần Thị")
        cls.leader = make_user("lanhdao", "leader")
        cls.outsider = make_user("coso", "establishment")

    def assert_readers_only(self, url: str):
        """Anonymous → login; establishment account → 404; leader and staff → 200."""
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        for reader in (self.leader, self.staff):
            self.client.force_login(reader)
            self.assertEqual(self.client.get(url).status_code, 200, f"{reader} on {url}")

    def assert_writers_only(self, url: str, data: dict | None = None):
        """Anonymous → login; establishment account → 404; leader → 403 on GET and POST."""
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, data or {}).status_code, 404)
        self.client.force_login(self.leader)
        self.assertEqual(self.client.post(url, data or {}).status_code, 403)
