import datetime
import io
import shutil
import tempfile
from decimal import Decimal

from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, ApplicationAttachment, ApplicationMessage, ApplicationStatus
from applications.workflow import application_transition
from beneficiaries.models import AccountStatus, EstablishmentAccount, EstablishmentYearStat, Notification
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import make_user
from programs.models import ProjectStatus
from programs.tests.factories import ProjectBeneficiaryFactory, ProjectFactory, content

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

GOOD_FORM = {
    "title": "Hỗ trợ máy sấy khóm",
    "need": "Thay lò sấy thủ công",
    "expected_results": "Tăng sản lượng 30%",
    "eligible_cost": "400.000.000",
    "support_requested": "150.000.000",
    "counterpart_committed": "250.000.000",
    "planned_start": "01/03/2027",
    "planned_end": "30/09/2027",
    "variant": "standard",
}


def establishment_user(username: str, establishment, status=AccountStatus.VERIFIED):
    user = make_user(username, "establishment", email=f"{username}@example.vn")
    EstablishmentAccount.objects.create(user=user, establishment=establishment, status=status)
    return user


class ApplyTestCase(TestCase):
    """Two verified establishments (A and B), a staff member, and a private storage of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._storage_dir = tempfile.mkdtemp(prefix="apply-tests-")
        storages = {**settings.STORAGES, "private": {**settings.STORAGES["private"]}}
        storages["private"]["OPTIONS"] = {"location": cls._storage_dir, "base_url": None}
        cls._storage_override = override_settings(STORAGES=storages)
        cls._storage_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls._storage_override.disable()
        shutil.rmtree(cls._storage_dir, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        cls.establishment = EstablishmentFactory(name="Cơ sở Bảy Hồng")
        cls.other_establishment = EstablishmentFactory(name="Cơ sở Tư Lan")
        cls.user = establishment_user("bayhong", cls.establishment)
        cls.other = establishment_user("tulan", cls.other_establishment)
        cls.staff = make_user("canbo", "staff", email="canbo@example.vn")
        cls.kc03b = content("KC03b")

    def setUp(self):
        self.client.force_login(self.user)

    def make_application(self, **fields) -> Application:
        defaults = {"establishment": self.establishment, "created_by": self.user, "title": "Máy sấy"}
        return Application.objects.create(**{**defaults, **fields})

    def attach(self, application, kind="registration", name="giay-dang-ky.pdf", data=PDF_BYTES):
        return self.client.post(
            reverse("apply:attachment_add", args=[application.uuid]),
            {"kind": kind, "file": SimpleUploadedFile(name, data)},
            follow=True,
        )

    def complete_application(self) -> Application:
        application = self.make_application(
            content=self.kc03b,
            title=GOOD_FORM["title"],
            need="x",
            expected_results="y",
            eligible_cost=400_000_000,
            support_requested=150_000_000,
            counterpart_committed=250_000_000,
            planned_start=datetime.date(2027, 3, 1),
            planned_end=datetime.date(2027, 9, 30),
        )
        self.attach(application)
        return application

    def form(self, **changes):
        return {**GOOD_FORM, "content": str(self.kc03b.pk), **changes}


class AccessTests(ApplyTestCase):
    def private_urls(self, application, attachment):
        return [
            ("get", reverse("apply:detail", args=[application.uuid])),
            ("get", reverse("apply:edit", args=[application.uuid])),
            ("post", reverse("apply:withdraw", args=[application.uuid])),
            ("get", reverse("apply:receipt", args=[application.uuid])),
            ("get", reverse("apply:results", args=[application.uuid])),
            ("post", reverse("apply:attachment_add", args=[application.uuid])),
            ("post", reverse("apply:attachment_delete", args=[application.uuid, attachment.uuid])),
            ("get", reverse("apply:attachment_download", args=[application.uuid, attachment.uuid])),
        ]

    def test_it_hides_every_application_url_from_another_establishment_and_anonymous_visitors(self):
        application = self.complete_application()
        self.client.post(reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"})
        application.refresh_from_db()
        self.assertEqual(application.status, "submitted")
        attachment = application.attachments.get()
        for method, url in self.private_urls(application, attachment):
            with self.subTest(url=url):
                self.client.force_login(self.other)
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
                self.client.logout()
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])
        application.refresh_from_db()
        self.assertEqual(application.status, "submitted")
        self.assertTrue(ApplicationAttachment.objects.filter(pk=attachment.pk).exists())

    def test_anonymous_visitors_go_to_login_from_the_portal_pages(self):
        self.client.logout()
        for name in ("apply:home", "apply:profile", "apply:ceiling"):
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_staff_accounts_are_not_establishments(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("apply:home")).status_code, 404)

    def test_a_pending_account_waits_and_cannot_create_applications(self):
        pending = establishment_user("moi", EstablishmentFactory(), status=AccountStatus.PENDING)
        self.client.force_login(pending)
        response = self.client.get(reverse("apply:home"))
        self.assertContains(response, "đang chờ xác minh")
        response = self.client.post(reverse("apply:new"))
        self.assertContains(response, "chưa thể nộp hồ sơ")
        self.assertFalse(Application.objects.filter(establishment=pending.establishment_account.establishment).exists())


class HomeTests(ApplyTestCase):
    def test_it_shows_the_establishment_its_eligibility_and_what_to_do_next(self):
        self.make_application(title="Máy đóng gói")
        response = self.client.get(reverse("apply:home"))
        self.assertContains(response, "Cơ sở Bảy Hồng")
        self.assertContains(response, self.establishment.tax_code_display)
        self.assertContains(response, "Cơ sở thuộc đối tượng được hỗ trợ.")
        self.assertContains(response, "Máy đóng gói")
        self.assertContains(response, "Bản nháp")
        self.assertContains(response, "Hoàn thiện các mục")
        self.assertContains(response, "Tạo hồ sơ mới")

    def test_it_names_the_project_a_converted_application_became_and_links_to_the_results(self):
        project = ProjectFactory(code="KCĐP-2026-007", status=ProjectStatus.ACCEPTED)
        self.make_application(status="converted", project=project)
        response = self.client.get(reverse("apply:home"))
        self.assertContains(response, "Đã thành đề án KCĐP-2026-007")
        self.assertContains(response, "Báo cáo kết quả sau hỗ trợ")

    def test_its_query_count_stays_constant_as_applications_grow(self):
        project = ProjectFactory(status=ProjectStatus.ACCEPTED)
        self.make_application(status="converted", project=project, content=self.kc03b)
        self.make_application()
        self.client.get(reverse("apply:home"))
        with self.assertNumQueries(6) as first:
            self.client.get(reverse("apply:home"))
        count = len(first.captured_queries)
        for index in range(4):
            self.make_application(content=self.kc03b, title=f"Hồ sơ {index}")
            self.make_application(
                status="converted", project=ProjectFactory(status=ProjectStatus.SETTLED), content=self.kc03b
            )
        with self.assertNumQueries(count):
            response = self.client.get(reverse("apply:home"))
        self.assertEqual(len(response.context["applications"]), 10)
        self.assertLessEqual(count, 15)


class ProfileTests(ApplyTestCase):
    def test_it_updates_the_contact_details_but_not_the_name_or_tax_code(self):
        data = {
            "profile-representative": "Nguyễn Thị Bảy",
            "profile-phone": "0939123456",
            "profile-email": "bayhong@example.vn",
            "profile-address": "Ấp 3",
            "profile-main_products": "Khóm sấy dẻo",
            "profile-name": "Tên khác",
            "profile-tax_code": "0000000000",
        }
        response = self.client.post(reverse("apply:profile"), data, follow=True)
        self.assertContains(response, "Đã cập nhật thông tin liên hệ.")
        self.establishment.refresh_from_db()
        self.assertEqual(self.establishment.phone, "0939123456")
        self.assertEqual(self.establishment.main_products, "Khóm sấy dẻo")
        self.assertEqual(self.establishment.name, "Cơ sở Bảy Hồng")

    def test_it_records_a_years_figures(self):
        data = {"stat-year": "2025", "stat-revenue": "1.200.000.000", "stat-employees": "12", "save_stat": "1"}
        response = self.client.post(reverse("apply:profile"), data, follow=True)
        self.assertContains(response, "Đã lưu số liệu năm 2025.")
        stat = EstablishmentYearStat.objects.get(establishment=self.establishment, year=2025)
        self.assertEqual((stat.revenue, stat.employees), (1_200_000_000, 12))


class EditTests(ApplyTestCase):
    def test_new_creates_a_draft_and_opens_it(self):
        response = self.client.post(reverse("apply:new"))
        application = Application.objects.get(establishment=self.establishment)
        self.assertRedirects(response, reverse("apply:edit", args=[application.uuid]))
        self.assertEqual(application.status, "draft")

    def test_a_draft_saves_with_empty_fields(self):
        application = self.make_application(title="")
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]), {"title": "Chỉ có tên", "save": "1"}, follow=True
        )
        self.assertContains(response, "Đã lưu nháp.")
        application.refresh_from_db()
        self.assertEqual(application.title, "Chỉ có tên")
        self.assertIsNone(application.eligible_cost)

    def test_a_draft_refuses_letters_in_an_amount_and_keeps_what_was_typed(self):
        application = self.make_application()
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]),
            {"title": "Máy sấy mới", "eligible_cost": "bốn trăm triệu", "save": "1"},
        )
        self.assertContains(response, "Nhập số tiền bằng chữ số")
        self.assertContains(response, 'value="bốn trăm triệu"')
        application.refresh_from_db()
        self.assertEqual(application.title, "Máy sấy")

    def test_submit_lists_exactly_what_is_missing_and_keeps_the_typed_values(self):
        application = self.make_application(title="")
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]),
            {"title": "Máy sấy khóm", "eligible_cost": "400.000.000", "submit": "1"},
        )
        self.assertContains(response, "Chưa chọn nội dung hỗ trợ.")
        self.assertContains(response, "Chưa đính kèm giấy đăng ký kinh doanh.")
        self.assertContains(response, "Chưa nhập kinh phí đề nghị hỗ trợ.")
        self.assertNotContains(response, "Chưa ghi tên đề nghị hỗ trợ.")
        self.assertContains(response, 'value="Máy sấy khóm"')
        self.assertContains(response, 'value="400.000.000"')
        application.refresh_from_db()
        self.assertEqual(application.status, "draft")
        self.assertIsNone(application.receipt_number)

    def test_support_over_the_ceiling_is_refused_with_the_amount(self):
        application = self.make_application()
        self.attach(application)
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]),
            {**self.form(support_requested="250.000.000", counterpart_committed="150.000.000"), "submit": "1"},
        )
        self.assertContains(response, "vượt mức hỗ trợ tối đa 200.000.000")
        application.refresh_from_db()
        self.assertEqual(application.status, "draft")

    def test_support_above_the_cost_is_refused_even_in_a_draft(self):
        application = self.make_application()
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]),
            {**self.form(eligible_cost="100.000.000", support_requested="150.000.000"), "save": "1"},
        )
        self.assertContains(response, "không được lớn hơn tổng chi phí")

    def test_the_ceiling_box_is_shown_without_javascript_and_by_htmx(self):
        application = self.make_application(content=self.kc03b, eligible_cost=400_000_000)
        response = self.client.get(reverse("apply:edit", args=[application.uuid]))
        self.assertContains(response, "Mức hỗ trợ tối đa")
        self.assertContains(response, "200.000.000")
        response = self.client.get(
            reverse("apply:ceiling"),
            {"content": self.kc03b.pk, "variant": "standard", "eligible_cost": "1.000.000.000"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "300.000.000")
        self.assertContains(response, self.kc03b.rules.first().legal_basis)

    def test_choosing_another_content_brings_its_variants(self):
        response = self.client.get(
            reverse("apply:ceiling"),
            {"content": self.kc03b.pk, "variant": "abroad", "eligible_cost": "1.000.000.000"},
            headers={"HX-Request": "true", "HX-Trigger-Name": "content"},
        )
        self.assertContains(response, 'hx-swap-oob="true"')
        self.assertContains(response, 'value="production_line"')
        self.assertContains(response, "300.000.000")  # an unknown variant falls back to the standard one

    def test_a_submitted_application_is_read_only(self):
        application = self.make_application(status="submitted")
        response = self.client.get(reverse("apply:edit", args=[application.uuid]))
        self.assertRedirects(response, reverse("apply:detail", args=[application.uuid]))
        self.client.post(reverse("apply:edit", args=[application.uuid]), {"title": "Đổi", "save": "1"})
        application.refresh_from_db()
        self.assertEqual(application.title, "Máy sấy")


class SubmitTests(ApplyTestCase):
    def test_a_good_submission_gets_a_receipt_number_notices_and_emails(self):
        application = self.complete_application()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"}, follow=True
            )
        year = datetime.date.today().year
        number = f"TN-{year}-000001"
        self.assertContains(response, number)
        application.refresh_from_db()
        self.assertEqual((application.status, application.receipt_number), ("submitted", number))
        self.assertTrue(Notification.objects.filter(recipient=self.user, message__contains=number).exists())
        staff_notice = Notification.objects.get(recipient=self.staff, message__startswith="Hồ sơ mới")
        self.assertEqual(staff_notice.url, f"/staff/applications/{application.uuid}/")
        subjects = {message.subject: message.to for message in mail.outbox}
        self.assertEqual(subjects[f"Đã tiếp nhận hồ sơ {number}"], ["bayhong@example.vn"])
        self.assertIn(number, mail.outbox[0].body + mail.outbox[1].body)

        second = self.complete_application()
        self.client.post(reverse("apply:edit", args=[second.uuid]), {**self.form(), "submit": "1"})
        second.refresh_from_db()
        self.assertEqual(second.receipt_number, f"TN-{year}-000002")

    def test_the_receipt_pdf_names_the_number_and_the_establishment(self):
        application = self.complete_application()
        draft_receipt = reverse("apply:receipt", args=[application.uuid])
        self.assertEqual(self.client.get(draft_receipt).status_code, 404)
        self.client.post(reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"})
        application.refresh_from_db()
        response = self.client.get(draft_receipt)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn(application.receipt_number, text)
        self.assertIn("Cơ sở Bảy Hồng", text)
        self.assertIn("GIẤY TIẾP NHẬN HỒ SƠ", text)

    def test_the_receipt_promises_the_result_in_working_days_after_tet(self):
        application = self.complete_application()
        self.client.post(reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"})
        # Filed on the Friday before Tết Bính Ngọ: the Tết week (16-20/02/2026) and weekends do not count.
        filed = datetime.datetime(2026, 2, 13, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        Application.objects.filter(pk=application.pk).update(submitted_at=filed)
        with override_settings(APPLICATION_RESULT={"WORKING_DAYS": 3, "LEGAL_BASIS": "Điều 5 Quyết định 12/2026"}):
            response = self.client.get(reverse("apply:receipt", args=[application.uuid]))
        text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
        self.assertIn("Hẹn trả kết quả: 25/02/2026", text)
        self.assertIn("3 ngày làm việc kể từ ngày tiếp nhận", text)
        self.assertIn("Điều 5 Quyết định 12/2026", text)

    def test_the_application_page_shows_the_due_date_until_a_decision(self):
        application = self.complete_application()
        self.client.post(reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"})
        filed = datetime.datetime(2026, 2, 13, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        Application.objects.filter(pk=application.pk).update(submitted_at=filed)
        page = reverse("apply:detail", args=[application.uuid])
        with override_settings(APPLICATION_RESULT={"WORKING_DAYS": 3, "LEGAL_BASIS": ""}):
            self.assertContains(self.client.get(page), "Hẹn trả kết quả <strong>25/02/2026</strong>", html=False)
            Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.REFUSED)
            self.assertNotContains(self.client.get(page), "Hẹn trả kết quả")

    def test_the_correction_loop_keeps_the_receipt_number(self):
        application = self.complete_application()
        self.client.post(reverse("apply:edit", args=[application.uuid]), {**self.form(), "submit": "1"})
        application.refresh_from_db()
        number = application.receipt_number
        application = application_transition(application=application, to_status="under_review", by=self.staff)
        application_transition(
            application=application, to_status="needs_correction", by=self.staff, reason="Thiếu báo giá máy sấy"
        )
        response = self.client.get(reverse("apply:detail", args=[application.uuid]))
        self.assertContains(response, "Thiếu báo giá máy sấy")
        self.assertContains(response, "Sửa hồ sơ và nộp lại")
        self.assertContains(response, "Cần bổ sung, sửa đổi")
        self.attach(application, kind="quote", name="bao-gia.pdf")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("apply:edit", args=[application.uuid]),
                {**self.form(title="Máy sấy khóm, có báo giá"), "submit": "1"},
            )
        application.refresh_from_db()
        self.assertEqual((application.status, application.receipt_number), ("submitted", number))
        self.assertEqual(application.title, "Máy sấy khóm, có báo giá")
        self.assertTrue(
            Notification.objects.filter(recipient=self.staff, message__startswith="Hồ sơ đã bổ sung").exists()
        )


class DetailTests(ApplyTestCase):
    def test_it_shows_the_timeline_with_citizen_names(self):
        application = self.make_application()
        application = application_transition(application=application, to_status="submitted", by=self.user)
        application = application_transition(application=application, to_status="under_review", by=self.staff)
        application_transition(application=application, to_status="refused", by=self.staff, reason="Ngoài địa bàn")
        response = self.client.get(reverse("apply:detail", args=[application.uuid]))
        for label in ("Bản nháp", "Đã nộp", "Đang xem xét", "Không được chấp thuận", "Ngoài địa bàn"):
            self.assertContains(response, label)
        self.assertNotContains(response, "Rút hồ sơ</button>")

    def test_a_message_reaches_staff(self):
        application = self.make_application()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("apply:detail", args=[application.uuid]),
                {"body": "Xin hỏi cần bản sao công chứng?"},
                follow=True,
            )
        self.assertContains(response, "Đã gửi tin nhắn cho cán bộ.")
        self.assertContains(response, "Xin hỏi cần bản sao công chứng?")
        self.assertTrue(ApplicationMessage.objects.filter(application=application, from_staff=False).exists())
        self.assertTrue(Notification.objects.filter(recipient=self.staff, message__contains="Tin nhắn mới").exists())
        self.assertEqual(mail.outbox[-1].to, ["canbo@example.vn"])

    def test_withdraw(self):
        application = self.make_application(status="submitted")
        response = self.client.post(reverse("apply:withdraw", args=[application.uuid]), follow=True)
        self.assertContains(response, "Đã rút hồ sơ.")
        application.refresh_from_db()
        self.assertEqual(application.status, "withdrawn")
        response = self.client.post(reverse("apply:withdraw", args=[application.uuid]), follow=True)
        self.assertContains(response, "Không thể rút hồ sơ")

    def test_withdraw_is_hidden_and_refused_once_the_review_started(self):
        application = self.make_application(status="submitted")
        url = reverse("apply:detail", args=[application.uuid])
        self.assertContains(self.client.get(url), "Rút hồ sơ</button>")
        application_transition(application=application, to_status="under_review", by=self.staff)
        response = self.client.get(url)
        self.assertNotContains(response, "Rút hồ sơ</button>")
        self.assertNotContains(response, reverse("apply:withdraw", args=[application.uuid]))
        response = self.client.post(reverse("apply:withdraw", args=[application.uuid]), follow=True)
        self.assertContains(response, "Không thể rút hồ sơ ở trạng thái này.")
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")

    def test_a_refusal_shows_its_reason_and_an_approval_does_not_call_its_own_one(self):
        refused = self.make_application(status="refused", decision_reason="Ngoài địa bàn hỗ trợ")
        response = self.client.get(reverse("apply:detail", args=[refused.uuid]))
        self.assertContains(response, "Lý do không được chấp thuận:")
        self.assertContains(response, "Ngoài địa bàn hỗ trợ")
        approved = self.make_application(status="approved", decision_reason="Đủ điều kiện")
        response = self.client.get(reverse("apply:detail", args=[approved.uuid]))
        self.assertNotContains(response, "Lý do không được chấp thuận:")

    def test_its_query_count_stays_constant_as_the_thread_grows(self):
        application = self.complete_application()
        url = reverse("apply:detail", args=[application.uuid])

        def grow():
            ApplicationMessage.objects.create(application=application, author=self.staff, from_staff=True, body="Hỏi")
            ApplicationMessage.objects.create(application=application, author=self.user, body="Đáp")
            self.attach(application, kind="photo", name="anh.png", data=PNG_BYTES)

        grow()
        application_transition(application=application, to_status="submitted", by=self.user)
        self.client.get(url)
        with self.assertNumQueries(8) as first:
            self.client.get(url)
        count = len(first.captured_queries)
        application.status = "draft"
        application.save()
        for _round in range(2):
            grow()
        with self.assertNumQueries(count):
            self.client.get(url)
        self.assertLessEqual(count, 15)


class AttachmentTests(ApplyTestCase):
    def assert_refused(self, name, data, message):
        application = self.make_application()
        self.attach(application, kind="quote", name="bao-gia.pdf")
        before = list(application.attachments.values_list("original_name", flat=True))
        response = self.attach(application, name=name, data=data)
        self.assertContains(response, message)
        self.assertEqual(list(application.attachments.values_list("original_name", flat=True)), before)

    def test_bad_uploads_are_refused_and_the_application_keeps_what_it_had(self):
        self.assert_refused("giay-phep.pdf", b"MZ\x90\x00" + b"\x00" * 60, "chương trình chạy được")
        self.assert_refused("trang.html", b"<html><script>alert(1)</script></html>", "Không nhận tệp HTML, SVG")
        self.assert_refused("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "Không nhận tệp HTML, SVG")
        self.assert_refused("lon.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024), "mỗi tệp tối đa 10 MB")

    def test_a_name_with_a_path_is_stored_under_its_clean_name(self):
        application = self.make_application()
        response = self.attach(application, name="../../etc/giấy phép.pdf")
        self.assertContains(response, "Đã đính kèm “giấy phép.pdf”")
        attachment = application.attachments.get()
        self.assertEqual(attachment.original_name, "giấy phép.pdf")
        self.assertNotIn("..", attachment.file.name)
        self.assertNotIn("giấy", attachment.file.name)
        self.assertTrue(attachment.file.name.startswith(f"applications/{application.uuid}/"))

    def test_a_good_file_is_downloadable_by_its_owner_and_staff_only(self):
        application = self.make_application()
        self.attach(application, kind="photo", name="Ảnh xưởng.png", data=PNG_BYTES)
        attachment = application.attachments.get()
        url = reverse("apply:attachment_download", args=[application.uuid, attachment.uuid])
        for viewer in (self.user, self.staff):
            self.client.force_login(viewer)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), PNG_BYTES)
            self.assertIn("attachment;", response["Content-Disposition"])
            self.assertEqual(response["Content-Type"], "image/png")
        self.client.force_login(self.other)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_files_are_frozen_once_submitted(self):
        application = self.make_application()
        self.attach(application)
        attachment = application.attachments.get()
        application.status = "submitted"
        application.save()
        self.assertEqual(self.attach(application).status_code, 404)
        self.client.post(reverse("apply:attachment_delete", args=[application.uuid, attachment.uuid]))
        self.assertTrue(ApplicationAttachment.objects.filter(pk=attachment.pk).exists())

    def test_delete_while_editable(self):
        application = self.make_application()
        self.attach(application)
        attachment = application.attachments.get()
        page = self.client.get(reverse("apply:edit", args=[application.uuid]))
        # Deleting asks first, naming the file.
        self.assertContains(page, f"Xóa tệp “{attachment.original_name}”? Tệp đã xóa không lấy lại được")
        response = self.client.post(
            reverse("apply:attachment_delete", args=[application.uuid, attachment.uuid]), follow=True
        )
        self.assertContains(response, "Đã xóa tệp")
        self.assertFalse(application.attachments.exists())


class ResultsTests(ApplyTestCase):
    def test_the_establishment_reports_its_follow_up_years(self):
        project = ProjectFactory(status=ProjectStatus.ACCEPTED, end_date=datetime.date(2025, 10, 31))
        application = self.make_application(status="converted", project=project)
        url = reverse("apply:results", args=[application.uuid])
        data = {
            "year_0": "2025",
            "revenue_0": "900.000.000",
            "employees_0": "9",
            "year_1": "2026",
            "revenue_1": "1.100.000.000",
            "employees_1": "11",
            "products": "Khóm sấy dẻo đóng hộp",
        }
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "Đã ghi nhận kết quả")
        stats = EstablishmentYearStat.objects.filter(establishment=self.establishment).order_by("year")
        self.assertEqual(
            [(s.year, s.revenue, s.employees) for s in stats], [(2025, 900_000_000, 9), (2026, 1_100_000_000, 11)]
        )
        self.establishment.refresh_from_db()
        self.assertEqual(self.establishment.main_products, "Khóm sấy dẻo đóng hộp")
        response = self.client.post(url, {"year_0": "2024", "revenue_0": "1", "employees_0": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EstablishmentYearStat.objects.filter(year=2024).exists())

    def test_reported_figures_feed_the_projects_outcomes(self):
        project = ProjectFactory(
            status=ProjectStatus.ACCEPTED, start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 10, 31)
        )
        ProjectBeneficiaryFactory(project=project, establishment=self.establishment)
        EstablishmentYearStat.objects.create(
            establishment=self.establishment, year=2024, revenue=Decimal("800000000"), employees=6
        )
        application = self.make_application(status="converted", project=project)
        data = {"year_0": "2026", "revenue_0": "1.000.000.000", "employees_0": "9"}
        self.client.post(reverse("apply:results", args=[application.uuid]), data)
        achieved = dict(project.outcomes.values_list("indicator__code", "achieved"))
        # KC03b measures both: revenue from 800 to 1,000 million (+25%), three new jobs.
        self.assertEqual(achieved, {"REVENUE_CHANGE": Decimal("25.00"), "JOBS": Decimal("3")})

    def test_results_wait_for_the_projects_acceptance(self):
        project = ProjectFactory(status=ProjectStatus.PROPOSED)
        application = self.make_application(status="converted", project=project)
        self.assertEqual(self.client.get(reverse("apply:results", args=[application.uuid])).status_code, 404)
