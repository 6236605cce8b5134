import datetime
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from applications import services as application_services
from applications.models import Application
from applications.services import (
    application_problems,
    application_submit,
    application_withdraw,
    attachment_add,
)
from applications.tests.test_portal_views import PDF_BYTES, ApplyTestCase
from beneficiaries.tests.factories import EstablishmentFactory
from programs.tests.factories import content


class ApplicationProblemsTests(TestCase):
    def test_an_empty_draft_lists_every_missing_item(self):
        application = Application.objects.create(establishment=EstablishmentFactory())
        problems = application_problems(application)
        self.assertEqual(
            problems,
            [
                "Chưa chọn nội dung hỗ trợ.",
                "Chưa ghi tên đề nghị hỗ trợ.",
                "Chưa mô tả nhu cầu, mục đích.",
                "Chưa ghi kết quả mong đợi.",
                "Chưa nhập tổng chi phí.",
                "Chưa nhập kinh phí đề nghị hỗ trợ.",
                "Chưa nhập vốn đối ứng cam kết.",
                "Chưa nhập ngày dự kiến bắt đầu.",
                "Chưa nhập ngày dự kiến hoàn thành.",
                "Chưa đính kèm giấy đăng ký kinh doanh.",
            ],
        )

    def test_it_checks_the_counterpart_and_the_establishments_eligibility(self):
        establishment = EstablishmentFactory(sectors=[])
        application = Application.objects.create(
            establishment=establishment,
            content=content("KC03b"),
            eligible_cost=400_000_000,
            support_requested=100_000_000,
            counterpart_committed=100_000_000,
        )
        problems = " ".join(application_problems(application))
        self.assertIn("chưa đủ tổng chi phí (400.000.000", problems)
        self.assertIn("Cơ sở chưa thuộc đối tượng được hỗ trợ", problems)

    def test_a_variant_without_a_rule_is_named(self):
        application = Application.objects.create(
            establishment=EstablishmentFactory(), content=content("KC03b"), variant="nope", eligible_cost=1
        )
        self.assertIn("Chưa có mức hỗ trợ tối đa", " ".join(application_problems(application)))


class SubmitServiceTests(ApplyTestCase):
    def setUp(self):
        super().setUp()
        self.application = self.complete_application()

    def test_receipt_numbers_follow_the_years_last_one(self):
        year = timezone.localdate().year
        self.make_application(receipt_number=f"TN-{year}-000041", status="submitted")
        self.make_application(receipt_number=f"TN-{year - 1}-000900", status="submitted")
        application = application_submit(application=self.application, by=self.user)
        self.assertEqual(application.receipt_number, f"TN-{year}-000042")

    def test_it_takes_the_next_number_when_another_submission_took_it(self):
        year = timezone.localdate().year
        taken = self.make_application(receipt_number=f"TN-{year}-000001", status="submitted")
        real = application_services.next_receipt_number
        calls = []

        def stale(y):
            # The first read misses the row another request has just written.
            calls.append(y)
            return f"TN-{y}-000001" if len(calls) == 1 else real(y)

        with mock.patch.object(application_services, "next_receipt_number", side_effect=stale):
            application = application_submit(application=self.application, by=self.user)
        self.assertEqual(application.receipt_number, f"TN-{year}-000002")
        self.assertNotEqual(taken.pk, application.pk)

    def test_an_incomplete_application_is_not_submitted(self):
        self.application.content = None
        self.application.save()
        with self.assertRaises(ValidationError) as caught:
            application_submit(application=self.application, by=self.user)
        self.assertIn("Chưa chọn nội dung hỗ trợ.", caught.exception.messages)
        self.application.refresh_from_db()
        self.assertEqual((self.application.status, self.application.receipt_number), ("draft", None))

    def test_withdraw_is_refused_after_review_starts(self):
        application = application_submit(application=self.application, by=self.user)
        application.status = "under_review"
        application.save()
        with self.assertRaises(ValidationError):
            application_withdraw(application=application, by=self.user)

    def test_files_cannot_be_added_once_submitted(self):
        application = application_submit(application=self.application, by=self.user)
        with self.assertRaises(ValidationError):
            attachment_add(
                application=application,
                kind="quote",
                upload=SimpleUploadedFile("bao-gia.pdf", PDF_BYTES),
                by=self.user,
            )
        self.assertEqual(application.attachments.count(), 1)
        self.assertEqual(application.planned_start, datetime.date(2027, 3, 1))
