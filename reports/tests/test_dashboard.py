"""The leaders' dashboard: who may see it, the year picker, the figures and a fixed query count."""

from decimal import Decimal

from django.urls import reverse

from beneficiaries.tests.personas import StaffTestCase
from reports import selectors
from reports.tests import build_year

URL = reverse("reports:dashboard")


class DashboardTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(2024)
        build_year(2025)

    def test_readers_only(self):
        self.assertEqual(URL, "/reports/")
        self.assert_readers_only(URL)
        self.assert_readers_only(f"{URL}?year=2025")

    def test_year_picker_and_figures(self):
        self.client.force_login(self.leader)
        response = self.client.get(URL, {"year": 2025})
        self.assertEqual(response.context["year"], 2025)
        self.assertEqual(response.context["years"][:2], [2025, 2024])
        self.assertContains(response, '<option value="2024">2024</option>', html=True)
        self.assertContains(response, '<option value="2025" selected>2025</option>', html=True)
        total = selectors.state_total(selectors.money_by_source(2025))
        self.assertEqual(total.approved, Decimal("260000000"))
        self.assertContains(response, "260.000.000")
        for heading in ("Kinh phí theo nguồn", "Theo xã, phường", "Cơ sở được hỗ trợ", "Chỉ tiêu kế hoạch", "So sánh"):
            self.assertContains(response, heading)
        self.assertContains(response, "<svg", count=3)
        self.assertContains(response, "table-responsive")
        # Other year, and nonsense, fall back cleanly.
        self.assertEqual(self.client.get(URL, {"year": 2024}).context["year"], 2024)
        self.assertEqual(self.client.get(URL, {"year": "abc"}).status_code, 200)
        self.assertEqual(self.client.get(URL, {"year": "99999"}).status_code, 200)

    def test_empty_year(self):
        self.client.force_login(self.staff)
        response = self.client.get(URL, {"year": 2019})
        self.assertContains(response, "Năm này chưa có đề án.")

    def test_navbar_link(self):
        self.client.force_login(self.leader)
        self.assertContains(self.client.get(URL), 'href="/reports/"')
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get("/"), 'href="/reports/"')

    def test_query_count_constant(self):
        self.client.force_login(self.leader)
        self.client.get(URL, {"year": 2025})
        with self.assertNumQueries(QUERIES):
            self.client.get(URL, {"year": 2025})
        build_year(2025, "B")
        build_year(2025, "C")
        with self.assertNumQueries(QUERIES):
            response = self.client.get(URL, {"year": 2025})
        self.assertContains(response, "780.000.000")  # three times the state approved
        # What remains of the budget comes with the same queries: 3 × (900 + 100) assigned − 780 approved.
        self.assertContains(response, 'data-total="state-remaining">2.220.000.000')


# Session, user, roles; plan years; by source, content, year comparison; commune and district (two each: the
# projects' approved money, their beneficiaries); reach; indicators and establishments supported; the user's
# recent report jobs.
QUERIES = 15
