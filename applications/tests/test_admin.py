"""The Django admin of applications: every page opens, and rows the review steps write are only shown."""

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatusChange,
    Appraisal,
)
from beneficiaries.tests.admin_helpers import EveryAdminPage, RegistryAdminTestCase


class EveryPageTests(EveryAdminPage, RegistryAdminTestCase):
    app_label = "applications"
    # Rows written only through the review services: the admin shows them, and adds nothing.
    # Applications too: they are filed in the portal or on behalf, with the checks of those paths.
    view_only = frozenset({Application, ApplicationAttachment, ApplicationMessage, ApplicationStatusChange, Appraisal})

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.application = Application.objects.create(establishment=cls.establishment, title="Máy sấy thử")
        cls.attachment = ApplicationAttachment.objects.create(
            application=cls.application,
            file="private/t.pdf",
            original_name="bao-gia.pdf",
            content_type="application/pdf",
            size=1024,
        )
        cls.message = ApplicationMessage.objects.create(application=cls.application, author=cls.owner, body="Xin hỏi")
        cls.application_step = ApplicationStatusChange.objects.create(
            application=cls.application, from_status="draft", to_status="submitted"
        )
        cls.appraisal = Appraisal.objects.create(
            application=cls.application,
            principles_score=8,
            need_effect_score=7,
            cost_score=6,
            capacity_score=8,
            completeness_score=9,
        )

    def rows(self) -> dict:
        return super().rows() | {
            Application: self.application,
            ApplicationAttachment: self.attachment,
            ApplicationMessage: self.message,
            ApplicationStatusChange: self.application_step,
            Appraisal: self.appraisal,
        }
