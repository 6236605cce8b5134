import datetime
from decimal import Decimal as D

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatusChange,
    Appraisal,
)
from applications.tests.test_review_services import PDF_BYTES, SCORES, make_application, make_owner, scan
from beneficiaries.models import AdministrativeUnit, Notification
from beneficiaries.roles import Role
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.models import AnnualPlan, Project
from programs.tests.factories import AnnualPlanFactory, content


def url(name: str, application=None) -> str:
    return reverse(f"staff:{name}", kwargs={"uuid": application.uuid} if application else None)


APPRAISAL = {
    **{f"appraisal-{point}_score": score for point, score in SCORES.items()},
    "appraisal-cost_comment": "Báo giá hợp lý",
    "appraisal-conclusion": "Đề nghị chấp thuận",
}


class ReviewViewTestCase(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở khóm Bảy Hồng")
        cls.owner = make_owner(cls.establishment)
        cls.plan = AnnualPlanFactory(year=2026, level=AnnualPlan.Level.LOCAL)

    def setUp(self):
        self.client.force_login(self.staff)


class AccessTests(ReviewViewTestCase):
    def test_it_lets_staff_and_leaders_read_and_nobody_else(self):
        application = make_application(self.establishment)
        for name in ("application_list", "application_detail"):
            self.assert_readers_only(url(name, application if name == "application_detail" else None))

    def test_it_lets_only_staff_file_on_behalf(self):
        self.assert_writers_only(url("application_file_on_behalf"))
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(url("application_file_on_behalf")).status_code, 403)

    def test_every_step_is_a_post_for_staff_only(self):
        application = make_application(self.establishment)
        for name in (
            "application_take",
            "application_appraise",
            "application_request_correction",
            "application_decide",
            "application_convert",
            "application_message",
        ):
            target = url(name, application)
            self.assert_writers_only(target)
            self.client.force_login(self.staff)
            if name == "application_take":
                self.assertEqual(self.client.get(target).status_code, 405, name)
            else:
                # Forms whose errors come back at their own address: a reload goes back to the page.
                self.assertRedirects(self.client.get(target), url("application_detail", application))
                self.assertEqual(self.client.put(target).status_code, 405, name)
        application.refresh_from_db()
        self.assertEqual(application.status, "submitted")

    def test_drafts_stay_the_establishments_own(self):
        draft = make_application(self.establishment, "draft", receipt_number=None)
        self.assertEqual(self.client.get(url("application_detail", draft)).status_code, 404)
        self.assertNotContains(self.client.get(url("application_list")), "Máy sấy khóm")


class QueueTests(ReviewViewTestCase):
    def test_it_counts_each_status_and_shows_the_age(self):
        old = make_application(self.establishment)
        Application.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=12))
        ApplicationStatusChange.objects.filter(application=old).update(
            changed_at=timezone.now() - datetime.timedelta(days=12)
        )
        make_application(self.establishment)
        make_application(self.establishment, "under_review")
        make_application(self.establishment, "refused")
        make_application(self.establishment, "draft", receipt_number=None)
        response = self.client.get(url("application_list"))
        self.assertContains(response, 'data-status="all">4<')
        self.assertContains(response, 'data-status="submitted">2<')
        self.assertContains(response, 'data-status="under_review">1<')
        self.assertContains(response, 'data-status="refused">1<')
        self.assertContains(response, "12 ngày")
        self.assertContains(response, old.receipt_number)
        self.assertContains(response, "Hồ sơ đề nghị hỗ trợ")

    def test_it_shows_the_longest_waiting_first(self):
        older = make_application(self.establishment)
        newer = make_application(self.establishment)
        decided = make_application(self.establishment, "refused")
        Application.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=30))
        ApplicationStatusChange.objects.filter(application=older).update(
            changed_at=timezone.now() - datetime.timedelta(days=30)
        )
        rows = [a for a, _age in self.client.get(url("application_list")).context["rows"]]
        self.assertEqual(rows, [older, newer, decided])

    def test_it_counts_the_age_from_the_last_resubmission(self):
        application = make_application(self.establishment, "needs_correction")
        Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=40))
        from applications.workflow import application_transition

        application_transition(application=application, to_status="submitted")
        rows = self.client.get(url("application_list")).context["rows"]
        self.assertEqual(rows[0][1], 0)

    def test_it_filters_by_status_content_commune_and_date(self):
        elsewhere = EstablishmentFactory(name="Cơ sở dệt chiếu", commune=AdministrativeUnit.objects.get(code="31340"))
        here = make_application(self.establishment)
        there = make_application(elsewhere, "under_review", content=content("KC03a"))
        Application.objects.filter(pk=there.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=60))

        def found(**query):
            return [a for a, _age in self.client.get(url("application_list"), query).context["rows"]]

        self.assertEqual(found(status="under_review"), [there])
        self.assertEqual(found(content="KC03a"), [there])
        self.assertEqual(found(commune="31340"), [there])
        self.assertEqual(found(commune=self.establishment.commune.code), [here])
        today = timezone.localdate().strftime("%d/%m/%Y")
        self.assertEqual(found(submitted_from=today), [here])
        response = self.client.get(url("application_list"), {"content": "KC03a"})
        self.assertContains(response, 'data-status="all">1<')

    def test_its_queries_stay_constant_as_data_grows(self):
        def load(n):
            for i in range(n):
                make_application(
                    EstablishmentFactory(), ["submitted", "under_review", "approved"][i % 3], by=self.staff
                )

        load(3)
        self.client.get(url("application_list"))
        with self.assertNumQueries(8) as first:
            self.client.get(url("application_list"))
        load(6)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url("application_list"))
        self.assertLessEqual(len(first.captured_queries), 15)


class DetailTests(ReviewViewTestCase):
    def test_it_shows_what_the_establishment_filed_and_the_ceiling(self):
        application = make_application(self.establishment, "under_review", by=self.staff)
        ApplicationMessage.objects.create(application=application, author=self.owner, body="Xin hỏi tiến độ")
        response = self.client.get(url("application_detail", application))
        for text in (
            application.receipt_number,
            "Máy sấy khóm năng lượng mặt trời",
            "Thay lò sấy củi bằng máy sấy",
            "200.000.000",
            "Mức hỗ trợ tối đa",
            "TT 28/2018/TT-BTC",
            "Xin hỏi tiến độ",
            "Đang xem xét",
            "Yêu cầu bổ sung, sửa đổi",
            "Thêm phiếu thẩm định",
        ):
            self.assertContains(response, text)
        self.assertNotContains(response, "Nhận xử lý hồ sơ")

    def test_it_links_each_attachment_to_its_download(self):
        application = make_application(self.establishment, "under_review")
        attachment = ApplicationAttachment.objects.create(
            application=application,
            kind="quote",
            file="applications/x/y",
            original_name="bao-gia-may-say.pdf",
            content_type="application/pdf",
            size=2048,
        )
        response = self.client.get(url("application_detail", application))
        self.assertContains(response, "bao-gia-may-say.pdf")
        self.assertContains(response, reverse("apply:attachment_download", args=[application.uuid, attachment.uuid]))

    def test_it_shows_only_the_steps_allowed(self):
        application = make_application(self.establishment)
        response = self.client.get(url("application_detail", application))
        self.assertContains(response, "Nhận xử lý hồ sơ")
        self.assertNotContains(response, "Tạo đề án")
        self.client.force_login(self.leader)
        response = self.client.get(url("application_detail", application))
        self.assertNotContains(response, "Nhận xử lý hồ sơ")

    def test_its_queries_stay_constant_as_data_grows(self):
        application = make_application(self.establishment, "under_review", by=self.staff)

        def load(n):
            for i in range(n):
                ApplicationMessage.objects.create(application=application, author=self.owner, body=f"Tin {i}")
                Appraisal.objects.create(
                    application=application, appraiser=self.staff, **{f"{point}_score": 5 for point in SCORES}
                )

        load(2)
        # 14: the double-support check adds two (the establishment's projects and open applications);
        # one lists the priority grounds staff may record while reviewing.
        with self.assertNumQueries(14) as first:
            self.client.get(url("application_detail", application))
        load(4)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url("application_detail", application))


class ActionTests(ReviewViewTestCase):
    def test_it_takes_an_application(self):
        application = make_application(self.establishment)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url("application_take", application), follow=True)
        self.assertContains(response, "Bạn đã nhận xử lý hồ sơ")
        application.refresh_from_db()
        self.assertEqual((application.status, application.assigned_to), ("under_review", self.staff))
        self.assertTrue(Notification.objects.filter(recipient=self.owner).exists())
        self.assertEqual(mail.outbox[-1].to, [self.owner.email])

    def test_a_step_the_status_refuses_is_hidden_and_refused(self):
        approved = make_application(self.establishment, "approved")
        response = self.client.get(url("application_detail", approved))
        self.assertNotContains(response, "Nhận xử lý hồ sơ")
        self.assertNotContains(response, url("application_take", approved))
        self.assertNotContains(response, url("application_decide", approved))
        response = self.client.post(url("application_take", approved), follow=True)
        self.assertContains(response, "Không thể chuyển hồ sơ từ “Được chấp thuận” sang “Đang xem xét”.")
        approved.refresh_from_db()
        self.assertEqual((approved.status, approved.assigned_to), ("approved", None))

        under_review = make_application(self.establishment, "under_review")
        response = self.client.get(url("application_detail", under_review))
        self.assertNotContains(response, "Tạo đề án")
        self.assertNotContains(response, url("application_convert", under_review))
        response = self.client.post(
            url("application_convert", under_review),
            {"convert-plan": self.plan.pk, "convert-implementing_unit": "Trung tâm Khuyến công"},
        )
        self.assertContains(response, "Chỉ hồ sơ đã được chấp thuận mới chuyển thành đề án")
        self.assertFalse(Project.objects.exists())

    def test_a_reload_after_a_refused_form_shows_the_page_again(self):
        application = make_application(self.establishment, "under_review")
        target = url("application_appraise", application)
        response = self.client.post(target, {**APPRAISAL, "appraisal-cost_score": 12})
        self.assertEqual(response.status_code, 200)  # the page with the form's errors, at the action's address
        response = self.client.get(target, follow=True)
        self.assertEqual(response.redirect_chain, [(url("application_detail", application), 302)])
        self.assertContains(response, application.receipt_number)

    def test_it_records_an_appraisal(self):
        application = make_application(self.establishment, "under_review")
        response = self.client.post(url("application_appraise", application), APPRAISAL, follow=True)
        self.assertContains(response, "Đã lưu phiếu thẩm định")
        self.assertContains(response, "Tổng điểm 47/60")
        self.assertContains(response, "Liên kết với các chương trình khác")
        self.assertEqual(Appraisal.objects.get().cost_comment, "Báo giá hợp lý")

    def test_it_refuses_a_score_above_ten(self):
        application = make_application(self.establishment, "under_review")
        response = self.client.post(url("application_appraise", application), {**APPRAISAL, "appraisal-cost_score": 12})
        self.assertContains(response, "Phiếu thẩm định chưa lưu")
        self.assertFalse(Appraisal.objects.exists())

    def test_it_asks_for_a_correction(self):
        application = make_application(self.establishment, "under_review")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("application_request_correction", application),
                {"correction-reason": "Thiếu báo giá máy sấy"},
                follow=True,
            )
        self.assertContains(response, "Đã gửi yêu cầu bổ sung")
        self.assertContains(response, "Thiếu báo giá máy sấy")
        application.refresh_from_db()
        self.assertEqual(application.status, "needs_correction")
        self.assertIn("Thiếu báo giá máy sấy", mail.outbox[-1].body)
        self.assertIn("cần bổ sung", Notification.objects.get(recipient=self.owner).message)

    def test_it_refuses_a_correction_without_reason(self):
        application = make_application(self.establishment, "under_review")
        response = self.client.post(url("application_request_correction", application), {"correction-reason": ""})
        self.assertContains(response, "Hãy ghi rõ nội dung cần bổ sung")
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")

    def test_it_refuses_an_approval_without_appraisal(self):
        application = make_application(self.establishment, "under_review")
        response = self.client.post(url("application_decide", application), {"decision-decision": "approve"})
        self.assertContains(response, "Hồ sơ chưa có phiếu thẩm định")
        application.refresh_from_db()
        self.assertEqual(application.status, "under_review")

    def test_it_approves_then_refuses_with_reason(self):
        application = make_application(self.establishment, "under_review")
        self.client.post(url("application_appraise", application), APPRAISAL)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("application_decide", application), {"decision-decision": "approve"}, follow=True
            )
        self.assertContains(response, "Đã chấp thuận hồ sơ")
        self.assertContains(response, "Tạo đề án")
        self.assertIn("đã được chấp thuận", mail.outbox[-1].body)

        other = make_application(self.establishment, "under_review")
        response = self.client.post(url("application_decide", other), {"decision-decision": "refuse"})
        self.assertContains(response, "Hãy ghi rõ lý do không chấp thuận")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url("application_decide", other), {"decision-decision": "refuse", "decision-reason": "Ngoài địa bàn"}
            )
        other.refresh_from_db()
        self.assertEqual((other.status, other.decision_reason), ("refused", "Ngoài địa bàn"))
        self.assertIn("Ngoài địa bàn", mail.outbox[-1].body)

    def test_it_replies_on_the_thread(self):
        application = make_application(self.establishment, "under_review")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("application_message", application), {"message-body": "Xin gửi thêm ảnh nhà xưởng"}, follow=True
            )
        self.assertContains(response, "Xin gửi thêm ảnh nhà xưởng")
        message = ApplicationMessage.objects.get()
        self.assertEqual((message.from_staff, message.author), (True, self.staff))
        self.assertIn("Xin gửi thêm ảnh nhà xưởng", mail.outbox[-1].body)
        self.assertTrue(Notification.objects.filter(recipient=self.owner).exists())


class ConvertViewTests(ReviewViewTestCase):
    def test_it_turns_the_application_into_a_project_shown_in_the_plan(self):
        application = make_application(self.establishment, "approved", by=self.staff)
        response = self.client.get(url("application_detail", application))
        self.assertContains(response, "Trung tâm Khuyến công thành phố Cần Thơ")
        self.assertContains(response, 'value="KCĐP-2026-001"')
        self.assertContains(response, f'<option value="{self.plan.pk}" selected>')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("application_convert", application),
                {
                    "convert-plan": self.plan.pk,
                    "convert-code": "",
                    "convert-implementing_unit": "Trung tâm Khuyến công",
                },
                follow=True,
            )
        project = Project.objects.get()
        self.assertRedirects(response, reverse("staff:project_detail", kwargs={"uuid": project.uuid}))
        self.assertContains(response, f"Từ hồ sơ {application.receipt_number}")
        self.assertContains(response, url("application_detail", application))
        application.refresh_from_db()
        self.assertEqual((application.status, application.project), ("converted", project))
        lines = {line.source.code: line.planned for line in project.budget_lines.select_related("source")}
        self.assertEqual(lines, {"KCDP": D("200000000"), "DOIUNG": D("200000000")})
        self.assertEqual(project.shares.get().establishment, self.establishment)
        self.assertIn(project.code, mail.outbox[-1].body)
        plan_page = self.client.get(reverse("staff:plan_detail", kwargs={"year": 2026, "level": "local"}))
        self.assertContains(plan_page, project.code)
        detail = self.client.get(url("application_detail", application))
        self.assertContains(detail, project.code)

    def test_it_refuses_support_above_the_ceiling_and_creates_nothing(self):
        application = make_application(
            self.establishment, "approved", eligible_cost=D("1000000000"), support_requested=D("450000000")
        )
        response = self.client.post(
            url("application_convert", application),
            {"convert-plan": self.plan.pk, "convert-implementing_unit": "Trung tâm Khuyến công"},
        )
        self.assertContains(response, "vượt mức hỗ trợ tối đa")
        self.assertFalse(Project.objects.exists())
        application.refresh_from_db()
        self.assertEqual(application.status, "approved")


class FileOnBehalfViewTests(ReviewViewTestCase):
    def test_it_finds_the_establishment_then_files_and_submits(self):
        response = self.client.get(url("application_file_on_behalf"), {"q": "bay hong"})
        self.assertContains(response, "Cơ sở khóm Bảy Hồng")
        response = self.client.get(url("application_file_on_behalf"), {"establishment": self.establishment.code})
        self.assertContains(response, "Nộp hồ sơ")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "Giấy đăng ký kinh doanh (bản chụp)")
        self.assertRegex(response.content.decode(), r'<input type="file" name="other_files"[^>]* multiple')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("application_file_on_behalf"),
                {
                    "establishment": self.establishment.code,
                    "content": content("KC03b").pk,
                    "title": "Máy đóng gói khóm",
                    "need": "Đóng gói khóm sấy dẻo",
                    "eligible_cost": "100.000.000",
                    "support_requested": "50.000.000",
                    "planned_start": "01/04/2026",
                    "planned_end": "30/09/2026",
                    "registration": scan(),
                },
                follow=True,
            )
        application = Application.objects.get()
        self.assertEqual(application.status, "submitted")
        self.assertTrue(application.filed_by_staff)
        self.assertEqual(application.created_by, self.staff)
        self.assertEqual(application.planned_start, datetime.date(2026, 4, 1))
        self.assertContains(response, f"Đã nộp thay hồ sơ {application.receipt_number}")
        self.assertIn(application.receipt_number, Notification.objects.get(recipient=self.owner).message)

    def test_it_refuses_support_above_the_cost(self):
        response = self.client.post(
            url("application_file_on_behalf"),
            {
                "establishment": self.establishment.code,
                "content": content("KC03b").pk,
                "title": "Máy",
                "need": "Cần",
                "eligible_cost": "100.000.000",
                "support_requested": "150.000.000",
            },
        )
        self.assertContains(response, "không được lớn hơn tổng chi phí")
        self.assertFalse(Application.objects.exists())


JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


class FileOnBehalfScansTests(ReviewViewTestCase):
    """Staff filing a paper application keep its scans with it, checked as the establishment's own uploads."""

    def post(self, **files):
        return self.client.post(
            url("application_file_on_behalf"),
            {
                "establishment": self.establishment.code,
                "content": content("KC03b").pk,
                "title": "Máy đóng gói khóm",
                "need": "Đóng gói khóm sấy dẻo",
                "eligible_cost": "100.000.000",
                "support_requested": "50.000.000",
                **files,
            },
        )

    def download(self, attachment: ApplicationAttachment) -> bytes:
        response = self.client.get(
            reverse("apply:attachment_download", args=[attachment.application.uuid, attachment.uuid])
        )
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def assert_nothing_saved(self):
        self.assertFalse(Application.objects.exists())
        self.assertFalse(ApplicationAttachment.objects.exists())

    def test_the_scans_are_kept_with_the_application_for_staff_and_the_establishment(self):
        registration = scan("Giấy ĐKKD.pdf")
        photo = scan("anh-may.jpg", JPEG_BYTES)
        quote = scan("bao-gia.pdf")
        response = self.post(registration=registration, other_files=[photo, quote])
        self.assertEqual(response.status_code, 302)
        application = Application.objects.get()
        self.assertEqual(application.status, "submitted")
        kept = {attachment.original_name: attachment for attachment in application.attachments.all()}
        self.assertEqual(set(kept), {"Giấy ĐKKD.pdf", "anh-may.jpg", "bao-gia.pdf"})
        self.assertEqual(kept["Giấy ĐKKD.pdf"].kind, ApplicationAttachment.Kind.BUSINESS_REGISTRATION)
        self.assertEqual(kept["anh-may.jpg"].content_type, "image/jpeg")
        self.assertEqual(kept["anh-may.jpg"].uploaded_by, self.staff)
        self.assertEqual(self.download(kept["Giấy ĐKKD.pdf"]), PDF_BYTES)
        self.assertEqual(self.download(kept["anh-may.jpg"]), JPEG_BYTES)
        # The establishment's own account reads what staff filed for it.
        self.owner.groups.add(Group.objects.get_or_create(name=Role.ESTABLISHMENT)[0])
        self.client.force_login(self.owner)
        self.assertEqual(self.download(kept["anh-may.jpg"]), JPEG_BYTES)
        self.assertContains(self.client.get(reverse("apply:detail", args=[application.uuid])), "Giấy ĐKKD.pdf")

    def test_the_business_registration_is_required_as_online(self):
        response = self.post(other_files=[scan("bao-gia.pdf")])
        self.assertContains(response, "Hãy đính kèm bản chụp giấy đăng ký kinh doanh.")
        self.assert_nothing_saved()

    def test_a_file_of_a_refused_type_is_named_and_nothing_is_saved(self):
        page = scan("trang.html", b"<html><script>alert(1)</script></html>")
        response = self.post(registration=scan(), other_files=[page])
        self.assertContains(response, "Tệp “trang.html”: Không nhận tệp HTML, SVG hay XML.")
        self.assertContains(response, "Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX.")
        self.assert_nothing_saved()
        renamed = scan("dang-ky.pdf", b"MZ\x90\x00" + b"\x00" * 60)
        response = self.post(registration=renamed)
        self.assertContains(response, "Tệp là chương trình chạy được, không được phép tải lên.")
        self.assert_nothing_saved()

    def test_a_file_over_ten_megabytes_is_refused_and_one_at_the_limit_is_kept(self):
        over = scan("dang-ky.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES) + 1))
        response = self.post(registration=over)
        self.assertContains(response, "Tệp quá lớn (10,0 MB): mỗi tệp tối đa 10 MB.")
        self.assert_nothing_saved()
        at_limit = scan("dang-ky.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES)))
        self.assertEqual(self.post(registration=at_limit).status_code, 302)
        self.assertEqual(Application.objects.get().attachments.get().size, 10 * 1024 * 1024)
