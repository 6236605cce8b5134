"""The annual plan as a director reads it before signing: its legal bases, the approval it rests on,
its projects counted by stage, its appendix with a status column, its date line, who does what."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from beneficiaries.tests.personas import StaffTestCase
from programs.models import AnnualPlan, Project, ProjectOutcome, ProjectStatus
from programs.tests.factories import AnnualPlanFactory
from reports.documents import plan_document
from reports.documents.plan import default_organisation
from reports.forms import NarrativeForm
from reports.models import LegalBasis, ReportNarrative
from reports.pdf import render_pdf
from reports.tests import build_year

LIVE = [status for status in ProjectStatus.values if status != ProjectStatus.CANCELLED]
BUILD_DAY = datetime.date(2026, 12, 2)
PROGRAMME_2021 = "Quyết định số 1881/QĐ-TTg"
PROGRAMME_2026 = "Quyết định số 2646/QĐ-BCT"
AMENDED_DECREE = (
    "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công, được sửa đổi, bổ sung bởi "
    "Nghị định số 235/2025/NĐ-CP ngày 27/8/2025 của Chính phủ;"
)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def appendix_text(pdf: bytes) -> str:
    """The text of the landscape pages only (the project list)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    landscape = [page for page in pages if float(page.mediabox.width) > float(page.mediabox.height)]
    return " ".join(" ".join(page.extract_text() for page in landscape).split())


class PlanDocumentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2025)  # approved local plan (QĐ 215/QĐ-UBND of 20/01/2025): accepted, running, proposed, cancelled
        ReportNarrative.objects.create(
            year=2025,
            plan_number="28/KH-SCT",
            plan_date=datetime.date(2026, 1, 12),
            purpose="Hỗ trợ cơ sở đổi mới công nghệ.",
        )
        cls.pdf = render_pdf(plan_document(2025, today=BUILD_DAY))
        cls.text = pdf_text(cls.pdf)

    def test_the_bases_in_force_on_the_plan_date_are_cited_in_order(self):
        text = self.text
        self.assertIn(AMENDED_DECREE, text)
        self.assertIn(
            "Căn cứ Quyết định số 2646/QĐ-BCT ngày 23/9/2025 của Bộ trưởng Bộ Công Thương phê duyệt Chương trình "
            "khuyến công quốc gia giai đoạn 2026 - 2030;",
            text,
        )
        # The 2021-2025 programme ended on 31/12/2025, before the plan's date (12/01/2026).
        self.assertNotIn(PROGRAMME_2021, text)
        # The city's resolution has no confirmed number yet: nothing invented is printed.
        self.assertNotIn("NQ-HĐND", text)
        self.assertLess(text.index("Nghị định số 45/2012"), text.index("Thông tư số 28/2018/TT-BTC"))
        self.assertLess(text.index("Căn cứ"), text.index("I. MỤC ĐÍCH, YÊU CẦU"))

    def test_the_plan_rests_on_its_approval_decision(self):
        self.assertIn(
            "Căn cứ Quyết định số 215/QĐ-UBND ngày 20/1/2025 phê duyệt Kế hoạch khuyến công địa phương năm 2025;",
            self.text,
        )
        self.assertNotIn("Quyết định số QĐ", self.text)
        self.assertNotIn("chưa có quyết định phê duyệt", self.text)

    def test_projects_are_counted_by_stage_not_all_as_carried_out(self):
        live = Project.objects.filter(plan__year=2025).exclude(status=ProjectStatus.CANCELLED)
        self.assertEqual(
            sorted(live.values_list("status", flat=True)),
            [ProjectStatus.ACCEPTED, ProjectStatus.IN_PROGRESS, ProjectStatus.PROPOSED],
        )
        self.assertIn(
            "Năm 2025 có 3 đề án khuyến công (trong đó 1 đề án đang đề xuất, 1 đề án đang thực hiện, "
            "1 đề án đã nghiệm thu), tổng kinh phí 950.000.000 đồng. Không kể 1 đề án đã hủy.",
            self.text,
        )
        self.assertNotIn("thực hiện 3 đề án", self.text)
        # One project is only proposed: the plan says its money is an estimate until approval.
        self.assertIn(
            "Các đề án chưa được phê duyệt chỉ triển khai sau khi được cấp có thẩm quyền phê duyệt", self.text
        )

    def test_sections_come_in_the_order_of_a_plan(self):
        headings = [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "II. KẾT QUẢ NĂM TRƯỚC VÀ TÌNH HÌNH NĂM NAY",
            "III. MỤC TIÊU, CHỈ TIÊU",
            "IV. NỘI DUNG VÀ ĐỀ ÁN KHUYẾN CÔNG",
            "V. KINH PHÍ THỰC HIỆN",
            "VI. TỔ CHỨC THỰC HIỆN",
            "Nơi nhận:",
        ]
        positions = [self.text.index(heading) for heading in headings]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("Hỗ trợ cơ sở đổi mới công nghệ.", self.text)
        # The planned indicators of the live projects, as the projects record them.
        machines = ProjectOutcome.objects.filter(
            project__plan__year=2025, indicator__code="MACHINES", project__status__in=LIVE
        ).aggregate(total=Sum("planned"))["total"]
        self.assertIn(f"Máy móc, dây chuyền được hỗ trợ máy/dây chuyền {machines:.0f} ", self.text)

    def test_the_appendix_has_a_status_column(self):
        appendix = appendix_text(self.pdf)
        self.assertIn("Trạng thái", appendix)
        self.assertIn("Kết quả dự kiến", appendix)
        for label in ("Đã nghiệm thu", "Đang thực hiện", "Đề xuất"):
            self.assertIn(label, appendix)
        self.assertNotIn("Đã hủy", appendix)

    def test_the_date_line_and_number_are_the_documents_own(self):
        self.assertIn("Cần Thơ, ngày 12 tháng 01 năm 2026", self.text)
        self.assertIn("Số: 28/KH-SCT", self.text)
        self.assertNotIn("ngày 02 tháng 12 năm 2026", self.text)

    def test_counterpart_money_has_one_label_after_the_state_subtotal(self):
        # build_year: 300 million of the beneficiaries' own money for each of two projects, one approved.
        self.assertIn("Cộng ngân sách nhà nước 1.000.000.000 350.000.000", self.text)
        self.assertIn("Vốn đối ứng — 600.000.000 300.000.000", self.text)
        self.assertLess(self.text.index("Cộng ngân sách nhà nước"), self.text.index("Vốn đối ứng —"))
        self.assertNotIn("Vốn đối ứng của cơ sở", self.text)

    def test_a_blank_organisation_prints_who_does_what(self):
        self.assertIn("Trung tâm Khuyến công thành phố Cần Thơ là đơn vị đầu mối tổ chức thực hiện Kế hoạch", self.text)
        self.assertIn("Ủy ban nhân dân các xã, phường phối hợp khảo sát nhu cầu", self.text)


class PlanDatesTests(TestCase):
    """What a plan cites depends on the day it is issued; no PDF needed to see it."""

    @classmethod
    def setUpTestData(cls):
        AnnualPlanFactory(year=2025, approved=True)
        AnnualPlanFactory(year=2025, level=AnnualPlan.Level.NATIONAL, status=AnnualPlan.Status.SUBMITTED)

    def test_before_an_amendment_the_decree_is_cited_alone(self):
        document = plan_document(2025, today=datetime.date(2025, 1, 10))
        decree = next(basis for basis in document.bases if "45/2012/NĐ-CP ngày" in basis[:40])
        self.assertNotIn("235/2025", decree)
        self.assertTrue(any(PROGRAMME_2021 in basis for basis in document.bases))
        self.assertFalse(any(PROGRAMME_2026 in basis for basis in document.bases))
        # The local plan was approved on 20/01/2025, after this date: not yet a basis.
        local = next(approval for approval in document.approvals if approval.level == "địa phương")
        self.assertEqual(local.decision_number, "")

    def test_a_plan_without_decision_says_so(self):
        document = plan_document(2025, today=datetime.date(2025, 6, 1))
        national = next(approval for approval in document.approvals if approval.level == "quốc gia")
        self.assertEqual((national.decision_number, national.status), ("", "Đã trình"))
        local = next(approval for approval in document.approvals if approval.level == "địa phương")
        self.assertEqual((local.decision_number, local.decision_day), ("215/QĐ-UBND", "20/1/2025"))

    def test_a_basis_staff_switch_off_or_end_is_no_longer_cited(self):
        LegalBasis.objects.filter(title__startswith="Thông tư số 36/2013").update(active=False)
        LegalBasis.objects.filter(title__startswith="Thông tư số 46/2012").update(
            effective_to=datetime.date(2025, 12, 31)
        )
        bases = plan_document(2025, today=datetime.date(2026, 2, 1)).bases
        self.assertFalse(any("36/2013" in basis for basis in bases))
        self.assertFalse(any(basis.startswith("Thông tư số 46/2012") for basis in bases))
        self.assertTrue(any(basis.startswith("Thông tư số 28/2018") for basis in bases))

    def test_a_year_without_any_plan_prints_that_no_decision_is_recorded(self):
        text = pdf_text(render_pdf(plan_document(2031, today=BUILD_DAY)))
        self.assertIn("Chưa có quyết định phê duyệt kế hoạch khuyến công năm 2031.", text)
        self.assertIn("Năm 2031 chưa có đề án khuyến công.", text)
        self.assertNotIn("Căn cứ Quyết định số 215", text)


class NarrativeFormTests(StaffTestCase):
    URL = reverse("reports:narrative_edit", args=[2026])

    def test_a_new_year_starts_from_the_default_division_of_tasks(self):
        form = NarrativeForm(instance=ReportNarrative(year=2026))
        self.assertEqual(form["organisation"].value(), default_organisation())
        self.client.force_login(self.staff)
        page = self.client.get(self.URL)
        self.assertContains(page, "Quyền hạn, chức vụ người ký", count=2)
        self.assertContains(page, "Mục đích, yêu cầu")
        self.assertContains(page, "là đơn vị đầu mối tổ chức thực hiện Kế hoạch")

    def test_the_new_parts_are_saved_and_the_others_kept(self):
        ReportNarrative.objects.create(year=2026, goals="Hỗ trợ 20 cơ sở.", achievements="Đạt 95% kế hoạch.")
        self.client.force_login(self.staff)
        form = self.client.get(self.URL).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data.update(
            purpose="Nâng cao năng lực sản xuất.",
            organisation="Trung tâm chủ trì.",
            strengths="Đúng đối tượng.",
            next_year_tasks="Chuyển đổi số.",
            plan_date="2026-03-16",
            plan_signer_authority="GIÁM ĐỐC",
        )
        response = self.client.post(self.URL, data)
        self.assertEqual(response.status_code, 302)
        narrative = ReportNarrative.objects.get(year=2026)
        self.assertEqual(
            (narrative.purpose, narrative.organisation, narrative.strengths, narrative.next_year_tasks),
            ("Nâng cao năng lực sản xuất.", "Trung tâm chủ trì.", "Đúng đối tượng.", "Chuyển đổi số."),
        )
        self.assertEqual(
            (narrative.plan_date, narrative.plan_signer_authority), (datetime.date(2026, 3, 16), "GIÁM ĐỐC")
        )
        self.assertEqual((narrative.goals, narrative.achievements), ("Hỗ trợ 20 cơ sở.", "Đạt 95% kế hoạch."))
        # The staff's own organisation text replaces the default in the plan.
        self.assertEqual(plan_document(2026).organisation, "Trung tâm chủ trì.")


class LegalBasisAdminTests(TestCase):
    def test_staff_keep_the_bases_in_the_admin_with_history(self):
        self.client.force_login(get_user_model().objects.create_superuser("quantri", password="demo1234"))
        listing = self.client.get("/admin/reports/legalbasis/")
        self.assertContains(listing, "Nghị định số 45/2012/NĐ-CP")
        resolution = LegalBasis.objects.get(title__contains="NQ-HĐND")
        self.assertFalse(resolution.confirmed)
        page = self.client.get(f"/admin/reports/legalbasis/{resolution.pk}/history/")
        self.assertEqual(page.status_code, 200)
