"""An establishment's page in the registry shows the projects it took part in and the support it received
(programs' cards on a beneficiaries page)."""

from decimal import Decimal

from django.urls import reverse

from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.tests.factories import add_support


class EstablishmentSupportTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở chế biến khóm Cầu Đúc", woman_owned=True)
        cls.url = reverse("staff:establishment_detail", args=[cls.establishment.code])

    def setUp(self):
        self.client.force_login(self.staff)

    def test_it_lists_projects_and_sums_the_support_received_by_content_and_year(self):
        add_support(self.establishment, 2)
        response = self.client.get(self.url)
        shares = list(response.context["shares"])
        self.assertEqual(len(shares), 4)
        project = shares[0].project
        self.assertContains(response, f'href="{reverse("staff:project_detail", args=[project.uuid])}"')
        self.assertContains(response, "Đã quyết toán")
        self.assertEqual(response.context["support_total"], Decimal("400000000"))
        self.assertEqual(
            [(r["project__content__code"], r["total"]) for r in response.context["support_by_content"]],
            [("KC03b", Decimal("200000000") * 2)],
        )
        self.assertEqual(
            [(r["project__plan__year"], r["total"]) for r in response.context["support_by_year"]],
            [(2022, Decimal("200000000")), (2021, Decimal("200000000"))],
        )
        self.assertContains(response, "400.000.000\u00a0₫")
        self.assertContains(response, "1.000.002.022\u00a0₫")  # the 2022 revenue
