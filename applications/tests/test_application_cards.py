"""Applications on other apps' staff pages: the waiting ones on the staff home, an establishment's own on
its page in the registry (cards of `{% load application_cards %}`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.tests.factories import content


class StaffHomeCardTests(StaffTestCase):
    url = reverse("staff:home")

    def setUp(self):
        self.client.force_login(self.staff)

    def test_it_lists_the_applications_waiting_for_an_officer(self):
        establishment = EstablishmentFactory(name="Cơ sở khô cá Út Hiền")
        for number, status in (("000011", "submitted"), ("000012", "under_review"), ("000013", "approved")):
            Application.objects.create(
                establishment=establishment,
                status=status,
                receipt_number=f"TN-2026-{number}",
                submitted_at=timezone.now(),
            )
        Application.objects.create(establishment=establishment, title="Bản nháp")
        response = self.client.get(self.url)
        self.assertEqual(response.context["waiting"].count, 2)
        self.assertContains(response, "TN-2026-000011")
        self.assertContains(response, "TN-2026-000012")
        self.assertNotContains(response, "TN-2026-000013")
        self.assertContains(response, "Cơ sở khô cá Út Hiền")

    def test_its_query_count_does_not_grow_with_the_applications(self):
        with CaptureQueriesContext(connection) as empty:
            self.client.get(self.url)
        for n in range(2):
            for k in range(3):
                Application.objects.create(
                    establishment=EstablishmentFactory(),
                    content=content("KC03b") if k else None,
                    status="submitted",
                    receipt_number=f"TN-2026-9{n}{k}",
                    submitted_at=timezone.now(),
                )
        with self.assertNumQueries(len(empty)):
            response = self.client.get(self.url)
        self.assertEqual(response.context["waiting"].count, 6)
        self.assertContains(response, "TN-2026-912")


class EstablishmentPageCardTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở chế biến khóm Cầu Đúc", woman_owned=True)
        cls.url = reverse("staff:establishment_detail", args=[cls.establishment.code])

    def test_it_lists_the_applications_it_filed_but_not_its_drafts(self):
        Application.objects.create(
            establishment=self.establishment, title="Máy sấy khóm", status="submitted", receipt_number="TN-2026-000042"
        )
        Application.objects.create(establishment=self.establishment, title="Bản nháp riêng")
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "TN-2026-000042")
        self.assertContains(response, "Máy sấy khóm")
        self.assertNotContains(response, "Bản nháp riêng")
