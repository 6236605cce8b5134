import datetime
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from applications.models import Application, ApplicationAttachment, ApplicationStatusChange, Appraisal
from applications.review_services import (
    application_convert,
    application_decide,
    application_file_on_behalf,
    application_message_send,
    application_request_correction,
    application_take,
    appraisal_create,
)
from applications.workflow import application_transition
from beneficiaries.models import AdministrativeUnit, EstablishmentAccount, Notification
from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import AnnualPlan, Project
from programs.selectors import next_project_code
from programs.tests.factories import AnnualPlanFactory, ProjectFactory, content

SCORES = {"principles": 9, "need_effect": 8, "cost": 7, "capacity": 8, "links": 6, "completeness": 9}
_numbers = iter(range(1, 100000))


def make_application(establishment, status="submitted", *, by=None, **fields) -> Application:
    """An application moved along its path to `status` the way the workflow would."""
    values = {
        "content": content("KC03b"),
        "title": "Máy sấy khóm năng lượng mặt trời",
        "need": "Thay lò sấy củi bằng máy sấy",
        "expected_results": "Tăng 30% sản lượng",
        "eligible_cost": D("400000000"),
        "support_requested": D("200000000"),
        "counterpart_committed": D("200000000"),
        "planned_start": datetime.date(2026, 3, 1),
        "planned_end": datetime.date(2026, 10, 31),
        "receipt_number": f"TN-2026-{next(_numbers):06d}",
        **fields,
    }
    application = Application.objects.create(establishment=establishment, **values)
    path = {
        "draft": [],
        "submitted": ["submitted"],
        "under_review": ["submitted", "under_review"],
        "needs_correction": ["submitted", "under_review", "needs_correction"],
        "approved": ["submitted", "under_review", "approved"],
        "refused": ["submitted", "under_review", "refused"],
        "withdrawn": ["withdrawn"],
    }[status]
    for step in path:
        if step == "approved":
            appraiser = by or get_user_model().objects.get_or_create(username="thamdinh")[0]
            appraisal_create(application=application, appraiser=appraiser, scores=SCORES, comments={})
        application = application_transition(application=application, to_status=step, by=by, reason="Lý do thử")
    return application


def make_owner(establishment, username="chucoso", **extra):
    user = get_user_model().objects.create_user(username, email=f"{username}@example.vn", **extra)
    EstablishmentAccount.objects.create(user=user, establishment=establishment, status="verified")
    return user


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan(name: str = "giay-dang-ky-kinh-doanh.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    """A scanned paper as staff upload it when filing on an establishment's behalf."""
    return SimpleUploadedFile(name, data)


def registration_scan() -> list[tuple[str, SimpleUploadedFile]]:
    return [("registration", scan())]


class ReviewServiceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = get_user_model().objects.create_user("canbo", first_name="Lan", last_name="Trần Thị")
        cls.establishment = EstablishmentFactory(name="Cơ sở khóm Bảy Hồng")
        cls.owner = make_owner(cls.establishment)
        # A pending account does not speak for the establishment yet.
        pending = get_user_model().objects.create_user("chocho", email="chocho@example.vn")
        EstablishmentAccount.objects.create(user=pending, establishment=cls.establishment, status="pending")
        cls.plan = AnnualPlanFactory(year=2026, level=AnnualPlan.Level.LOCAL)

    def assert_told(self, text: str):
        notice = Notification.objects.filter(recipient=self.owner).latest("pk")
        self.assertIn(text, notice.message)
        self.assertFalse(Notification.objects.filter(recipient__username="chocho").exists())
        self.assertEqual(mail.outbox[-1].to, ["chucoso@example.vn"])
        return notice


class TakeAndAppraiseTests(ReviewServiceTestCase):
    def test_it_takes_a_submitted_application_and_tells_the_establishment(self):
        application = make_application(self.establishment)
        with self.captureOnCommitCallbacks(execute=True):
            application = application_take(application=application, officer=self.officer)
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")
        self.assertEqual(application.assigned_to, self.officer)
        self.assert_told("đang được cán bộ")
        self.assertIn("Đang xem xét", mail.outbox[-1].subject)

    def test_it_appraises_only_while_under_review(self):
        application = make_application(self.establishment)
        with self.assertRaises(ValidationError) as caught:
            appraisal_create(application=application, appraiser=self.officer, scores=SCORES, comments={})
        self.assertIn("Chỉ thẩm định được hồ sơ đang xem xét", caught.exception.messages[0])
        application = application_take(application=application, officer=self.officer)
        appraisal = appraisal_create(
            application=application,
            appraiser=self.officer,
            scores=SCORES,
            comments={"cost": "Báo giá hợp lý"},
            conclusion="Đề nghị hỗ trợ",
        )
        self.assertEqual(appraisal.total_score, 47)
        self.assertEqual(appraisal.max_score, 60)
        self.assertEqual(appraisal.cost_comment, "Báo giá hợp lý")

    def test_it_scores_the_links_with_other_programmes_as_circular_36_asks(self):
        application = make_application(self.establishment, "under_review")
        without_links = {point: score for point, score in SCORES.items() if point != "links"}
        with self.assertRaises(ValidationError) as caught:
            appraisal_create(application=application, appraiser=self.officer, scores=without_links, comments={})
        self.assertIn("links_score", caught.exception.message_dict)
        for score, accepted in ((10, True), (11, False)):
            with self.subTest(score=score):
                scores = {**SCORES, "links": score}
                if accepted:
                    appraisal = appraisal_create(
                        application=application, appraiser=self.officer, scores=scores, comments={}
                    )
                    self.assertIn(("Liên kết với các chương trình khác", 10, ""), appraisal.scored_points())
                else:
                    with self.assertRaises(ValidationError):
                        appraisal_create(application=application, appraiser=self.officer, scores=scores, comments={})

    def test_it_totals_an_appraisal_written_before_the_links_were_scored_over_fifty(self):
        application = make_application(self.establishment, "under_review")
        appraisal = Appraisal.objects.create(
            application=application,
            appraiser=self.officer,
            **{f"{point}_score": score for point, score in SCORES.items() if point != "links"},
        )
        self.assertEqual((appraisal.total_score, appraisal.max_score), (41, 50))
        self.assertNotIn("Liên kết với các chương trình khác", [label for label, *_ in appraisal.scored_points()])

    def test_it_refuses_a_score_above_ten(self):
        application = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError):
            appraisal_create(
                application=application, appraiser=self.officer, scores={**SCORES, "cost": 11}, comments={}
            )


class CorrectionAndDecisionTests(ReviewServiceTestCase):
    def test_it_asks_for_a_correction_with_its_reason(self):
        application = make_application(self.establishment, "under_review")
        with self.captureOnCommitCallbacks(execute=True):
            application = application_request_correction(
                application=application, officer=self.officer, reason="Thiếu báo giá máy sấy"
            )
        self.assertEqual(application.status, "needs_correction")
        step = ApplicationStatusChange.objects.filter(application=application).latest("pk")
        self.assertEqual(
            (step.to_status, step.reason, step.changed_by), ("needs_correction", "Thiếu báo giá máy sấy", self.officer)
        )
        self.assert_told("cần bổ sung, sửa đổi")
        self.assertIn("Thiếu báo giá máy sấy", mail.outbox[-1].body)

    def test_it_refuses_a_correction_without_reason(self):
        application = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError) as caught:
            application_request_correction(application=application, officer=self.officer, reason="  ")
        self.assertIn("lý do", caught.exception.messages[0])
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")

    def test_it_refuses_an_approval_without_appraisal(self):
        application = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError) as caught:
            application_decide(application=application, officer=self.officer, approve=True)
        self.assertIn("chưa có phiếu thẩm định", caught.exception.messages[0])

    def test_it_approves_after_an_appraisal(self):
        application = make_application(self.establishment, "under_review")
        appraisal_create(application=application, appraiser=self.officer, scores=SCORES, comments={})
        with self.captureOnCommitCallbacks(execute=True):
            application = application_decide(application=application, officer=self.officer, approve=True)
        self.assertEqual(application.status, "approved")
        self.assertIsNotNone(application.decided_at)
        self.assert_told("đã được chấp thuận")

    def test_it_refuses_with_a_reason_the_establishment_reads(self):
        application = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError):
            application_decide(application=application, officer=self.officer, approve=False)
        with self.captureOnCommitCallbacks(execute=True):
            application = application_decide(
                application=application, officer=self.officer, approve=False, reason="Ngoài địa bàn hỗ trợ"
            )
        self.assertEqual(application.decision_reason, "Ngoài địa bàn hỗ trợ")
        self.assert_told("không được chấp thuận")
        self.assertIn("Ngoài địa bàn hỗ trợ", mail.outbox[-1].body)

    def test_it_sends_a_message_and_tells_the_establishment(self):
        application = make_application(self.establishment, "under_review")
        with self.captureOnCommitCallbacks(execute=True):
            message = application_message_send(application=application, author=self.officer, body="Gửi thêm ảnh")
        self.assertTrue(message.from_staff)
        self.assert_told("tin nhắn")
        self.assertIn("Gửi thêm ảnh", mail.outbox[-1].body)


class ConvertTests(ReviewServiceTestCase):
    def test_it_turns_an_approved_application_into_a_project_of_the_plan(self):
        application = make_application(self.establishment, "approved")
        with self.captureOnCommitCallbacks(execute=True):
            project = application_convert(application=application, officer=self.officer, plan=self.plan)
        application.refresh_from_db()
        self.assertEqual(application.status, "converted")
        self.assertEqual(application.project, project)
        self.assertEqual(project.application, application)
        self.assertEqual(project.code, "KCĐP-2026-001")
        self.assertEqual((project.plan, project.content.code, project.status), (self.plan, "KC03b", "proposed"))
        self.assertEqual(project.implementing_unit, "Trung tâm Khuyến công thành phố Cần Thơ")
        self.assertEqual(
            (project.start_date, project.end_date), (datetime.date(2026, 3, 1), datetime.date(2026, 10, 31))
        )
        self.assertEqual(project.objectives, "Thay lò sấy củi bằng máy sấy")
        lines = {line.source.code: line.planned for line in project.budget_lines.select_related("source")}
        self.assertEqual(lines, {"KCDP": D("200000000"), "DOIUNG": D("200000000")})
        share = project.shares.get()
        self.assertEqual(
            (share.establishment, share.eligible_cost, share.support_amount),
            (self.establishment, D("400000000"), D("200000000")),
        )
        self.assertEqual(list(project.communes.all()), [self.establishment.commune])
        steps = ApplicationStatusChange.objects.filter(application=application).latest("pk")
        self.assertEqual((steps.from_status, steps.to_status), ("approved", "converted"))
        self.assert_told("KCĐP-2026-001")

    def test_it_uses_the_national_source_and_code_for_a_national_plan(self):
        national = AnnualPlanFactory(year=2026, level=AnnualPlan.Level.NATIONAL)
        ProjectFactory(code="KCQG-2026-004", plan=national)
        self.assertEqual(next_project_code(national), "KCQG-2026-005")
        application = make_application(self.establishment, "approved")
        project = application_convert(application=application, officer=self.officer, plan=national)
        self.assertEqual(project.code, "KCQG-2026-005")
        self.assertEqual(set(project.budget_lines.values_list("source__code", flat=True)), {"KCQG", "DOIUNG"})

    def test_it_creates_nothing_when_the_support_exceeds_the_ceiling(self):
        application = make_application(
            self.establishment, "approved", eligible_cost=D("1000000000"), support_requested=D("450000000")
        )
        with self.assertRaises(ValidationError) as caught:
            application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertIn("vượt mức hỗ trợ tối đa", caught.exception.messages[0])
        self.assertFalse(Project.objects.exists())
        application.refresh_from_db()
        self.assertEqual((application.status, application.project), ("approved", None))

    def test_it_converts_only_approved_applications(self):
        application = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError) as caught:
            application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertIn("Chỉ hồ sơ đã được chấp thuận", caught.exception.messages[0])

    def test_it_takes_the_plan_year_when_no_dates_were_given(self):
        application = make_application(self.establishment, "approved", planned_start=None, planned_end=None)
        project = application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertEqual(
            (project.start_date, project.end_date), (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        )


class FileOnBehalfTests(ReviewServiceTestCase):
    def test_it_files_and_submits_an_application_for_the_establishment(self):
        with self.captureOnCommitCallbacks(execute=True):
            application = application_file_on_behalf(
                establishment=self.establishment,
                officer=self.officer,
                attachments=registration_scan(),
                content=content("KC03b"),
                title="Máy đóng gói",
                need="Đóng gói khóm sấy",
                eligible_cost=D("100000000"),
                support_requested=D("50000000"),
            )
        self.assertEqual(application.status, "submitted")
        self.assertTrue(application.filed_by_staff)
        self.assertEqual(application.created_by, self.officer)
        self.assertRegex(application.receipt_number, r"^TN-\d{4}-\d{6}$")
        self.assertIsNotNone(application.submitted_at)
        self.assert_told(application.receipt_number)

    def test_it_lists_what_is_missing(self):
        with self.assertRaises(ValidationError) as caught:
            application_file_on_behalf(establishment=self.establishment, officer=self.officer, title="Máy")
        self.assertIn("Hồ sơ còn thiếu", caught.exception.messages[0])
        self.assertFalse(Application.objects.exists())

    def file_with(self, attachments):
        return application_file_on_behalf(
            establishment=self.establishment,
            officer=self.officer,
            attachments=attachments,
            content=content("KC03b"),
            title="Máy đóng gói",
            need="Đóng gói khóm sấy",
            eligible_cost=D("100000000"),
            support_requested=D("50000000"),
        )

    def test_it_holds_the_ceiling_as_online_at_the_cap_and_one_dong_over(self):
        # KC03b machinery: 50% of a 1,000,000,000 machine, at most 300,000,000 per establishment.
        def file(support):
            return application_file_on_behalf(
                establishment=self.establishment,
                officer=self.officer,
                attachments=registration_scan(),
                content=content("KC03b"),
                title="Máy cán tôn",
                need="Thay máy cũ",
                eligible_cost=D("1000000000"),
                support_requested=support,
            )

        with self.assertRaises(ValidationError) as caught:
            file(D("300000001"))
        self.assertIn("vượt", " ".join(caught.exception.messages))
        self.assertFalse(Application.objects.exists())
        self.assertEqual(file(D("300000000")).status, "submitted")

    def test_it_refuses_a_counterpart_that_leaves_the_cost_uncovered_as_online(self):
        with self.assertRaises(ValidationError) as caught:
            application_file_on_behalf(
                establishment=self.establishment,
                officer=self.officer,
                attachments=registration_scan(),
                content=content("KC03b"),
                title="Máy đóng gói",
                need="Đóng gói khóm sấy",
                eligible_cost=D("100000000"),
                support_requested=D("50000000"),
                counterpart_committed=D("49999999"),
            )
        self.assertIn("chưa đủ tổng chi phí", caught.exception.messages[0])
        self.assertFalse(Application.objects.exists())

    def test_it_refuses_an_establishment_outside_the_contents_beneficiaries_as_online(self):
        ward = AdministrativeUnit.objects.filter(kind="phuong").first()
        self.establishment.commune = ward
        self.establishment.craft_village = None
        self.establishment.save()
        with self.assertRaises(ValidationError) as caught:
            self.file_with(registration_scan())
        self.assertIn("Cơ sở chưa thuộc đối tượng được hỗ trợ", caught.exception.messages[0])
        self.assertFalse(Application.objects.exists())

    def test_it_needs_the_business_registration_as_online(self):
        for attachments in ([], [("quote", scan("bao-gia.pdf"))]):
            with self.subTest(attachments=attachments), self.assertRaises(ValidationError) as caught:
                self.file_with(attachments)
            self.assertEqual(caught.exception.messages, ["Chưa đính kèm giấy đăng ký kinh doanh."])
        self.assertFalse(Application.objects.exists())

    def test_a_bad_file_keeps_nothing_not_even_the_good_ones(self):
        with self.assertRaises(ValidationError) as caught:
            self.file_with([("registration", scan()), ("photo", scan("anh.png", b"<svg onload=alert(1)>"))])
        self.assertIn("Tệp “anh.png”: Không nhận tệp HTML, SVG hay XML.", caught.exception.messages[0])
        self.assertFalse(Application.objects.exists())
        self.assertFalse(ApplicationAttachment.objects.exists())

    def test_it_keeps_the_scans_with_the_submitted_application(self):
        application = self.file_with([("registration", scan()), ("photo", scan("anh.jpg", b"\xff\xd8\xff\xe0"))])
        kinds = dict(application.attachments.values_list("original_name", "kind"))
        self.assertEqual(kinds, {"giay-dang-ky-kinh-doanh.pdf": "registration", "anh.jpg": "photo"})
        self.assertEqual(application.status, "submitted")

    def test_it_numbers_the_receipt_after_the_last_one_of_the_year(self):
        year = timezone.localdate().year
        make_application(EstablishmentFactory(), receipt_number=f"TN-{year}-000041")
        application = application_file_on_behalf(
            establishment=self.establishment,
            officer=self.officer,
            attachments=registration_scan(),
            content=content("KC03b"),
            title="Máy đóng gói",
            need="Đóng gói khóm sấy",
            eligible_cost=D("100000000"),
            support_requested=D("50000000"),
        )
        self.assertEqual(application.receipt_number, f"TN-{year}-000042")
