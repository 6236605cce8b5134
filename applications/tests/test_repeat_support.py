"""The double-support rule on the application paths, from the regulation's side.

The establishment had KC03b machinery support from 01/03/2025 (project KCĐP-2025-001). A new
request for the same content within three years of that start, before or after, is a possible
repeat, and so is another request of the same content still open. The establishment is warned
and may submit; staff must record a reason to approve, to file on its behalf or to convert.
"""

import datetime
from decimal import Decimal as D

from django.urls import reverse

from applications.models import Application
from applications.review_services import (
    application_convert,
    application_decide,
    application_file_on_behalf,
    appraisal_create,
)
from applications.services import application_repeat_support, application_repeat_warnings
from applications.tests.test_portal_views import ApplyTestCase
from applications.tests.test_review_services import (
    SCORES,
    ReviewServiceTestCase,
    make_application,
    registration_scan,
    scan,
)
from applications.tests.test_review_views import ReviewViewTestCase, url
from programs.models import Project, ProjectStatus
from programs.services import RepeatSupportRefused
from programs.tests.factories import ProjectBeneficiaryFactory, ProjectFactory, content

d = datetime.date
REASON = "Máy khác loại, cơ sở mở rộng sang dây chuyền đóng gói"


def machinery_project(establishment, start=None, end=None, **fields) -> Project:
    """KCĐP-2025-001, KC03b for `establishment`, from 01/03/2025 to 31/10/2025 unless told."""
    start, end = start or d(2025, 3, 1), end or d(2025, 10, 31)
    project = ProjectFactory(code="KCĐP-2025-001", start_date=start, end_date=end, **fields)
    ProjectBeneficiaryFactory(project=project, establishment=establishment)
    return project


class ApplicationRepeatTests(ReviewServiceTestCase):
    """The check itself, for an application planned from 01/03/2026 (make_application's dates)."""

    def setUp(self):
        self.project = machinery_project(self.establishment)

    def repeat(self, **fields):
        return application_repeat_support(make_application(self.establishment, "draft", receipt_number=None, **fields))

    def test_an_earlier_project_of_the_same_content_is_a_repeat(self):
        self.assertEqual(self.repeat().projects, [self.project])

    def test_a_project_starting_the_same_day_or_later_is_a_repeat(self):
        self.assertEqual(self.repeat(planned_start=d(2025, 3, 1), planned_end=d(2025, 9, 30)).projects, [self.project])
        self.assertEqual(self.repeat(planned_start=d(2024, 5, 1), planned_end=d(2024, 9, 30)).projects, [self.project])

    def test_the_edge_is_three_years_from_the_start_to_the_day(self):
        self.assertIsNotNone(self.repeat(planned_start=d(2028, 3, 1), planned_end=d(2028, 9, 30)))
        self.assertIsNone(self.repeat(planned_start=d(2028, 3, 2), planned_end=d(2028, 9, 30)))
        self.assertIsNotNone(self.repeat(planned_start=d(2022, 3, 1), planned_end=d(2022, 9, 30)))
        self.assertIsNone(self.repeat(planned_start=d(2022, 2, 28), planned_end=d(2022, 9, 30)))

    def test_cancelled_projects_and_other_contents_do_not_count(self):
        Project.objects.filter(pk=self.project.pk).update(status=ProjectStatus.CANCELLED)
        self.assertIsNone(self.repeat())
        self.assertIsNone(self.repeat(content=content("KC03a")))

    def test_an_open_application_of_the_same_content_is_a_possible_repeat(self):
        Project.objects.filter(pk=self.project.pk).update(status=ProjectStatus.CANCELLED)
        pending = {
            status: make_application(self.establishment, status)
            for status in ("submitted", "under_review", "needs_correction", "approved")
        }
        for status in ("refused", "withdrawn", "draft"):
            make_application(self.establishment, status)
        make_application(self.establishment, "submitted", content=content("KC03a"))
        found = self.repeat()
        self.assertEqual(set(found.applications), set(pending.values()))
        self.assertEqual(found.projects, [])

    def test_the_establishment_reads_the_date_of_the_earlier_support(self):
        application = make_application(self.establishment, "draft", receipt_number=None)
        make_application(self.establishment, "submitted", receipt_number="TN-2026-000777")
        warnings = application_repeat_warnings(application)
        self.assertEqual(len(warnings), 2)
        self.assertIn("KCĐP-2025-001", warnings[0])
        self.assertIn("01/03/2025", warnings[0])
        self.assertIn("có thể không được hỗ trợ", warnings[0])
        self.assertIn("TN-2026-000777", warnings[1])


class DecideTests(ReviewServiceTestCase):
    def test_approving_a_repeat_needs_a_reason_and_keeps_it(self):
        machinery_project(self.establishment)
        application = make_application(self.establishment, "under_review")
        appraisal_create(application=application, appraiser=self.officer, scores=SCORES, comments={})
        with self.assertRaises(RepeatSupportRefused) as caught:
            application_decide(application=application, officer=self.officer, approve=True)
        self.assertIn("KCĐP-2025-001", caught.exception.messages[0])
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")

        application = application_decide(
            application=application, officer=self.officer, approve=True, repeat_reason=REASON
        )
        application.refresh_from_db()
        self.assertEqual((application.status, application.repeat_support_reason), ("approved", REASON))
        self.assertEqual(application.history.latest().history_change_reason, REASON)

    def test_refusing_needs_no_repeat_reason(self):
        machinery_project(self.establishment)
        application = make_application(self.establishment, "under_review")
        application = application_decide(application=application, officer=self.officer, approve=False, reason="Trùng")
        self.assertEqual(application.status, "refused")


class ConvertRepeatTests(ReviewServiceTestCase):
    def test_a_2025_machinery_beneficiary_is_not_converted_without_a_reason(self):
        machinery_project(self.establishment)
        application = make_application(self.establishment, "approved")  # approved before the check
        with self.assertRaises(RepeatSupportRefused):
            application_convert(application=application, officer=self.officer, plan=self.plan)
        application.refresh_from_db()
        self.assertEqual(application.status, "approved")
        self.assertFalse(Project.objects.filter(application=application).exists())
        project = application_convert(
            application=application, officer=self.officer, plan=self.plan, repeat_reason=REASON
        )
        self.assertEqual(project.shares.get().repeat_support_reason, REASON)

    def test_the_reason_recorded_on_approval_goes_to_the_beneficiary(self):
        machinery_project(self.establishment)
        application = make_application(self.establishment, "approved")
        Application.objects.filter(pk=application.pk).update(repeat_support_reason=REASON)
        project = application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertEqual(project.shares.get().repeat_support_reason, REASON)

    def test_another_open_application_of_the_same_content_needs_a_reason(self):
        application = make_application(self.establishment, "approved")
        make_application(self.establishment, "submitted")
        with self.assertRaises(RepeatSupportRefused):
            application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertTrue(
            application_convert(application=application, officer=self.officer, plan=self.plan, repeat_reason=REASON).pk
        )


class FileOnBehalfRepeatTests(ReviewServiceTestCase):
    def file(self, **extra):
        return application_file_on_behalf(
            establishment=self.establishment,
            officer=self.officer,
            attachments=registration_scan(),
            content=content("KC03b"),
            title="Máy đóng gói",
            need="Đóng gói khóm sấy",
            eligible_cost=D("100000000"),
            support_requested=D("50000000"),
            planned_start=d(2025, 3, 1),
            **extra,
        )

    def test_staff_need_a_reason_to_file_a_repeat(self):
        machinery_project(self.establishment)
        with self.assertRaises(RepeatSupportRefused):
            self.file()
        self.assertFalse(Application.objects.exists())
        application = self.file(repeat_reason=REASON)
        self.assertEqual((application.status, application.repeat_support_reason), ("submitted", REASON))

    def test_a_duplicate_of_a_pending_application_is_caught(self):
        make_application(self.establishment, "submitted", receipt_number="TN-2026-000555")
        with self.assertRaises(RepeatSupportRefused) as caught:
            self.file()
        self.assertIn("TN-2026-000555", caught.exception.messages[0])

    def test_no_reason_is_asked_without_a_repeat(self):
        machinery_project(self.establishment, status=ProjectStatus.CANCELLED)
        self.assertEqual(self.file().repeat_support_reason, "")


class PortalSubmitTests(ApplyTestCase):
    def test_the_establishment_is_warned_but_may_submit(self):
        machinery_project(self.establishment, start=d(2026, 3, 1), end=d(2026, 10, 31))
        application = self.complete_application()  # planned from 01/03/2027
        edit = reverse("apply:edit", args=[application.uuid])
        response = self.client.get(edit)
        self.assertContains(response, 'id="repeat-warning"')
        self.assertContains(response, "bắt đầu ngày 01/03/2026")
        response = self.client.post(edit, {**self.form(), "submit": "1"}, follow=True)
        application.refresh_from_db()
        self.assertEqual(application.status, "submitted")
        self.assertContains(response, "có thể không được hỗ trợ vì trùng nội dung")

    def test_a_duplicate_pending_application_is_flagged_at_submission(self):
        first = self.complete_application()
        self.client.post(reverse("apply:edit", args=[first.uuid]), {**self.form(), "submit": "1"})
        first.refresh_from_db()
        second = self.complete_application()
        response = self.client.post(
            reverse("apply:edit", args=[second.uuid]), {**self.form(), "submit": "1"}, follow=True
        )
        second.refresh_from_db()
        self.assertEqual(second.status, "submitted")
        self.assertContains(response, f"Cơ sở đang có hồ sơ {first.receipt_number}")

    def test_no_warning_without_a_repeat(self):
        machinery_project(self.other_establishment, start=d(2027, 3, 1), end=d(2027, 9, 30))
        application = self.complete_application()
        self.assertNotContains(self.client.get(reverse("apply:edit", args=[application.uuid])), "repeat-warning")


class StaffRepeatViewTests(ReviewViewTestCase):
    def test_the_detail_page_shows_the_repeat_and_approval_asks_for_a_reason(self):
        machinery_project(self.establishment)
        application = make_application(self.establishment, "under_review", by=self.staff)
        appraisal_create(application=application, appraiser=self.staff, scores=SCORES, comments={})
        response = self.client.get(url("application_detail", application))
        self.assertContains(response, 'id="repeat-support"')
        self.assertContains(response, "KCĐP-2025-001")
        self.assertContains(response, "01/03/2025")
        response = self.client.post(url("application_decide", application), {"decision-decision": "approve"})
        self.assertContains(response, "Hãy nêu lý do hỗ trợ lại")
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")
        response = self.client.post(
            url("application_decide", application),
            {"decision-decision": "approve", "decision-repeat_reason": REASON},
        )
        self.assertEqual(response.status_code, 302)
        application.refresh_from_db()
        self.assertEqual((application.status, application.repeat_support_reason), ("approved", REASON))
        response = self.client.get(url("application_detail", application))
        self.assertContains(response, f'<dd class="col-sm-8" id="repeat-reason">{REASON}</dd>', html=True)
        self.assertContains(response, f'value="{REASON}"')  # the conversion form carries it

    def test_filing_on_behalf_shows_the_repeat_and_the_reason_field(self):
        machinery_project(self.establishment)
        data = {
            "establishment": self.establishment.code,
            "content": content("KC03b").pk,
            "title": "Máy đóng gói khóm",
            "need": "Đóng gói khóm sấy dẻo",
            "eligible_cost": "100.000.000",
            "support_requested": "50.000.000",
            "planned_start": "01/04/2026",
            "planned_end": "30/09/2026",
        }
        response = self.client.post(url("application_file_on_behalf"), {**data, "registration": scan()})
        self.assertContains(response, 'id="repeat-support"')
        self.assertContains(response, "Hãy nêu lý do hỗ trợ lại trước khi nộp.")
        self.assertFalse(Application.objects.exists())
        response = self.client.post(
            url("application_file_on_behalf"), {**data, "registration": scan(), "repeat_reason": REASON}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Application.objects.get().repeat_support_reason, REASON)

    def test_a_new_submission_shows_the_pending_duplicate_before_anyone_takes_it(self):
        first = make_application(self.establishment, "submitted")
        second = make_application(self.establishment, "submitted")
        response = self.client.get(url("application_detail", second))
        self.assertContains(response, 'id="repeat-support"')
        self.assertContains(response, first.receipt_number)

    def test_no_repeat_block_without_a_repeat(self):
        application = make_application(self.establishment, "under_review", by=self.staff)
        self.assertNotContains(self.client.get(url("application_detail", application)), "repeat-support")
