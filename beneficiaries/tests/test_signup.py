from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from beneficiaries.models import AdministrativeUnit, Establishment, EstablishmentAccount, Notification, Sector
from beneficiaries.tests.factories import EstablishmentFactory, _tax_code
from beneficiaries.tests.personas import make_user

URL = reverse("accounts:signup")
PASSWORD = "Khom-Hau-Giang-2026"


class SignupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.commune = AdministrativeUnit.objects.get(code="31338")
        cls.staff = make_user("canbo", "staff", email="canbo@sct.example.vn")
        cls.staff2 = make_user("canbo2", "staff", email="canbo2@sct.example.vn")
        cls.leader = make_user("lanhdao", "leader", email="lanhdao@sct.example.vn")

    def data(self, **overrides) -> dict:
        data = {
            "email": "Chi.Tu@Example.vn",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "tax_code": _tax_code(900),
            "name": "Cơ sở đan lục bình Chị Tư",
            "legal_form": "household",
            "representative": "Nguyễn Thị Tư",
            "commune": self.commune.pk,
            "phone": "+84 912 345 678",
            "sectors": [Sector.objects.get(code="dd").pk],
        }
        data.update(overrides)
        return data

    def sign_up(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(URL, self.data(**overrides), follow=True)

    def test_it_shows_the_form_with_communes_grouped_by_former_district(self):
        response = self.client.get(URL)
        self.assertContains(response, "Đăng ký tài khoản cơ sở")
        self.assertContains(response, "Thành phố Vị Thanh (cũ)")
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_it_creates_the_user_the_establishment_and_a_pending_link(self):
        response = self.sign_up()
        self.assertContains(response, "Tài khoản đang chờ xác minh")
        user = get_user_model().objects.get(username="chi.tu@example.vn")
        self.assertEqual(user.email, "chi.tu@example.vn")
        self.assertEqual((user.last_name, user.first_name), ("Nguyễn Thị", "Tư"))
        self.assertTrue(user.check_password(PASSWORD))
        self.assertTrue(user.groups.filter(name="establishment").exists())
        account = user.establishment_account
        self.assertEqual(account.status, EstablishmentAccount.Status.PENDING)
        establishment = account.establishment
        self.assertEqual(establishment.tax_code, _tax_code(900))
        self.assertEqual(establishment.name, "Cơ sở đan lục bình Chị Tư")
        self.assertEqual(establishment.phone, "0912345678")
        self.assertEqual(establishment.email, "chi.tu@example.vn")
        self.assertEqual(establishment.representative, "Nguyễn Thị Tư")
        self.assertEqual(establishment.commune, self.commune)
        self.assertTrue(establishment.active)
        # The declared sector makes the establishment eligible, so it can file applications.
        self.assertEqual(list(establishment.sectors.values_list("code", flat=True)), ["dd"])
        self.assertTrue(establishment.eligibility().eligible)
        # Signed in.
        self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_it_notifies_every_staff_member_in_app_and_by_one_email(self):
        self.sign_up()
        notices = Notification.objects.filter(recipient__in=[self.staff, self.staff2])
        self.assertEqual(notices.count(), 2)
        self.assertIn("chi.tu@example.vn", notices.first().message)
        self.assertEqual(notices.first().url, reverse("staff:account_list") + "?status=pending")
        self.assertFalse(Notification.objects.filter(recipient=self.leader).exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(sorted(mail.outbox[0].to), ["canbo2@sct.example.vn", "canbo@sct.example.vn"])
        self.assertIn("Cơ sở đan lục bình Chị Tư", mail.outbox[0].subject)
        self.assertIn("http://testserver/staff/accounts/?status=pending", mail.outbox[0].body)

    def test_it_links_an_existing_tax_code_without_changing_the_establishment(self):
        existing = EstablishmentFactory(name="Cơ sở rèn Bảy Ngàn", phone="0987654321", representative="Trần Văn Bảy")
        before = Establishment.objects.count()
        response = self.sign_up(tax_code=existing.tax_code, name="Tên khác", phone="0911111111")
        self.assertContains(response, "Tài khoản đang chờ xác minh")
        self.assertEqual(Establishment.objects.count(), before)
        existing.refresh_from_db()
        self.assertEqual(
            (existing.name, existing.phone, existing.representative, existing.email),
            ("Cơ sở rèn Bảy Ngàn", "0987654321", "Trần Văn Bảy", ""),
        )
        account = EstablishmentAccount.objects.get(user__username="chi.tu@example.vn")
        self.assertEqual(account.establishment, existing)
        self.assertEqual(account.status, EstablishmentAccount.Status.PENDING)
        self.assertIn("Tên khác", account.note)
        self.assertIn("đã có trong danh sách", mail.outbox[0].body)

    def test_it_asks_for_at_least_one_sector(self):
        response = self.sign_up(sectors=[])
        self.assertContains(response, "Hãy chọn ít nhất một ngành nghề sản xuất.")
        self.assertFalse(get_user_model().objects.filter(username="chi.tu@example.vn").exists())

    def test_it_refuses_a_wrong_tax_code_in_vietnamese_and_creates_nothing(self):
        valid = _tax_code(900)
        wrong = valid[:9] + str((int(valid[9]) + 1) % 10)
        response = self.sign_up(tax_code=wrong)
        self.assertContains(response, "sai chữ số kiểm tra")
        response = self.sign_up(tax_code="12345")
        self.assertContains(response, "bạn nhập 5 chữ số")
        self.assertFalse(get_user_model().objects.filter(username="chi.tu@example.vn").exists())
        self.assertFalse(Establishment.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_accepts_the_personal_id_of_a_household_business(self):
        self.sign_up(tax_code="092 190 123456")
        self.assertTrue(Establishment.objects.filter(tax_code="092190123456").exists())

    def test_it_refuses_an_email_already_registered(self):
        make_user("cu@example.vn", "establishment", email="cu@example.vn")
        response = self.sign_up(email="CU@example.vn")
        self.assertContains(response, "Địa chỉ thư điện tử này đã được dùng để đăng ký")
        self.assertFalse(Establishment.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_refuses_a_second_account_for_the_same_establishment(self):
        existing = EstablishmentFactory()
        first = make_user("dau@example.vn", "establishment", email="dau@example.vn")
        EstablishmentAccount.objects.create(user=first, establishment=existing)
        response = self.sign_up(tax_code=existing.tax_code)
        self.assertContains(response, "đã có tài khoản trên cổng")
        self.assertContains(response, "Trung tâm Khuyến công")
        self.assertFalse(get_user_model().objects.filter(username="chi.tu@example.vn").exists())
        self.assertEqual(Notification.objects.count(), 0)

    def test_it_allows_a_new_account_when_the_former_one_was_refused(self):
        existing = EstablishmentFactory()
        first = make_user("dau@example.vn", "establishment", email="dau@example.vn")
        EstablishmentAccount.objects.create(user=first, establishment=existing, status="refused")
        self.sign_up(tax_code=existing.tax_code)
        self.assertEqual(existing.accounts.filter(status="pending").count(), 1)

    def test_it_checks_the_passwords(self):
        response = self.sign_up(password2="khac-han")
        self.assertContains(response, "Hai mật khẩu không khớp nhau")
        response = self.sign_up(password1="12345678", password2="12345678")
        self.assertContains(response, "Mật khẩu này hoàn toàn là số")
        response = self.sign_up(password1="k7#q", password2="k7#q")
        self.assertContains(response, "Mật khẩu quá ngắn: cần ít nhất 8 ký tự")
        self.assertFalse(get_user_model().objects.filter(username="chi.tu@example.vn").exists())

    def test_it_refuses_a_wrong_phone(self):
        response = self.sign_up(phone="12345")
        self.assertContains(response, "Số điện thoại không hợp lệ")

    def test_it_sends_a_signed_in_establishment_to_its_status(self):
        self.sign_up()
        response = self.client.get(URL)
        self.assertRedirects(response, reverse("accounts:account_status"))

    def test_it_lets_a_signed_up_user_reset_the_password_by_email(self):
        self.sign_up()
        self.client.logout()
        mail.outbox.clear()
        response = self.client.post(reverse("password_reset"), {"email": "chi.tu@example.vn"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["chi.tu@example.vn"])
        self.assertIn("/accounts/reset/", mail.outbox[0].body)


class AccountStatusTests(TestCase):
    def test_it_asks_anonymous_visitors_to_log_in(self):
        response = self.client.get(reverse("accounts:account_status"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_it_answers_404_to_a_user_without_an_establishment_account(self):
        self.client.force_login(make_user("canbo", "staff"))
        self.assertEqual(self.client.get(reverse("accounts:account_status")).status_code, 404)

    def test_it_shows_the_reason_of_a_refusal(self):
        user = make_user("coso@example.vn", "establishment", email="coso@example.vn")
        EstablishmentAccount.objects.create(
            user=user, establishment=EstablishmentFactory(), status="refused", note="Không khớp giấy phép"
        )
        self.client.force_login(user)
        response = self.client.get(reverse("accounts:account_status"))
        self.assertContains(response, "Tài khoản không được xác minh")
        self.assertContains(response, "Không khớp giấy phép")


class LoginByEmailTests(TestCase):
    def test_an_establishment_logs_in_with_its_email_in_any_case(self):
        get_user_model().objects.create_user("chi.tu@example.vn", email="chi.tu@example.vn", password=PASSWORD)
        response = self.client.post(reverse("login"), {"username": " Chi.Tu@Example.VN ", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_other_usernames_stay_exact(self):
        get_user_model().objects.create_user("canbo", password=PASSWORD)
        response = self.client.post(reverse("login"), {"username": "CanBo", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
