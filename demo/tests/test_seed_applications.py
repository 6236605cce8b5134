"""`seed_demo` gives the demo establishments applications in every status, with files and a history."""

import re
import shutil
import tempfile
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages as storages_registry
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatus,
    ApplicationStatusChange,
    Appraisal,
)
from applications.services import application_repeat_support


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


class SeedApplicationsTests(TestCase):
    @classmethod
    def setUpClass(cls):
        # The private storage is overridden before setUpTestData writes the seed's files.
        cls._storage_dir = tempfile.mkdtemp(prefix="seed-applications-")
        storages = {**settings.STORAGES, "private": {**settings.STORAGES["private"]}}
        storages["private"]["OPTIONS"] = {"location": cls._storage_dir, "base_url": None}
        cls._storage_override = override_settings(STORAGES=storages)
        cls._storage_override.enable()
        # FileField calls its storage callable once, at import: point the field at the overridden storage.
        cls._file_field = ApplicationAttachment._meta.get_field("file")
        cls._saved_storage = cls._file_field.storage
        cls._file_field.storage = storages_registry["private"]
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._file_field.storage = cls._saved_storage
        cls._storage_override.disable()
        shutil.rmtree(cls._storage_dir, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.output = seed()
        users = get_user_model().objects.select_related("establishment_account__establishment")
        cls.user = users.get(username="establishment")
        cls.first = cls.user.establishment_account.establishment
        cls.second = users.get(username="establishment2").establishment_account.establishment

    def test_it_gives_the_first_establishment_an_application_in_every_status(self):
        statuses = set(Application.objects.filter(establishment=self.first).values_list("status", flat=True))
        self.assertEqual(statuses, set(ApplicationStatus.values))
        self.assertIn("hồ sơ đề nghị: 11", self.output)

    def test_it_gives_the_second_establishment_a_few(self):
        statuses = set(Application.objects.filter(establishment=self.second).values_list("status", flat=True))
        self.assertEqual(
            statuses, {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW}
        )

    def test_it_numbers_every_submitted_application_once(self):
        submitted = Application.objects.exclude(status=ApplicationStatus.DRAFT)
        numbers = list(submitted.values_list("receipt_number", flat=True))
        self.assertEqual(len(numbers), len(set(numbers)))
        for number in numbers:
            self.assertRegex(number, r"^TN-\d{4}-\d{6}$")
        self.assertFalse(Application.objects.filter(status=ApplicationStatus.DRAFT, receipt_number__isnull=False))
        self.assertFalse(submitted.filter(submitted_at__isnull=True).exists())

    def test_it_links_the_converted_application_to_a_project_of_the_same_establishment(self):
        converted = Application.objects.get(establishment=self.first, status=ApplicationStatus.CONVERTED)
        self.assertIsNotNone(converted.project)
        self.assertTrue(converted.project.beneficiaries.filter(pk=self.first.pk).exists())
        self.assertEqual(converted.title, converted.project.title)
        self.assertFalse(Application.objects.exclude(status=ApplicationStatus.CONVERTED).filter(project__isnull=False))

    def test_it_keeps_the_requested_support_within_the_cost(self):
        for application in Application.objects.all():
            self.assertLessEqual(application.support_requested, application.eligible_cost)
            self.assertEqual(
                application.support_requested + application.counterpart_committed, application.eligible_cost
            )

    def test_it_traces_each_application_along_the_allowed_steps_with_reasons(self):
        for application in Application.objects.prefetch_related("status_changes"):
            previous = ApplicationStatus.DRAFT
            for change in application.status_changes.all():
                self.assertEqual(change.from_status, previous)
                self.assertIn(change.to_status, Application.TRANSITIONS[ApplicationStatus(previous)])
                previous = change.to_status
            self.assertEqual(previous, application.status)
        for status in (ApplicationStatus.NEEDS_CORRECTION, ApplicationStatus.REFUSED):
            change = ApplicationStatusChange.objects.get(application__establishment=self.first, to_status=status)
            self.assertTrue(change.reason)
        refused = Application.objects.get(establishment=self.first, status=ApplicationStatus.REFUSED)
        self.assertIn("phương tiện vận chuyển", refused.decision_reason)

    def test_it_appraises_the_approved_application_and_writes_messages(self):
        approved = Application.objects.get(establishment=self.first, status=ApplicationStatus.APPROVED)
        self.assertTrue(Appraisal.objects.filter(application=approved).exists())
        correction = Application.objects.get(establishment=self.first, status=ApplicationStatus.NEEDS_CORRECTION)
        self.assertTrue(ApplicationMessage.objects.filter(application=correction, from_staff=True).exists())

    def test_approved_applications_that_repeat_a_support_carry_the_reason(self):
        for approved in Application.objects.filter(status=ApplicationStatus.APPROVED):
            if application_repeat_support(approved) is not None:
                self.assertTrue(approved.repeat_support_reason, approved)
        approved = Application.objects.get(establishment=self.first, status=ApplicationStatus.APPROVED)
        self.assertIsNotNone(application_repeat_support(approved))  # the showcase: a 2024 machinery beneficiary

    def test_it_stores_small_real_files_in_the_private_storage(self):
        attachments = ApplicationAttachment.objects.filter(application__establishment=self.first)
        kinds = set(attachments.values_list("kind", flat=True))
        self.assertEqual(kinds, {ApplicationAttachment.Kind.BUSINESS_REGISTRATION, ApplicationAttachment.Kind.PHOTO})
        for attachment in ApplicationAttachment.objects.all():
            self.assertTrue(attachment.file.storage.exists(attachment.file.name))
            self.assertTrue(attachment.file.storage.path(attachment.file.name).startswith(self._storage_dir))
            with attachment.file.open("rb") as handle:
                data = handle.read()
            self.assertEqual(len(data), attachment.size)
            if attachment.kind == ApplicationAttachment.Kind.BUSINESS_REGISTRATION:
                self.assertEqual(attachment.original_name, "giay-dang-ky-kinh-doanh.pdf")
                self.assertTrue(data.startswith(b"%PDF"))
            else:
                self.assertTrue(data.startswith(b"\x89PNG"))

    def test_it_adds_nothing_the_second_time(self):
        before = (
            Application.objects.count(),
            ApplicationAttachment.objects.count(),
            ApplicationMessage.objects.count(),
        )
        output = seed()
        self.assertIn("Đã tạo mới — không có.", output)
        after = (Application.objects.count(), ApplicationAttachment.objects.count(), ApplicationMessage.objects.count())
        self.assertEqual(after, before)

    def test_it_shows_them_on_the_establishments_home_page(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("apply:home"))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for status in ApplicationStatus:
            self.assertIn(str(status.label), page)
        self.assertIn("Ứng dụng máy sấy bơm nhiệt cho tôm khô", page)
        self.assertIsNotNone(re.search(r"TN-2026-\d{6}", page))
        self.assertNotIn("Tôn thép Minh Lợi”", page)
