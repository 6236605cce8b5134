"""An establishment's page in the registry, with the cards of the apps above it: the support it received
and its projects (programs), its applications (applications). However much of each there is, the page
costs the same number of queries."""

from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.models import ProjectStatus
from programs.tests.factories import ProjectFactory, add_support, content


class EstablishmentPageTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở chế biến khóm Cầu Đúc", woman_owned=True)
        cls.url = reverse("staff:establishment_detail", args=[cls.establishment.code])

    def file_applications(self, tag: str, n: int):
        """n submitted applications for KC03b, and one that became a project."""
        for k in range(n):
            Application.objects.create(
                establishment=self.establishment,
                title=f"Máy sấy khóm {tag}{k}",
                content=content("KC03b"),
                status=ApplicationStatus.SUBMITTED,
                receipt_number=f"TN-2026-{tag}{k:04d}",
                submitted_at=timezone.now(),
            )
        Application.objects.create(
            establishment=self.establishment,
            title=f"Lò sấy {tag}",
            content=content("KC03b"),
            status=ApplicationStatus.CONVERTED,
            receipt_number=f"TN-2026-{tag}9999",
            submitted_at=timezone.now(),
            project=ProjectFactory(status=ProjectStatus.APPROVED),
        )

    def change_history(self, *changes: tuple[str, str]):
        for phone, commune in changes:
            self.establishment.phone = phone
            self.establishment.commune = AdministrativeUnit.objects.get(code=commune)
            self.establishment.save()

    def test_its_query_count_does_not_grow_with_the_data(self):
        # session, user, roles, establishment, sectors, year stats, history + its communes, the yearly
        # figures' history (beneficiaries);
        # projects and the 3 sums of the support received (programs' cards); applications (applications' card)
        self.client.force_login(self.staff)
        add_support(self.establishment, 1)
        self.change_history(("0987654321", "31426"))
        self.file_applications("A", 1)
        with self.assertNumQueries(14):
            self.client.get(self.url)
        add_support(self.establishment, 3, first_year=2022)
        self.change_history(("0987654322", "31338"), ("0987654323", "31342"))
        self.file_applications("B", 4)
        with self.assertNumQueries(14):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["shares"]), 8)
        self.assertContains(response, "TN-2026-B0003")
        self.assertContains(response, "TN-2026-B9999")
