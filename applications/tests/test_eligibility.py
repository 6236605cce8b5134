"""Eligibility per content on the establishment's and the conversion paths (NĐ 45/2012 Art. 1(2), NĐ 235/2025).

A ward of Cần Thơ (a centrally-run city) outside a recognised craft village is not a beneficiary
of location-limited contents (Art. 1(2)(a)), but is one for cleaner production (Art. 1(2)(b)).
"""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.test import TestCase

from applications.models import Application
from applications.review_services import application_convert
from applications.services import application_problems
from applications.tests.test_review_services import ReviewServiceTestCase, make_application
from applications.tests.test_review_views import ReviewViewTestCase, url
from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from programs.eligibility import IneligibleBeneficiaryRefused
from programs.models import Project
from programs.tests.factories import content

INELIGIBLE = "Cơ sở ở phường Phường Ngã Bảy của thành phố trực thuộc trung ương chỉ được hỗ trợ khi nằm trong làng nghề"


def ward_establishment():
    """Công ty TNHH Lương thực Hiệp Thuận: a ward of Cần Thơ, no craft village."""
    return EstablishmentFactory(
        name="Công ty TNHH Lương thực Hiệp Thuận", commune=AdministrativeUnit.objects.get(code="31340")
    )


def eligibility_problems(application: Application) -> list[str]:
    return [p for p in application_problems(application) if p.startswith("Cơ sở chưa thuộc đối tượng")]


class SubmissionTests(TestCase):
    def application(self, code: str) -> Application:
        return Application.objects.create(
            establishment=ward_establishment(),
            content=content(code),
            eligible_cost=D("400000000"),
            support_requested=D("100000000"),
            counterpart_committed=D("300000000"),
        )

    def test_a_ward_establishment_cannot_submit_for_machinery(self):
        problems = eligibility_problems(self.application("KC03b"))
        self.assertEqual(len(problems), 1)
        self.assertIn("làng nghề", problems[0])

    def test_the_same_establishment_may_submit_for_cleaner_production(self):
        self.assertEqual(eligibility_problems(self.application("KC03c")), [])


class ConvertTests(ReviewServiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ward = ward_establishment()

    def test_an_ineligible_establishment_is_refused_without_a_reason_and_nothing_is_created(self):
        application = make_application(self.ward, "approved")
        with self.assertRaises(IneligibleBeneficiaryRefused) as caught:
            application_convert(application=application, officer=self.officer, plan=self.plan)
        message = caught.exception.messages[0]
        self.assertIn("Công ty TNHH Lương thực Hiệp Thuận", message)
        self.assertIn("KC03b", message)
        self.assertIn("làng nghề", message)
        self.assertFalse(Project.objects.exists())
        application.refresh_from_db()
        self.assertEqual((application.status, application.project), ("approved", None))

    def test_a_blank_reason_does_not_count(self):
        application = make_application(self.ward, "approved")
        with self.assertRaises(ValidationError):
            application_convert(application=application, officer=self.officer, plan=self.plan, eligibility_reason="  ")

    def test_with_a_reason_the_project_carries_the_exception(self):
        application = make_application(self.ward, "approved")
        project = application_convert(
            application=application,
            officer=self.officer,
            plan=self.plan,
            eligibility_reason="Cơ sở di dời vào cụm công nghiệp trong năm",
        )
        share = project.shares.get()
        self.assertEqual(share.eligibility_exception_reason, "Cơ sở di dời vào cụm công nghiệp trong năm")
        self.assertIn("Công ty TNHH Lương thực Hiệp Thuận", project.history.earliest().history_change_reason)

    def test_cleaner_production_needs_no_exception(self):
        application = make_application(
            self.ward,
            "approved",
            content=content("KC03c"),
            support_requested=D("100000000"),
            counterpart_committed=D("300000000"),
        )
        project = application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertEqual(project.shares.get().eligibility_exception_reason, "")

    def test_an_eligible_establishment_records_no_exception_even_with_a_reason_typed(self):
        application = make_application(self.establishment, "approved")
        project = application_convert(
            application=application, officer=self.officer, plan=self.plan, eligibility_reason="Không cần"
        )
        self.assertEqual(project.shares.get().eligibility_exception_reason, "")


class ConvertViewTests(ReviewViewTestCase):
    def post(self, application, **extra):
        data = {"convert-plan": self.plan.pk, "convert-implementing_unit": "Trung tâm Khuyến công", **extra}
        return self.client.post(url("application_convert", application), data)

    def test_staff_see_why_and_are_asked_for_a_reason(self):
        application = make_application(ward_establishment(), "approved", by=self.staff)
        detail = self.client.get(url("application_detail", application))
        self.assertContains(detail, "làng nghề")
        self.assertContains(detail, "Lý do ngoại lệ về đối tượng")
        response = self.post(application)
        self.assertContains(response, "Cơ sở không thuộc đối tượng được hỗ trợ nội dung KC03b")
        self.assertContains(response, "Công ty TNHH Lương thực Hiệp Thuận")
        self.assertFalse(Project.objects.exists())
        response = self.post(application, **{"convert-eligibility_reason": "Theo chỉ đạo của UBND thành phố"})
        project = Project.objects.get()
        self.assertRedirects(response, f"/staff/projects/{project.uuid}/", fetch_redirect_response=False)
        detail = self.client.get(f"/staff/projects/{project.uuid}/")
        self.assertContains(detail, "Ngoại lệ về đối tượng:")
        self.assertContains(detail, "Theo chỉ đạo của UBND thành phố")
