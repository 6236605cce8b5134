from django.test import TestCase
from django.urls import reverse

from beneficiaries.models import Notification
from beneficiaries.tests.personas import make_user

LIST_URL = reverse("accounts:notifications")


class NotificationViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = make_user("coso@example.vn", "establishment")
        cls.other = make_user("khac@example.vn", "establishment")
        cls.mine = Notification.objects.create(
            recipient=cls.owner, message="Hồ sơ TN-2026-000001 cần bổ sung.", url="/apply/"
        )
        cls.theirs = Notification.objects.create(recipient=cls.other, message="Thông báo của cơ sở khác", url="/apply/")

    def open_url(self, notice: Notification) -> str:
        return reverse("accounts:notification_open", args=[notice.pk])

    def test_it_asks_anonymous_visitors_to_log_in(self):
        for url in (LIST_URL, self.open_url(self.mine), reverse("accounts:notifications_badge")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_it_shows_only_my_notices_with_the_unread_highlighted(self):
        self.client.force_login(self.owner)
        response = self.client.get(LIST_URL)
        self.assertContains(response, "Hồ sơ TN-2026-000001 cần bổ sung.")
        self.assertContains(response, "Chưa đọc")
        self.assertNotContains(response, "Thông báo của cơ sở khác")

    def test_it_opens_my_notice_marks_it_read_and_follows_its_link(self):
        self.client.force_login(self.owner)
        response = self.client.get(self.open_url(self.mine))
        self.assertRedirects(response, "/apply/", fetch_redirect_response=False)
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.read_at)

    def test_it_answers_404_for_another_users_notice(self):
        self.client.force_login(self.owner)
        self.assertEqual(self.client.get(self.open_url(self.theirs)).status_code, 404)
        self.theirs.refresh_from_db()
        self.assertIsNone(self.theirs.read_at)

    def test_it_never_redirects_to_another_site(self):
        self.client.force_login(self.owner)
        for url in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""):
            notice = Notification.objects.create(recipient=self.owner, message="x", url=url)
            response = self.client.get(self.open_url(notice))
            self.assertRedirects(response, LIST_URL, msg_prefix=url)

    def test_it_marks_all_read_by_post_only(self):
        Notification.objects.create(recipient=self.owner, message="Thứ hai")
        self.client.force_login(self.owner)
        url = reverse("accounts:notifications_read")
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Đã đánh dấu tất cả thông báo là đã đọc")
        self.assertFalse(Notification.objects.filter(recipient=self.owner, read_at__isnull=True).exists())
        self.assertFalse(Notification.objects.filter(recipient=self.other, read_at__isnull=False).exists())

    def test_it_counts_my_unread_notices_for_the_bell(self):
        Notification.objects.create(recipient=self.owner, message="Thứ hai")
        self.client.force_login(self.owner)
        response = self.client.get(LIST_URL)
        self.assertContains(response, reverse("accounts:notifications_badge"))
        with self.assertNumQueries(3):
            response = self.client.get(reverse("accounts:notifications_badge"))
        self.assertContains(response, ">2<")
        self.client.post(reverse("accounts:notifications_read"))
        response = self.client.get(reverse("accounts:notifications_badge"))
        self.assertNotContains(response, "badge")

    def test_it_keeps_its_query_count_when_notices_triple(self):
        self.client.force_login(self.owner)
        with self.assertNumQueries(5):
            self.client.get(LIST_URL)
        Notification.objects.bulk_create(
            Notification(recipient=self.owner, message=f"Thông báo {n}", url="/apply/") for n in range(3)
        )
        with self.assertNumQueries(5):
            response = self.client.get(LIST_URL)
        self.assertContains(response, "Thông báo 2")
