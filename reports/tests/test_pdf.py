"""The PDF of the annual plan and results reports, read back with pypdf: frame, figures, pages, escaping, fonts."""

import datetime
import io
from decimal import Decimal
from unittest import mock

from django.db.models import Sum
from django.test import TestCase
from pypdf import PdfReader

from beneficiaries.models import Establishment
from programs.models import BudgetLine, Disbursement, Project
from reports.documents import ContentGroup, plan_document, results_document
from reports.models import ReportNarrative
from reports.pdf import appendix_parts, render_pdf
from reports.tests import build_year

TODAY = datetime.date(2026, 1, 5)
HOSTILE_NAME = '<b>Cơ sở "X" & con</b>'
HOSTILE_TEXT = "<script>alert('x')</script> Năm 2025 hỗ trợ 20 cơ sở."
# Text within 20 mm of the top edge sits in the top margin, where the page number goes.
TOP_MARGIN = 56.7  # 20 mm, in points


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_text(page) -> str:
    return " ".join(page.extract_text().split())


def top_margin_text(page) -> list[str]:
    """The strings drawn in the page's top margin (where the page number goes)."""
    found = []
    # Portrait or landscape (the appendix): the margin is measured from the page's own top edge.
    top_margin_y = float(page.mediabox.height) - TOP_MARGIN

    def visit(text, cm, tm, font, size):
        # Text space to page space: y = tm.e * cm.b + tm.f * cm.d + cm.f.
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y > top_margin_y:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def squeezed(text: str) -> str:
    """Text without any whitespace: a narrow cell may wrap a name after "/" or a space."""
    return "".join(text.split())


def live_sum(model, field: str, **filters) -> Decimal:
    """An ORM sum over the year's projects that are not cancelled, written apart from the report code."""
    return (
        model.objects.filter(project__plan__year=2025, **filters)
        .exclude(project__status="cancelled")
        .aggregate(total=Sum(field))["total"]
    )


class ReportPdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        paid = Project.objects.get(code="R2025A-1")
        Project.objects.filter(pk=paid.pk).update(title=HOSTILE_NAME)
        Establishment.objects.filter(pk=paid.shares.get().establishment_id).update(name=HOSTILE_NAME)
        ReportNarrative.objects.create(year=2025, previous_results=HOSTILE_TEXT, achievements=HOSTILE_TEXT)
        cls.plan_pdf = render_pdf(plan_document(2025, today=TODAY))
        cls.results_pdf = render_pdf(results_document(2025, today=TODAY))

    def test_plan_first_page_has_the_decree_30_frame(self):
        self.assertTrue(self.plan_pdf.startswith(b"%PDF"))
        first = page_text(read(self.plan_pdf).pages[0])
        for text in (
            "UBND THÀNH PHỐ CẦN THƠ",
            "SỞ CÔNG THƯƠNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: /KH-SCT",
            "Cần Thơ, ngày 05 tháng 01 năm 2026",
            "KẾ HOẠCH",
            "Khuyến công năm 2025",
            "Kết quả thực hiện năm trước",
        ):
            self.assertIn(text, first)

    def test_results_first_page_has_the_decree_30_frame(self):
        self.assertTrue(self.results_pdf.startswith(b"%PDF"))
        first = page_text(read(self.results_pdf).pages[0])
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "SỞ CÔNG THƯƠNG",
            "Số: /BC-SCT",
            "Cần Thơ, ngày 05 tháng 01 năm 2026",
            "BÁO CÁO",
            "Kết quả thực hiện công tác khuyến công năm 2025",
        ):
            self.assertIn(text, first)

    def test_plan_totals_match_the_ledger(self):
        # build_year: 200 + 300 (paid), 60 + 0 (running), 90 + 300 (proposed) million; the cancelled one is out.
        self.assertEqual(live_sum(BudgetLine, "planned"), Decimal("950000000"))
        self.assertEqual(live_sum(BudgetLine, "planned", source__kind="other"), Decimal("60000000"))
        text = " ".join(page_text(page) for page in read(self.plan_pdf).pages)
        self.assertIn("Tổng cộng 950.000.000 0 290.000.000 600.000.000 60.000.000", text)
        self.assertIn("Đơn vị tính: đồng", text)
        self.assertIn("Nơi nhận:", text)
        self.assertIn("- Lưu: VT, TTKC.", text)
        self.assertIn("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", text)
        # Empty narrative sections print a dotted line to fill in.
        self.assertIn("……………", text)

    def test_the_plan_project_list_is_a_landscape_appendix(self):
        pages = read(self.plan_pdf).pages
        portrait = [float(page.mediabox.height) > float(page.mediabox.width) for page in pages]
        self.assertTrue(portrait[0])
        appendix = next(i for i, page in enumerate(pages) if "DANH MỤC ĐỀ ÁN KHUYẾN CÔNG NĂM 2025" in page_text(page))
        self.assertFalse(portrait[appendix], "the thirteen-column list needs the page's long side")
        self.assertIn("PHỤ LỤC", page_text(pages[appendix]))
        # The signature closes the body, before the appendix.
        signed = next(i for i, page in enumerate(pages) if "Nơi nhận:" in page_text(page))
        self.assertLess(signed, appendix)

    def test_results_totals_match_the_ledger(self):
        approved = live_sum(BudgetLine, "approved", source__is_state_budget=True)
        disbursed = live_sum(Disbursement, "amount", source__is_state_budget=True)
        self.assertEqual((approved, disbursed), (Decimal("260000000"), Decimal("200000000")))
        text = " ".join(page_text(page) for page in read(self.results_pdf).pages)
        # The appendix's total: national, local and other state, counterpart (Vốn đối ứng), state paid out.
        self.assertIn("Tổng cộng 0 260.000.000 300.000.000 200.000.000", text)
        # Machines: 2 of 3 planned; trainees: 12 of 30. An indicator with no plan has no percentage.
        self.assertIn("máy/dây chuyền 3 2 66,7", text)
        self.assertIn("người 30 12 40,0", text)
        self.assertIn("—", text)
        for heading in ("Khó khăn, vướng mắc", "Giải pháp, kiến nghị", "Xã, phường", "Do phụ nữ làm chủ"):
            self.assertIn(heading.upper() if heading.startswith(("Khó", "Giải")) else heading, text)

    def test_text_is_printed_not_interpreted(self):
        for pdf in (self.plan_pdf, self.results_pdf):
            text = " ".join(page_text(page) for page in read(pdf).pages)
            self.assertIn(squeezed(HOSTILE_NAME), squeezed(text))
            self.assertIn("<script>alert('x')</script> Năm 2025", text)

    def test_fonts_are_embedded(self):
        fonts = [font.get_object() for font in read(self.results_pdf).pages[0]["/Resources"]["/Font"].values()]
        for font in fonts:
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            self.assertIn("/FontFile2", descriptor, font["/BaseFont"])
        # The body face (Liberation Serif, or DejaVu Serif where it is absent); the charts draw in DejaVu Sans.
        self.assertTrue(any("Serif" in font["/BaseFont"] for font in fonts))

    def test_progress_is_reported(self):
        seen = []
        render_pdf(results_document(2025, today=TODAY), progress=seen.append)
        self.assertEqual(seen, [35, 90])  # the document, then its one appendix part


class LongReportPdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for tag in "ABCDEF":
            build_year(2025, tag)
        cls.pdf = render_pdf(plan_document(2025, today=TODAY))

    def test_pages_are_numbered_from_the_second(self):
        pages = read(self.pdf).pages
        self.assertGreaterEqual(len(pages), 3)
        self.assertEqual(top_margin_text(pages[0]), [])
        for number, page in enumerate(pages[1:], start=2):
            self.assertEqual(top_margin_text(page), [str(number)])

    def test_table_headings_repeat_on_every_page(self):
        pages = [page_text(page) for page in read(self.pdf).pages]
        # Every page holding a project row (each row prints its dates) starts the table with its headings.
        with_rows = [text for text in pages if "01/03/2025 – 31/10/2025" in text]
        self.assertGreaterEqual(len(with_rows), 2)
        for text in with_rows:
            self.assertIn("STT Tên đề án Nội dung Đơn vị thực hiện", text)
        self.assertIn(f"Tổng cộng {6 * 950_000_000:,}".replace(",", "."), " ".join(pages))


class AppendixPartsTests(TestCase):
    def groups(self, *sizes):
        return [
            ContentGroup(f"KC0{i}", f"Nội dung {i}", list(range(n)), total=f"tổng {i}") for i, n in enumerate(sizes)
        ]

    def test_parts_end_at_content_groups_and_split_only_a_group_too_big_for_one(self):
        parts = appendix_parts(self.groups(3, 2, 9, 1), size=4)
        layout = [[(g.code, len(g.rows), g.continued, g.total) for g in part.groups] for part in parts]
        self.assertEqual(
            layout,
            [
                [("KC00", 3, False, "tổng 0")],
                [("KC01", 2, False, "tổng 1"), ("KC02", 2, False, "tổng 2")],
                [("KC02", 4, True, None)],
                [("KC02", 3, True, None), ("KC03", 1, False, "tổng 3")],
            ],
        )
        ends = [(part.first, part.last) for part in parts]
        self.assertEqual(ends, [(True, False), (False, False), (False, False), (False, True)])
        self.assertEqual(sum(len(g.rows) for p in parts for g in p.groups), 15)  # every project, once

    def test_a_year_without_projects_has_one_part_that_says_so(self):
        [part] = appendix_parts([], size=4)
        self.assertEqual((part.groups, part.first, part.last), ([], True, True))


class PartedAppendixPdfTests(TestCase):
    """A long appendix laid out in parts reads as one document: numbers run on, headings repeat."""

    @classmethod
    def setUpTestData(cls):
        for tag in "ABCDEF":
            build_year(2025, tag)
        with mock.patch("reports.pdf.PART_ROWS", 4):
            cls.pdf = render_pdf(plan_document(2025, today=TODAY))

    def test_pages_are_numbered_on_across_the_parts(self):
        pages = read(self.pdf).pages
        self.assertEqual(top_margin_text(pages[0]), [])
        for number, page in enumerate(pages[1:], start=2):
            self.assertEqual(top_margin_text(page), [str(number)])

    def test_every_project_once_the_heading_once_and_the_total_at_the_end(self):
        texts = [page_text(page) for page in read(self.pdf).pages]
        text = " ".join(texts)
        self.assertEqual(text.count("DANH MỤC ĐỀ ÁN KHUYẾN CÔNG NĂM 2025"), 1)
        self.assertIn("(tiếp theo)", text)  # the six KC03b projects of each copy did not fit in one part
        # Each project row prints its dates once: every live project is there, none twice.
        live = Project.objects.filter(plan__year=2025).exclude(status="cancelled").count()
        self.assertEqual(live, 18)
        self.assertEqual(text.count("01/03/2025 – 31/10/2025"), live)
        self.assertIn(f"Tổng cộng {6 * 950_000_000:,}".replace(",", "."), texts[-1])
        self.assertEqual(text.count("Tổng cộng " + f"{6 * 950_000_000:,}".replace(",", ".")), 1)
