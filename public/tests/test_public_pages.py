"""The public site, for anonymous visitors: home, support contents, self-check, how to apply."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import AdministrativeUnit, Sector
from beneficiaries.tests.factories import CraftVillageFactory
from programs.models import SupportContent, SupportRule
from programs.tests.factories import content
from public.models import Announcement

PUBLIC_PAGES = ["public:support", "public:self_check", "public:how_to_apply", "public:news_list"]


class PublicPagesTests(TestCase):
    def test_it_opens_every_public_page_to_anonymous_visitors_in_vietnamese(self):
        expected = {
            "home": "Khuyến công hỗ trợ những gì?",
            "public:support": "Khuyến công hỗ trợ những gì, và tối đa bao nhiêu?",
            "public:self_check": "Cơ sở của tôi có được khuyến công hỗ trợ không?",
            "public:how_to_apply": "Giấy tờ nên chuẩn bị",
            "public:news_list": "Tin tức, thông báo",
        }
        for name, text in expected.items():
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 200, name)
            self.assertContains(response, '<html lang="vi">', html=False)
            self.assertContains(response, text)

    def test_it_links_the_home_page_to_every_public_page(self):
        response = self.client.get(reverse("home"))
        for name in PUBLIC_PAGES:
            self.assertContains(response, f'href="{reverse(name)}"', html=False)
        self.assertContains(response, 'href="/accounts/signup/"', html=False)

    def test_it_shows_the_public_links_in_the_menu_of_every_page(self):
        response = self.client.get(reverse("public:how_to_apply"))
        for label in ("Hỗ trợ", "Tự kiểm tra", "Hướng dẫn", "Tin tức"):
            self.assertContains(response, label)

    def test_it_shows_the_latest_three_published_announcements_on_the_home_page(self):
        now = timezone.now()
        for day in range(1, 5):
            Announcement.objects.create(
                title=f"Thông báo số {day}",
                slug=f"thong-bao-so-{day}",
                body="Nội dung",
                published=True,
                published_at=now - datetime.timedelta(days=10 - day),
            )
        Announcement.objects.create(title="Bản nháp chưa đăng", slug="ban-nhap", body="Nháp")
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Thông báo số 4")
        self.assertContains(response, "Thông báo số 2")
        self.assertNotContains(response, "Thông báo số 1")
        self.assertNotContains(response, "Bản nháp chưa đăng")

    def test_it_reads_the_home_page_news_in_one_query_whatever_their_number(self):
        for n in range(9):
            Announcement.objects.create(
                title=f"Tin {n}", slug=f"tin-{n}", body="x", published=True, published_at=timezone.now()
            )
        with self.assertNumQueries(1):
            response = self.client.get(reverse("home"))
        self.assertContains(response, "Tin 8")

    def test_it_explains_the_steps_documents_and_calendar(self):
        response = self.client.get(reverse("public:how_to_apply"))
        for text in (
            "Nhận giấy tiếp nhận.",
            "Giấy chứng nhận đăng ký doanh nghiệp",
            "Trước 20/5",
            "Trước 15/6",
            "thời gian có thể được thành phố điều chỉnh",
            "TT 36/2013/TT-BCT",
        ):
            self.assertContains(response, text)


class SupportPageTests(TestCase):
    url = reverse("public:support")

    def _machinery_card(self, response) -> str:
        html = response.content.decode()
        start = html.index('id="KC03b"')
        return html[start : html.index("</section>", start)]

    def test_it_shows_the_machinery_ceiling_in_force_with_its_legal_basis(self):
        card = self._machinery_card(self.client.get(self.url))
        self.assertIn("300.000.000\u00a0₫", card)
        self.assertIn("450.000.000\u00a0₫", card)
        self.assertIn("TT 28/2018/TT-BTC", card)
        self.assertIn("Tối đa 50% chi phí", card)
        # The 2014 level (200 million, TTLT 26/2014) is no longer in force.
        self.assertNotIn("200.000.000", card)

    def test_it_reads_the_ceiling_from_the_database(self):
        rule = SupportRule.objects.get(content__code="KC03b", variant="standard", effective_to__isnull=True)
        rule.amount_cap = Decimal("350000000")
        rule.legal_basis = "TT 99/2026/TT-BTC, Điều 8"
        rule.save()
        card = self._machinery_card(self.client.get(self.url))
        self.assertIn("350.000.000\u00a0₫", card)
        self.assertIn("TT 99/2026/TT-BTC, Điều 8", card)
        self.assertNotIn("300.000.000", card)

    def test_it_hides_rules_not_yet_in_force_and_local_rules(self):
        SupportRule.objects.create(
            content=content("KC03b"),
            variant="standard",
            variant_label="Mức tương lai",
            pct_cap=Decimal("60"),
            amount_cap=Decimal("900000000"),
            legal_basis="Thông tư tương lai",
            effective_from=timezone.localdate() + datetime.timedelta(days=30),
        )
        SupportRule.objects.create(
            content=content("KC03b"),
            rule_set=SupportRule.RuleSet.LOCAL,
            variant="standard",
            amount_cap=Decimal("777000000"),
            legal_basis="Nghị quyết HĐND",
            effective_from=datetime.date(2026, 1, 1),
        )
        card = self._machinery_card(self.client.get(self.url))
        self.assertNotIn("900.000.000", card)
        self.assertNotIn("777.000.000", card)

    def test_it_notes_unconfirmed_figures_once_without_a_badge_on_each_row(self):
        SupportRule.objects.update(confirmed=True)
        self.assertNotContains(self.client.get(self.url), 'id="unconfirmed-note"')
        SupportRule.objects.filter(content__code__in=["KC03b", "KC05"]).update(confirmed=False)
        response = self.client.get(self.url)
        self.assertContains(response, 'id="unconfirmed-note"', count=1)
        self.assertContains(response, "Một số mức đang được đối chiếu với văn bản mới nhất")
        self.assertNotIn("chưa đối chiếu", self._machinery_card(response))
        self.assertNotContains(response, "badge text-bg-warning")

    def test_it_shows_the_base_machinery_figure_and_a_sentence_on_priority(self):
        card = self._machinery_card(self.client.get(self.url))
        self.assertIn("300.000.000\u00a0₫", card)
        self.assertIn("450.000.000\u00a0₫", card)  # the production line's own cap
        self.assertNotIn("675.000.000", card)
        self.assertNotIn("lần mức tối đa", card)
        self.assertIn("Trường hợp thuộc diện ưu tiên có thể được hỗ trợ cao hơn sau khi thẩm định.", card)
        self.assertContains(self.client.get(self.url), 'id="priority-note"', count=1)

    def test_the_priority_sentence_only_where_the_rule_allows_a_multiplier(self):
        SupportRule.objects.filter(content__code="KC03b").update(priority_multiplier=Decimal("1"))
        self.assertNotIn("diện ưu tiên", self._machinery_card(self.client.get(self.url)))

    def test_it_never_shows_an_expired_basis(self):
        response = self.client.get(self.url)
        self.assertNotContains(response, "221/2012")
        self.assertNotContains(response, "26/2014")

    def test_the_contents_of_decree_235_show_it_as_their_basis(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Nghị định 235/2025/NĐ-CP")

    def test_it_leaves_out_inactive_contents(self):
        SupportContent.objects.filter(code="KC03b").update(active=False)
        self.assertNotContains(self.client.get(self.url), 'id="KC03b"')

    def test_it_uses_the_same_number_of_queries_as_contents_and_rules_grow(self):
        with self.assertNumQueries(2):
            self.client.get(self.url)
        for n in range(3 * SupportContent.objects.count()):
            extra = SupportContent.objects.create(code=f"X{n:02d}", name=f"Nội dung thêm {n}", order=99)
            for variant in ("standard", "other"):
                SupportRule.objects.create(
                    content=extra,
                    variant=variant,
                    amount_cap=Decimal("1000000"),
                    legal_basis="Thử",
                    effective_from=datetime.date(2020, 1, 1),
                )
        with self.assertNumQueries(2):
            response = self.client.get(self.url)
        self.assertContains(response, "Nội dung thêm 5")


class SelfCheckTests(TestCase):
    url = reverse("public:self_check")

    @classmethod
    def setUpTestData(cls):
        cls.commune = AdministrativeUnit.objects.get(code="31338")  # xã Hỏa Lựu
        cls.ward = AdministrativeUnit.objects.get(code="31340")  # phường Ngã Bảy
        cls.village = CraftVillageFactory(name="Làng nghề đan lục bình Ngã Bảy", commune=cls.ward)
        cls.sector = Sector.objects.get(code="a")

    def _check(self, **overrides):
        data = {"legal_form": "household", "commune": self.commune.pk, "sectors": [self.sector.pk]}
        data.update(overrides)
        return self.client.get(self.url, {k: v for k, v in data.items() if v is not None})

    def test_it_offers_active_communes_grouped_by_former_district(self):
        AdministrativeUnit.objects.filter(code="31321").update(active=False)  # phường Vị Thanh
        response = self.client.get(self.url)
        self.assertContains(response, "Thành phố Ngã Bảy (cũ)")
        self.assertContains(response, "Xã Hỏa Lựu")
        self.assertNotContains(response, "Phường Vị Thanh<")
        self.assertContains(response, "Làng nghề đan lục bình Ngã Bảy")
        self.assertNotContains(response, 'id="result"')

    def test_it_says_a_household_in_a_commune_qualifies(self):
        response = self._check()
        self.assertContains(response, "Cơ sở của bạn thuộc đối tượng được hỗ trợ")
        self.assertContains(response, "Nghị định 235/2025/NĐ-CP")
        self.assertContains(response, 'href="/accounts/signup/"', html=False)
        self.assertContains(response, f'href="{reverse("public:support")}"', html=False)

    def test_it_says_a_ward_of_can_tho_without_a_craft_village_does_not_qualify_and_why(self):
        response = self._check(commune=self.ward.pk)
        self.assertContains(response, "Chưa thuộc đối tượng được hỗ trợ, vì")
        self.assertContains(response, "chỉ được hỗ trợ khi nằm trong làng nghề")
        self.assertContains(response, "Điều 1 khoản 2 Nghị định 45/2012/NĐ-CP")

    def test_it_says_a_ward_inside_a_recognised_craft_village_qualifies(self):
        response = self._check(commune=self.ward.pk, craft_village=self.village.pk)
        self.assertContains(response, "Cơ sở của bạn thuộc đối tượng được hỗ trợ")
        self.assertContains(response, "Làng nghề đan lục bình Ngã Bảy")

    def test_it_refuses_a_craft_village_of_another_commune(self):
        response = self._check(craft_village=self.village.pk)
        self.assertContains(response, "không thuộc Xã Hỏa Lựu")
        self.assertNotContains(response, 'id="result"')

    def test_it_says_a_large_company_does_not_qualify(self):
        response = self._check(legal_form="other")
        self.assertContains(response, "Chưa thuộc đối tượng được hỗ trợ, vì")
        self.assertContains(response, "Loại hình này không thuộc đối tượng")

    def test_it_asks_for_a_sector(self):
        response = self._check(sectors=None)
        self.assertContains(response, "ít nhất một ngành nghề")

    def test_it_asks_for_the_commune(self):
        response = self._check(commune="")
        self.assertNotContains(response, 'id="result"')
        self.assertContains(response, "is-invalid")

    def test_it_answers_within_a_fixed_number_of_queries(self):
        # The form's lists (communes, villages, sectors, contents) and the answer's choices.
        with self.assertNumQueries(7):
            self._check(commune=self.ward.pk, craft_village=self.village.pk)

    def test_a_cleaner_production_establishment_in_a_ward_qualifies_for_cleaner_production(self):
        # NĐ 45 Art. 1(2)(b): no place limit for establishments applying cleaner production.
        cleaner = SupportContent.objects.get(code="KC03c")
        response = self._check(commune=self.ward.pk, content=cleaner.pk)
        self.assertContains(response, "Cơ sở của bạn thuộc đối tượng được hỗ trợ nội dung KC03c")
        self.assertContains(response, "không giới hạn địa bàn")
        self.assertContains(response, "cơ sở công nghiệp áp dụng sản xuất sạch hơn")

    def test_the_same_ward_establishment_does_not_qualify_for_machinery(self):
        machinery = SupportContent.objects.get(code="KC03b")
        response = self._check(commune=self.ward.pk, content=machinery.pk)
        self.assertContains(response, "Chưa thuộc đối tượng được hỗ trợ, vì")
        self.assertContains(response, "chỉ được hỗ trợ khi nằm trong làng nghề")
        self.assertNotContains(response, 'id="open-contents"')

    def test_without_a_content_a_ward_refusal_names_the_contents_still_open(self):
        response = self._check(commune=self.ward.pk)
        self.assertContains(response, "Chưa thuộc đối tượng được hỗ trợ, vì")
        listed = response.content.decode().split('id="open-contents"')[1].split("</div>")[0]
        self.assertIn("KC03c – Mô hình thí điểm sản xuất sạch hơn", listed)
        self.assertIn("KC07b – ", listed)
        self.assertNotIn("KC03b", listed)

    def test_no_content_opens_the_door_to_a_legal_form_outside_the_rule(self):
        cleaner = SupportContent.objects.get(code="KC03c")
        self.assertContains(self._check(legal_form="other", content=cleaner.pk), "Loại hình này không thuộc đối tượng")
        self.assertNotContains(self._check(legal_form="other"), 'id="open-contents"')

    def test_a_content_set_as_location_limited_in_the_admin_follows_the_setting(self):
        SupportContent.objects.filter(code="KC03c").update(location_limited=True)
        cleaner = SupportContent.objects.get(code="KC03c")
        response = self._check(commune=self.ward.pk, content=cleaner.pk)
        self.assertContains(response, "Chưa thuộc đối tượng được hỗ trợ, vì")
