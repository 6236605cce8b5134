from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory, TestCase

from beneficiaries.access import staff_read, staff_write
from beneficiaries.roles import Role, can_read_programme, has_role, is_staff_member


@staff_read
def programme_page(request):
    return HttpResponse("ok")


@staff_write
def programme_change(request):
    return HttpResponse("saved")


class RoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.staff = users.create_user("canbo")
        cls.staff.groups.add(Group.objects.get(name="staff"))
        cls.leader = users.create_user("lanhdao")
        cls.leader.groups.add(Group.objects.get(name="leader"))
        cls.owner = users.create_user("coso")
        cls.owner.groups.add(Group.objects.get(name="establishment"))
        cls.superuser = users.create_superuser("quantri", password="x")

    def get(self, user, view=programme_page):
        request = RequestFactory().get("/staff/")
        request.user = user
        return view(request)

    def test_migrate_creates_the_four_role_groups(self):
        self.assertEqual(set(Group.objects.values_list("name", flat=True)) & set(Role.values), set(Role.values))

    def test_staff_may_change_and_leaders_only_read(self):
        self.assertTrue(is_staff_member(self.staff))
        self.assertFalse(is_staff_member(self.leader))
        self.assertTrue(can_read_programme(self.leader))
        self.assertFalse(can_read_programme(self.owner))

    def test_a_superuser_counts_as_admin(self):
        self.assertTrue(has_role(self.superuser, Role.ADMIN))
        self.assertTrue(is_staff_member(self.superuser))

    def test_anonymous_visitors_are_sent_to_login(self):
        for view in (programme_page, programme_change):
            response = self.get(AnonymousUser(), view)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_an_establishment_account_gets_404_on_a_staff_page(self):
        for view in (programme_page, programme_change):
            with self.assertRaises(Http404):
                self.get(self.owner, view)

    def test_the_right_role_gets_the_page(self):
        self.assertEqual(self.get(self.staff).status_code, 200)
        self.assertEqual(self.get(self.leader).status_code, 200)
        self.assertEqual(self.get(self.staff, programme_change).status_code, 200)
        self.assertEqual(self.get(self.superuser, programme_change).status_code, 200)

    def test_a_leader_reads_but_may_not_change(self):
        with self.assertRaises(PermissionDenied):
            self.get(self.leader, programme_change)
