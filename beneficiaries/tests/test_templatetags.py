from django.contrib.auth.models import AnonymousUser, Group, User
from django.template import Context, Template
from django.test import TestCase

from beneficiaries.roles import Role
from beneficiaries.templatetags.roles import has_role


class RoleHelperTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("t-canbo")
        cls.staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
        cls.leader = User.objects.create_user("t-lanhdao")
        cls.leader.groups.add(Group.objects.get_or_create(name=Role.LEADER)[0])
        cls.nobody = User.objects.create_user("t-khach")
        cls.nobody.groups.add(Group.objects.get_or_create(name="t-unrelated-group")[0])

    def render(self, source, user):
        return Template("{% load roles %}" + source).render(Context({"user": user}))

    def test_it_lists_the_roles_with_their_vietnamese_labels(self):
        html = self.render("{% user_roles as roles %}{% for r in roles %}{{ r.label }};{% endfor %}", self.staff)
        self.assertEqual(html, "Cán bộ;")

    def test_it_lets_a_template_test_a_role_by_name(self):
        source = '{% user_roles as roles %}{% if "staff" in roles %}yes{% else %}no{% endif %}'
        self.assertEqual(self.render(source, self.staff), "yes")
        self.assertEqual(self.render(source, self.leader), "no")

    def test_it_ignores_groups_that_are_not_roles(self):
        self.assertEqual(self.render("{% user_roles as roles %}{{ roles|length }}", self.nobody), "0")

    def test_it_gives_an_anonymous_visitor_no_role(self):
        self.assertEqual(self.render("{% user_roles as roles %}{{ roles|length }}", AnonymousUser()), "0")
        self.assertFalse(has_role(AnonymousUser(), "staff"))

    def test_it_counts_a_superuser_as_admin(self):
        root = User(username="t-root", is_superuser=True)
        root.save()
        self.assertTrue(has_role(root, "admin"))
        self.assertEqual(self.render('{% if user|has_role:"staff, admin" %}ok{% endif %}', root), "ok")

    def test_it_checks_any_of_several_roles(self):
        self.assertTrue(has_role(self.leader, "staff,leader"))
        self.assertFalse(has_role(self.leader, "staff,admin"))
