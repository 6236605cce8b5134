from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase

from applications.models import Application, ApplicationStatusChange
from applications.workflow import application_transition
from beneficiaries.tests.factories import EstablishmentFactory


class ApplicationTransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = get_user_model().objects.create_user("canbo")

    def setUp(self):
        self.application = Application.objects.create(establishment=EstablishmentFactory(), title="Máy sấy")

    def test_it_records_each_step_and_the_submission_time(self):
        application = application_transition(application=self.application, to_status="submitted")
        self.assertIsNotNone(application.submitted_at)
        application = application_transition(application=application, to_status="under_review", by=self.officer)
        steps = ApplicationStatusChange.objects.filter(application=application)
        self.assertEqual(
            list(steps.values_list("from_status", "to_status")), [("draft", "submitted"), ("submitted", "under_review")]
        )

    def test_a_correction_request_needs_a_reason(self):
        application = application_transition(application=self.application, to_status="submitted")
        application = application_transition(application=application, to_status="under_review")
        with self.assertRaises(ValidationError) as caught:
            application_transition(application=application, to_status="needs_correction")
        self.assertEqual(caught.exception.code, "reason_required")
        application = application_transition(
            application=application, to_status="needs_correction", reason="Thiếu báo giá máy"
        )
        self.assertTrue(application.can_edit)

    def test_a_refusal_keeps_its_reason_and_date(self):
        application = application_transition(application=self.application, to_status="submitted")
        application = application_transition(application=application, to_status="under_review")
        application = application_transition(application=application, to_status="refused", reason="Ngoài địa bàn")
        self.assertEqual(application.decision_reason, "Ngoài địa bàn")
        self.assertIsNotNone(application.decided_at)

    def test_it_refuses_a_step_off_the_path(self):
        with self.assertRaises(ValidationError) as caught:
            application_transition(application=self.application, to_status="approved")
        self.assertIn("Không thể chuyển hồ sơ", caught.exception.messages[0])
        self.assertFalse(ApplicationStatusChange.objects.exists())
