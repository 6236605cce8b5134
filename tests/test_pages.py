"""The public pages: home, login and logout, languages, error pages, local assets."""

import re

from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import TestCase, override_settings
from django.urls import reverse

from beneficiaries.roles import Role


class HomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("t-canbo", password="mat-khau-thu-1", first_name="Lan", is_staff=True)
        cls.staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
        cls.owner = User.objects.create_user("t-coso", password="mat-khau-thu-2")
        cls.owner.groups.add(Group.objects.get_or_create(name=Role.ESTABLISHMENT)[0])

    def test_it_welcomes_visitors_in_vietnamese(self):
        response = self.client.get(reverse("home"))
        self.assertContains(response, "khuyến công")
        self.assertContains(response, '<html lang="vi">', html=False)
        self.assertContains(response, "hộ kinh doanh")
        self.assertContains(response, reverse("login"))
        self.assertNotContains(response, 'id="greeting"')

    def test_it_renders_under_english_chosen_by_cookie(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">', html=False)

    def test_it_renders_under_english_asked_by_the_browser(self):
        response = self.client.get(reverse("home"), headers={"accept-language": "en"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">', html=False)

    def test_it_greets_a_signed_in_user_with_their_role(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Xin chào, Lan!")
        self.assertContains(response, "<strong>Cán bộ</strong>", html=False)

    def test_it_shows_staff_their_workspace_and_others_no_staff_link(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(reverse("home")), "Không gian cán bộ")
        self.client.force_login(self.owner)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "<strong>Cơ sở</strong>", html=False)
        self.assertNotContains(response, "Không gian cán bộ")
        self.assertNotContains(response, reverse("admin:index"))

    def test_it_leads_an_establishment_to_its_own_applications(self):
        self.client.force_login(self.owner)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Hồ sơ của tôi")
        self.assertContains(response, f'href="{reverse("apply:home")}"', html=False)
        self.client.force_login(self.staff)
        response = self.client.get(reverse("home"))
        self.assertNotContains(response, "Hồ sơ của tôi")
        self.assertContains(response, "Vào không gian cán bộ")

    def test_it_offers_both_languages_through_a_protected_post(self):
        response = self.client.get(reverse("home"))
        html = response.content.decode()
        form = re.search(rf'<form method="post" action="{reverse("set_language")}".*?</form>', html, re.S)
        self.assertIsNotNone(form)
        self.assertIn("csrfmiddlewaretoken", form.group(0))
        self.assertIn('value="vi"', form.group(0))
        self.assertIn('value="en"', form.group(0))

    def test_it_switches_the_language(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.cookies["django_language"].value, "en")


class AssetTests(TestCase):
    def test_it_serves_every_asset_itself(self):
        html = self.client.get(reverse("home")).content.decode()
        self.assertNotIn("cdn", html.lower())
        self.assertIsNone(re.search(r'(src|href)="(https?:)?//', html))

    def test_it_links_assets_that_exist(self):
        html = self.client.get(reverse("home")).content.decode()
        for path in (
            "bootstrap/css/bootstrap.min.css",
            "bootstrap/js/bootstrap.bundle.min.js",
            "bootstrap-icons/font/bootstrap-icons.min.css",
            "css/portal.css",
        ):
            with self.subTest(path=path):
                self.assertIn(f"/static/{path}", html)
                self.assertIsNotNone(finders.find(path))
        self.assertIsNotNone(finders.find("bootstrap-icons/font/fonts/bootstrap-icons.woff2"))
        self.assertRegex(html, r'<script src="/static/django_htmx/htmx-2[^"]*\.js"')


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("t-canbo", password="mat-khau-thu-1")

    def test_it_shows_a_login_form_with_vietnamese_labels(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, 'name="username"')
        self.assertContains(response, 'name="password"')
        self.assertContains(response, "Tên đăng nhập")
        self.assertContains(response, "Mật khẩu")

    def test_it_signs_in_and_goes_home(self):
        response = self.client.post(reverse("login"), {"username": "t-canbo", "password": "mat-khau-thu-1"})
        self.assertRedirects(response, reverse("home"))
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user.pk)

    def test_it_returns_to_the_page_asked_for(self):
        response = self.client.post(
            reverse("login") + "?next=/accounts/password_change/",
            {"username": "t-canbo", "password": "mat-khau-thu-1", "next": "/accounts/password_change/"},
        )
        self.assertRedirects(response, "/accounts/password_change/")

    def test_it_refuses_a_wrong_password_in_vietnamese(self):
        response = self.client.post(reverse("login"), {"username": "t-canbo", "password": "sai"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_signs_out_with_a_post(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("home"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_does_not_sign_out_on_a_get(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)

    def test_it_puts_logout_behind_a_protected_form(self):
        self.client.force_login(self.user)
        html = self.client.get(reverse("home")).content.decode()
        form = re.search(rf'<form method="post" action="{reverse("logout")}".*?</form>', html, re.S)
        self.assertIsNotNone(form)
        self.assertIn("csrfmiddlewaretoken", form.group(0))


class AccountPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("t-canbo", email="canbo@example.invalid", password="mat-khau-thu-1")

    def assert_portal_page(self, response, text):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, text)
        self.assertContains(response, "Cổng khuyến công")
        self.assertNotContains(response, "admin/css/base.css")

    def test_it_shows_the_password_reset_pages_in_the_portal_look(self):
        self.assert_portal_page(self.client.get(reverse("password_reset")), "Quên mật khẩu")
        response = self.client.post(reverse("password_reset"), {"email": "canbo@example.invalid"}, follow=True)
        self.assert_portal_page(response, "Đã gửi hướng dẫn")
        self.assert_portal_page(self.client.get(reverse("password_reset_complete")), "Đã đặt mật khẩu mới")
        bad_link = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "sai-ma"})
        self.assert_portal_page(self.client.get(bad_link, follow=True), "không hợp lệ")

    def test_it_sends_the_reset_mail_in_vietnamese(self):
        from django.core import mail

        self.client.post(reverse("password_reset"), {"email": "canbo@example.invalid"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Đặt lại mật khẩu", mail.outbox[0].subject)
        self.assertIn("t-canbo", mail.outbox[0].body)
        self.assertIn("/accounts/reset/", mail.outbox[0].body)

    def test_it_shows_the_password_change_pages_in_the_portal_look(self):
        self.client.force_login(self.user)
        self.assert_portal_page(self.client.get(reverse("password_change")), "Đổi mật khẩu")
        self.assert_portal_page(self.client.get(reverse("password_change_done")), "Đã đổi mật khẩu")


class ErrorPageTests(TestCase):
    def test_it_answers_an_unknown_address_with_the_portal_404(self):
        response = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy trang", status_code=404)

    def test_it_renders_the_500_page_with_no_context_at_all(self):
        html = get_template("500.html").render()
        self.assertIn("Hệ thống đang gặp sự cố", html)
        self.assertNotIn("/static/", html)

    @override_settings(
        AXES_LOCKOUT_TEMPLATE="axes/lockout.html", AXES_ENABLED=True, AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.5
    )
    def test_it_explains_a_login_lockout_in_vietnamese(self):
        User.objects.create_user("t-khoa", password="mat-khau-thu-3")
        for _ in range(2):
            response = self.client.post(reverse("login"), {"username": "t-khoa", "password": "sai"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Tạm khóa đăng nhập", status_code=429)
        self.assertContains(response, "30 phút", status_code=429)
