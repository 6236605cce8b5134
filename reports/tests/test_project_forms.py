"""The Circular 36/2013 forms of a project or application, read back with pypdf, and who may download them."""

import datetime
import io
import pathlib
import tempfile
from decimal import Decimal
from unittest import mock

from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from pypdf import PdfReader

from applications.review_services import appraisal_create
from applications.tests.test_review_services import SCORES, make_application, make_owner
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from core.money import format_dong
from programs.models import BudgetLine, Disbursement, Project
from reports.project_forms import (
    application_for_forms,
    build_application_form,
    build_project_form,
    project_for_forms,
    render_form_pdf,
)
from reports.project_forms.common import legal_bases
from reports.tests import build_year


def text_of(pdf: bytes) -> str:
    """The PDF's text on one line, words separated by single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def project_pdf(kind: str, code: str) -> str:
    return text_of(render_form_pdf(build_project_form(kind, project_for_forms(code=code))))


class FormTestCase(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(2025)
        cls.paid = Project.objects.get(code="R2025A-1")  # accepted: advance 120 and final 50 of 200 million
        cls.running = Project.objects.get(code="R2025A-2")  # in progress: 30 trainees planned, 12 so far
        cls.establishment = EstablishmentFactory(name="Cơ sở khóm Bảy Hồng")
        cls.owner = make_owner(cls.establishment)
        cls.application = make_application(cls.establishment, "under_review")
        cls.appraisal = appraisal_create(
            application=cls.application,
            appraiser=cls.staff,
            scores=SCORES,
            comments={"cost": "Báo giá hợp lý, đã so sánh hai báo giá"},
            conclusion="Đề nghị chấp thuận, đưa vào kế hoạch.",
        )


class SettlementTests(FormTestCase):
    def test_each_source_shows_approved_advanced_paid_and_remaining_that_add_up(self):
        text = project_pdf("settlement", self.paid.code)
        self.assertIn("BIỂU CHI TIẾT QUYẾT TOÁN KINH PHÍ", text)
        payments = Disbursement.objects.filter(project=self.paid)
        for line in BudgetLine.objects.filter(project=self.paid).select_related("source"):
            mine = payments.filter(source=line.source)
            advanced = mine.filter(kind="advance").aggregate(total=Sum("amount"))["total"] or Decimal(0)
            final = mine.filter(kind="final").aggregate(total=Sum("amount"))["total"] or Decimal(0)
            row = [line.approved, advanced, final, advanced + final, line.approved - advanced - final]
            self.assertIn(f"{line.source.name} {' '.join(format_dong(amount) for amount in row)}", text)
        approved = BudgetLine.objects.filter(project=self.paid).aggregate(total=Sum("approved"))["total"]
        paid = payments.aggregate(total=Sum("amount"))["total"]
        # build_year: 200 million state and 300 million counterpart approved; 120 advanced, 50 paid.
        self.assertEqual((approved, paid), (Decimal("500000000"), Decimal("170000000")))
        self.assertIn("Cộng ngân sách nhà nước 200.000.000 120.000.000 50.000.000 170.000.000 30.000.000", text)
        self.assertIn("Tổng cộng 500.000.000 120.000.000 50.000.000 170.000.000 330.000.000", text)
        # The payments, one by one, and their total.
        self.assertIn("Tạm ứng", text)
        self.assertIn("Tổng cộng 170.000.000", text)
        self.assertIn("THỦ TRƯỞNG ĐƠN VỊ", text)


class AcceptanceTests(FormTestCase):
    def test_it_shows_what_was_planned_and_achieved_the_money_and_the_parties(self):
        text = project_pdf("acceptance", self.paid.code)
        self.assertIn("BIÊN BẢN NGHIỆM THU CƠ SỞ", text)
        self.assertIn("Máy móc, dây chuyền được hỗ trợ máy/dây chuyền 2 2", text)
        self.assertIn("Kinh phí khuyến công địa phương 200.000.000 170.000.000 30.000.000", text)
        self.assertIn("Tổng cộng 500.000.000 170.000.000 330.000.000", text)
        self.assertIn(self.paid.shares.get().establishment.name, text)
        self.assertIn("Các bên thống nhất nghiệm thu đề án", text)
        for party in ("ĐẠI DIỆN CƠ QUAN QUẢN LÝ", "ĐẠI DIỆN ĐƠN VỊ THỰC HIỆN", "ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG"):
            self.assertIn(party, text)

    def test_before_acceptance_the_conclusion_and_date_are_left_to_write(self):
        text = project_pdf("acceptance", self.running.code)
        self.assertIn("Lao động được đào tạo nghề, truyền nghề người 30 12", text)
        self.assertIn("Hôm nay, ngày …… tháng …… năm ………", text)
        self.assertNotIn("thống nhất nghiệm thu đề án", text)
        # Two beneficiaries sign the list of section I rather than a block each.
        self.assertIn("Ký tên", text)
        self.assertNotIn("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG", text)


class AppraisalTests(FormTestCase):
    def test_it_prints_each_scored_point_the_total_and_the_conclusion(self):
        form = build_application_form("appraisal", application_for_forms(pk=self.application.pk))
        text = text_of(render_form_pdf(form))
        self.assertIn("PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG", text)
        self.assertIn(self.application.receipt_number, text)
        self.assertIn("Phù hợp nguyên tắc, đối tượng 10 9", text)
        self.assertIn("Tính hợp lý của kinh phí 10 7 Báo giá hợp lý, đã so sánh hai báo giá", text)
        self.assertIn("Liên kết với các chương trình khác 10 6", text)
        self.assertIn(f"Tổng điểm 60 {sum(SCORES.values())}", text)
        self.assertIn("Đề nghị chấp thuận, đưa vào kế hoạch.", text)
        # The appraiser's name in Vietnamese order, under the signature.
        self.assertIn("NGƯỜI THẨM ĐỊNH", text)
        self.assertIn("Trần Thị Lan", text)


class ProposalTests(FormTestCase):
    def test_an_applications_proposal_has_the_eight_contents_and_dots_where_data_lacks(self):
        text = text_of(
            render_form_pdf(build_application_form("proposal", application_for_forms(pk=self.application.pk)))
        )
        self.assertIn("ĐỀ CƯƠNG ĐỀ ÁN KHUYẾN CÔNG", text)
        for number, heading in enumerate(
            (
                "Đơn vị thực hiện, đơn vị phối hợp",
                "Sự cần thiết",
                "Mục tiêu",
                "Quy mô và đặc điểm",
                "Nội dung công việc và tiến độ",
                "Dự toán kinh phí chi tiết",
                "Tổ chức thực hiện",
                "Hiệu quả kinh tế, xã hội, môi trường",
            ),
            start=1,
        ):
            self.assertIn(f"{number}. {heading}", text)
        self.assertIn("Cơ sở khóm Bảy Hồng", text)
        self.assertIn("Thay lò sấy củi bằng máy sấy", text)  # the need the establishment wrote
        self.assertIn("Kinh phí khuyến công đề nghị hỗ trợ 200.000.000", text)
        self.assertIn("Vốn đối ứng 200.000.000", text)
        self.assertIn("Tổng cộng 400.000.000", text)
        self.assertIn("……………", text)  # objectives and organisation: nothing in the data

    def test_a_projects_proposal_shows_its_planned_money_and_results(self):
        text = project_pdf("proposal", self.paid.code)
        self.assertIn(self.paid.code, text)
        self.assertIn("Cộng ngân sách nhà nước 200.000.000", text)
        self.assertIn("Tổng cộng 500.000.000", text)
        self.assertIn("Máy móc, dây chuyền được hỗ trợ máy/dây chuyền 2", text)


class QueryTests(FormTestCase):
    def test_a_form_is_plain_data_once_its_record_is_loaded(self):
        # Only the legal bases in force on the form's date are read, whatever the size of the project.
        for kind, queries in (("proposal", 1), ("acceptance", 1), ("settlement", 0)):
            project = project_for_forms(code=self.paid.code)
            with self.subTest(kind=kind), self.assertNumQueries(queries):
                build_project_form(kind, project)
        application = application_for_forms(pk=self.application.pk)
        with self.assertNumQueries(1):
            build_application_form("appraisal", application)


class LegalBasesTests(FormTestCase):
    """A form cites the instruments as they stood on its date, as the annual plan does."""

    def test_an_amendment_is_cited_only_from_the_day_it_took_effect(self):
        before = " ".join(legal_bases(None, datetime.date(2024, 10, 3)))
        self.assertIn("Nghị định số 45/2012/NĐ-CP", before)
        self.assertNotIn("235/2025", before)
        after = " ".join(legal_bases(None, datetime.date(2026, 3, 16)))
        self.assertIn("được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP", after)

    def test_the_plans_decision_is_cited_once_made(self):
        plan = self.paid.plan
        plan.decision_number = "QĐ 97/QĐ-BCT"
        plan.decision_date = datetime.date(2026, 1, 17)
        self.assertIn("Quyết định số 97/QĐ-BCT ngày 17/1/2026", " ".join(legal_bases(plan, datetime.date(2026, 5, 1))))
        self.assertNotIn("97/QĐ-BCT", " ".join(legal_bases(plan, datetime.date(2026, 1, 16))))


class DownloadTests(FormTestCase):
    def urls(self) -> list[str]:
        project = [
            reverse("reports:project_form", kwargs={"uuid": self.paid.uuid, "kind": kind})
            for kind in ("proposal", "acceptance", "settlement")
        ]
        application = [
            reverse("reports:application_form", kwargs={"uuid": self.application.uuid, "kind": kind})
            for kind in ("proposal", "appraisal")
        ]
        return project + application

    # Who may download is the question here, not the layout: the PDF is stubbed.
    @mock.patch("reports.form_views.render_form_pdf", return_value=b"%PDF-1.7 stub")
    def test_staff_and_leaders_download_each_form_and_nobody_else(self, _render):
        for url in self.urls():
            with self.subTest(url=url):
                self.assert_readers_only(url)
                # The establishment whose application it is gets no more than any outsider.
                self.client.force_login(self.owner)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_download_is_a_named_pdf(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.urls()[2])
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn("quyet-toan-R2025A-1.pdf", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_an_unknown_form_or_an_application_never_appraised_is_404(self):
        self.client.force_login(self.staff)
        unknown = reverse("reports:project_form", kwargs={"uuid": self.paid.uuid, "kind": "appraisal"})
        self.assertEqual(self.client.get(unknown).status_code, 404)
        fresh = make_application(self.establishment, "submitted")
        url = reverse("reports:application_form", kwargs={"uuid": fresh.uuid, "kind": "appraisal"})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_pages_link_to_their_forms(self):
        self.client.force_login(self.leader)
        page = self.client.get(reverse("staff:project_detail", kwargs={"uuid": self.paid.uuid}))
        for url in self.urls()[:3]:
            self.assertContains(page, url)
        page = self.client.get(reverse("staff:application_detail", kwargs={"uuid": self.application.uuid}))
        for url in self.urls()[3:]:
            self.assertContains(page, url)
        fresh = make_application(self.establishment, "submitted")
        page = self.client.get(reverse("staff:application_detail", kwargs={"uuid": fresh.uuid}))
        self.assertContains(page, "In biểu mẫu")
        self.assertNotContains(page, "appraisal.pdf")


class CommandTests(FormTestCase):
    def test_build_form_writes_the_pdf_of_a_project_or_an_application(self):
        with tempfile.TemporaryDirectory() as folder:
            output = pathlib.Path(folder) / "quyet-toan.pdf"
            call_command("build_form", "settlement", self.paid.code, "-o", str(output), stdout=io.StringIO())
            self.assertIn("Tổng cộng 500.000.000", text_of(output.read_bytes()))
            output = pathlib.Path(folder) / "tham-dinh.pdf"
            call_command(
                "build_form", "appraisal", self.application.receipt_number, "-o", str(output), stdout=io.StringIO()
            )
            self.assertIn("Tổng điểm 60 47", text_of(output.read_bytes()))
