"""News: the public list and page (/tin-tuc/), and the staff pages that write them (/staff/news/)."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.personas import StaffTestCase
from public.models import Announcement


def announcement(title: str, slug: str, *, published: bool = True, days_ago: int = 1, **extra) -> Announcement:
    return Announcement.objects.create(
        title=title,
        slug=slug,
        body=extra.pop("body", "Nội dung thông báo."),
        published=published,
        published_at=timezone.now() - datetime.timedelta(days=days_ago) if published else None,
        **extra,
    )


class PublicNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.published = announcement(
            "Thông báo nhận hồ sơ khuyến công năm 2027", "nhan-ho-so-2027", summary="Hạn nộp trước 20/5."
        )
        cls.draft = announcement("Bản nháp nội bộ", "ban-nhap-noi-bo", published=False)

    def test_it_lists_published_announcements_only(self):
        response = self.client.get(reverse("public:news_list"))
        self.assertContains(response, "Thông báo nhận hồ sơ khuyến công năm 2027")
        self.assertContains(response, "Hạn nộp trước 20/5.")
        self.assertNotContains(response, "Bản nháp nội bộ")

    def test_it_lists_the_newest_first(self):
        announcement("Tin cũ hơn", "tin-cu-hon", days_ago=30)
        html = self.client.get(reverse("public:news_list")).content.decode()
        self.assertLess(html.index("năm 2027"), html.index("Tin cũ hơn"))

    def test_it_shows_a_published_announcement(self):
        response = self.client.get(reverse("public:news_detail", args=["nhan-ho-so-2027"]))
        self.assertContains(response, "Thông báo nhận hồ sơ khuyến công năm 2027")
        self.assertContains(response, "Nội dung thông báo.")

    def test_it_answers_404_for_an_unpublished_or_unknown_announcement(self):
        self.assertEqual(self.client.get(reverse("public:news_detail", args=["ban-nhap-noi-bo"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("public:news_detail", args=["khong-co"])).status_code, 404)

    def test_it_escapes_html_in_the_body_and_keeps_line_breaks(self):
        announcement("Tin có mã", "tin-co-ma", body="Dòng một\nDòng hai <script>alert('x')</script> <b>đậm</b>")
        response = self.client.get(reverse("public:news_detail", args=["tin-co-ma"]))
        self.assertContains(response, "Dòng một<br>Dòng hai", html=False)
        self.assertContains(response, "&lt;script&gt;", html=False)
        self.assertNotContains(response, "<script>alert", html=False)
        self.assertNotContains(response, "<b>đậm</b>", html=False)

    def test_it_paginates_the_list_within_a_fixed_number_of_queries(self):
        for n in range(30):
            announcement(f"Tin số {n}", f"tin-so-{n}", days_ago=n + 2)
        with self.assertNumQueries(2):
            response = self.client.get(reverse("public:news_list"))
        self.assertContains(response, "Dòng 1–10 trên 31")


class StaffNewsTests(StaffTestCase):
    list_url = reverse("staff:news_list")
    create_url = reverse("staff:news_create")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = announcement("Bản nháp nội bộ", "ban-nhap-noi-bo", published=False)

    def _post(self, url: str, **data):
        form = {"title": "Thông báo đợt 1 năm 2027", "slug": "", "summary": "", "body": "Nội dung.", **data}
        return self.client.post(url, form)

    def test_it_lets_staff_and_leaders_read_the_list(self):
        self.assert_readers_only(self.list_url)

    def test_it_lets_only_staff_write(self):
        self.assert_writers_only(self.create_url, {"title": "Tin", "body": "Nội dung", "published": "on"})
        self.assert_writers_only(reverse("staff:news_edit", args=[self.draft.pk]), {"title": "Tin", "body": "x"})
        self.assertFalse(Announcement.objects.filter(title="Tin").exists())

    def test_it_lists_every_announcement_with_its_state(self):
        announcement("Tin đã đăng", "tin-da-dang")
        self.client.force_login(self.staff)
        response = self.client.get(self.list_url)
        self.assertContains(response, "Bản nháp nội bộ")
        self.assertContains(response, "Chưa đăng")
        self.assertContains(response, "Tin đã đăng")
        self.assertContains(response, "Đã đăng")
        self.assertContains(response, self.create_url)

    def test_it_hides_the_write_buttons_from_leaders(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.list_url)
        self.assertNotContains(response, self.create_url)

    def test_it_is_reachable_from_the_staff_workspace(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(reverse("staff:home")), f'href="{self.list_url}"', html=False)

    def test_it_publishes_a_new_announcement_on_the_public_site_and_home_page(self):
        self.client.force_login(self.staff)
        response = self._post(self.create_url, published="on")
        self.assertRedirects(response, self.list_url, fetch_redirect_response=False)
        created = Announcement.objects.get(title="Thông báo đợt 1 năm 2027")
        self.assertEqual(created.slug, "thong-bao-dot-1-nam-2027")
        self.assertTrue(created.published)
        self.assertIsNotNone(created.published_at)
        self.assertEqual(created.author, self.staff)
        self.assertContains(self.client.get(self.list_url), "Đã lưu và đăng tin")
        self.client.logout()
        self.assertContains(self.client.get(reverse("public:news_list")), "Thông báo đợt 1 năm 2027")
        self.assertContains(self.client.get(reverse("home")), "Thông báo đợt 1 năm 2027")
        self.assertContains(self.client.get(reverse("public:news_detail", args=[created.slug])), "Nội dung.")

    def test_it_keeps_a_draft_off_the_public_site(self):
        self.client.force_login(self.staff)
        self._post(self.create_url)
        created = Announcement.objects.get(title="Thông báo đợt 1 năm 2027")
        self.assertFalse(created.published)
        self.assertIsNone(created.published_at)
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("public:news_list")), "Thông báo đợt 1 năm 2027")

    def test_it_makes_generated_addresses_unique(self):
        announcement("Thông báo đợt 1 năm 2027", "thong-bao-dot-1-nam-2027")
        self.client.force_login(self.staff)
        self._post(self.create_url)
        self.assertTrue(Announcement.objects.filter(slug="thong-bao-dot-1-nam-2027-2").exists())

    def test_it_folds_a_typed_address_and_refuses_one_taken(self):
        self.client.force_login(self.staff)
        self._post(self.create_url, slug="Đợt Một")
        self.assertTrue(Announcement.objects.filter(slug="dot-mot").exists())
        response = self._post(self.create_url, slug="ban-nhap-noi-bo")
        self.assertContains(response, "Đường dẫn này đã dùng cho tin khác")

    def test_it_publishes_an_edited_draft_and_keeps_its_first_date(self):
        self.client.force_login(self.staff)
        url = reverse("staff:news_edit", args=[self.draft.pk])
        self.assertContains(self.client.get(url), "Bản nháp nội bộ")
        self._post(url, title="Bản nháp nội bộ", slug="ban-nhap-noi-bo", published="on")
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.published)
        first_date = self.draft.published_at
        self.assertIsNotNone(first_date)
        self._post(url, title="Bản nháp nội bộ", slug="ban-nhap-noi-bo", body="Sửa lại.", published="on")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.published_at, first_date)
        self.assertEqual(self.draft.body, "Sửa lại.")

    def test_it_requires_a_title_and_a_body(self):
        self.client.force_login(self.staff)
        response = self._post(self.create_url, title="", body="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is-invalid")
        self.assertFalse(Announcement.objects.exclude(pk=self.draft.pk).exists())

    def test_it_lists_within_a_fixed_number_of_queries(self):
        self.client.force_login(self.staff)
        self.client.get(self.list_url)
        for n in range(30):
            announcement(f"Tin số {n}", f"tin-so-{n}", author=self.staff)
        # Session, user, roles, count, rows with their authors.
        with self.assertNumQueries(5):
            response = self.client.get(self.list_url)
        self.assertContains(response, "Trần Thị Lan")
