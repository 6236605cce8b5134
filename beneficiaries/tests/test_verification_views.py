from django.core import mail
from django.urls import reverse

from beneficiaries.models import EstablishmentAccount, Notification
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase, make_user

LIST_URL = reverse("staff:account_list")


def pending_account(n: int, *, new: bool = False, **extra) -> EstablishmentAccount:
    """An account of the n-th establishment; `new`: the establishment was created by the sign-up."""
    if not new:
        establishment = EstablishmentFactory(name=f"Cơ sở mắm cá linh {n}")
    user = make_user(f"coso{n}@example.vn", "establishment", email=f"coso{n}@example.vn")
    if new:
        establishment = EstablishmentFactory(name=f"Cơ sở mắm cá linh {n}")
    return EstablishmentAccount.objects.create(user=user, establishment=establishment, **extra)


class AccountListTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.account = pending_account(1)
        cls.verified = pending_account(2, new=True, status="verified", verified_by=cls.staff)

    def test_it_is_for_programme_readers_only(self):
        self.assert_readers_only(LIST_URL)

    def test_it_shows_pending_accounts_first_with_their_establishment(self):
        self.client.force_login(self.staff)
        response = self.client.get(LIST_URL)
        self.assertContains(response, "coso1@example.vn")
        self.assertContains(response, "Cơ sở mắm cá linh 1")
        self.assertContains(response, self.account.establishment.tax_code)
        # The establishment existed before the account (factory first): "already in the registry".
        self.assertContains(response, "Đã có trước khi đăng ký", count=1)
        self.assertContains(response, "Mới, do người đăng ký khai", count=1)
        content = response.content.decode()
        self.assertLess(content.index("coso1@example.vn"), content.index("coso2@example.vn"))
        self.assertContains(response, "Xác nhận xác minh</button>", count=1)

    def test_it_filters_by_status(self):
        self.client.force_login(self.leader)
        response = self.client.get(LIST_URL, {"status": "verified"})
        self.assertContains(response, "coso2@example.vn")
        self.assertNotContains(response, "coso1@example.vn")
        # Leaders read but get no buttons.
        self.assertNotContains(response, "Xác nhận xác minh</button>")

    def test_it_keeps_its_query_count_when_accounts_triple(self):
        self.client.force_login(self.staff)
        for n in range(3, 5):
            pending_account(n)
        with self.assertNumQueries(6):
            response = self.client.get(LIST_URL)
        self.assertContains(response, "Cơ sở mắm cá linh 4")
        for n in range(5, 17):
            pending_account(n, status="refused", verified_by=self.leader, note="Sai thông tin")
        with self.assertNumQueries(6):
            response = self.client.get(LIST_URL)
        self.assertContains(response, "Sai thông tin")


class AccountVerifyTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.account = pending_account(1)
        cls.url = reverse("staff:account_verify", args=[cls.account.pk])

    def test_it_lets_only_staff_verify_and_only_by_post(self):
        self.assert_writers_only(self.url)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "pending")

    def test_it_verifies_and_tells_the_user(self):
        self.client.force_login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, follow=True)
        self.assertContains(response, "Đã xác minh tài khoản coso1@example.vn")
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "verified")
        self.assertEqual(self.account.verified_by, self.staff)
        self.assertIsNotNone(self.account.verified_at)
        notice = Notification.objects.get(recipient=self.account.user)
        self.assertIn("đã được xác minh", notice.message)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["coso1@example.vn"])
        self.assertIn("Cơ sở mắm cá linh 1", mail.outbox[0].body)

    def test_it_refuses_to_verify_a_second_account_of_one_establishment(self):
        other = make_user("khac@example.vn", "establishment", email="khac@example.vn")
        EstablishmentAccount.objects.create(user=other, establishment=self.account.establishment, status="verified")
        self.client.force_login(self.staff)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "đã có một tài khoản khác")
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "pending")


class AccountRefuseTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.account = pending_account(1)
        cls.url = reverse("staff:account_refuse", args=[cls.account.pk])

    def test_it_lets_only_staff_refuse_and_only_by_post(self):
        self.assert_writers_only(self.url, {"reason": "Sai"})
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "pending")

    def test_it_needs_a_reason(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {"reason": "  "}, follow=True)
        self.assertContains(response, "Hãy ghi lý do từ chối")
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "pending")
        self.assertFalse(Notification.objects.exists())

    def test_it_refuses_and_tells_the_user_why(self):
        self.client.force_login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"reason": "Người đại diện không khớp giấy phép"}, follow=True)
        self.assertContains(response, "Đã từ chối tài khoản coso1@example.vn")
        self.account.refresh_from_db()
        self.assertEqual(self.account.status, "refused")
        self.assertEqual(self.account.verified_by, self.staff)
        self.assertEqual(self.account.note, "Người đại diện không khớp giấy phép")
        notice = Notification.objects.get(recipient=self.account.user)
        self.assertIn("Lý do: Người đại diện không khớp giấy phép", notice.message)
        self.assertEqual(notice.url, reverse("accounts:account_status"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Người đại diện không khớp giấy phép", mail.outbox[0].body)
