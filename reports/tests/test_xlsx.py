"""The Excel reports read back with openpyxl: the same figures as numbers, totals checked independently."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.db.models import Sum
from django.test import TestCase

from programs.models import BudgetLine, PlanBudget, Project, ProjectBeneficiary
from reports.documents import plan_document, results_document
from reports.models import ReportNarrative
from reports.tests import build_year
from reports.xlsx import render_xlsx

D = Decimal
MONEY_FORMAT = '#,##0 "₫"'
HEADER_ROW = 5
RESULT_SHEETS = [
    "Chỉ tiêu",
    "Theo nguồn",
    "Theo nội dung",
    "Theo xã, phường",
    "Theo huyện cũ",
    "Cơ sở thụ hưởng",
    "Đề án bị hủy",
    "Chuyển sang năm sau",
    "Đề án",
    "Nội dung",
]
FUNDED = ["approved", "in_progress", "accepted", "settled"]


def read(document):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))


def row_of(sheet, label, column=1):
    """The cells of the first row under the header whose `column` holds `label`."""
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if row[column - 1].value == label:
            return row
    raise AssertionError(f"{label!r} not found in {sheet.title}")


def headers(sheet):
    return [cell.value for cell in sheet[HEADER_ROW]]


class PlanWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        # Another year's projects must not leak into 2025's workbook.
        build_year(2024)

    def setUp(self):
        self.workbook = read(plan_document(2025))
        self.sheet = self.workbook["Kế hoạch"]

    def test_total_row_holds_the_planned_money_by_kind_of_source(self):
        live_lines = BudgetLine.objects.filter(project__plan__year=2025).exclude(project__status="cancelled")

        def planned(**filters):
            return int(live_lines.filter(**filters).aggregate(total=Sum("planned"))["total"] or 0)

        total = row_of(self.sheet, "Tổng cộng")
        figures = {header: cell.value for header, cell in zip(headers(self.sheet), total, strict=True)}
        # By hand from build_year: KCDP 200 + 90, NTM 60, counterpart 300 + 300 (million đồng); the
        # cancelled project's 250 + 300 is left out.
        self.assertEqual(figures["Tổng kinh phí"], 950_000_000)
        self.assertEqual(figures["Tổng kinh phí"], planned())
        self.assertEqual(figures["KC quốc gia"], 0)
        self.assertEqual(figures["KC địa phương"], 290_000_000)
        self.assertEqual(figures["KC địa phương"], planned(source__kind="local"))
        self.assertEqual(figures["Vốn đối ứng"], 600_000_000)
        self.assertEqual(figures["Vốn đối ứng"], planned(source__kind="counterpart"))
        self.assertEqual(figures["Nguồn khác"], 60_000_000)
        self.assertTrue(all(cell.font.b for cell in total if cell.value is not None))

    def test_projects_are_grouped_by_content_under_a_bold_subtotal(self):
        group = row_of(self.sheet, "KC03b", column=2)
        self.assertTrue(group[2].font.b)
        self.assertEqual(group[9].value, 890_000_000)  # paid 200 + 300, proposed 90 + 300
        training = row_of(self.sheet, "KC01", column=2)
        self.assertEqual(training[9].value, 60_000_000)
        codes = [row[1].value for row in self.sheet.iter_rows(min_row=HEADER_ROW + 1)]
        self.assertNotIn("R2025A-4", codes)  # cancelled
        self.assertNotIn("R2024A-1", codes)
        # Each project sits under its own content's group row.
        self.assertLess(codes.index("KC03b"), codes.index("R2025A-1"))
        self.assertLess(codes.index("KC01"), codes.index("R2025A-2"))

    def test_money_is_whole_dong_with_the_vnd_format_and_dates_are_dates(self):
        row = row_of(self.sheet, "R2025A-1", column=2)
        by_header = dict(zip(headers(self.sheet), row, strict=True))
        for header in ("Tổng kinh phí", "KC quốc gia", "KC địa phương", "Vốn đối ứng", "Nguồn khác"):
            self.assertIsInstance(by_header[header].value, int, header)
            self.assertEqual(by_header[header].number_format, MONEY_FORMAT, header)
        self.assertEqual(by_header["Tổng kinh phí"].value, 500_000_000)
        project = Project.objects.get(code="R2025A-1")
        self.assertIsInstance(by_header["Bắt đầu"].value, datetime.datetime)
        self.assertEqual(by_header["Bắt đầu"].value.date(), project.start_date)
        self.assertEqual(by_header["Kết thúc"].value.date(), project.end_date)
        self.assertEqual(by_header["Bắt đầu"].number_format, "dd/mm/yyyy")

    def test_title_block_bold_headers_and_frozen_panes(self):
        self.assertEqual(self.sheet["A2"].value, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2025")
        self.assertEqual(self.sheet["A3"].value, "Đơn vị tính: đồng")
        self.assertEqual(self.workbook.sheetnames, ["Kế hoạch", "Theo nguồn", "Theo nội dung"])
        self.assertEqual(headers(self.sheet)[:3], ["STT", "Mã đề án", "Tên đề án"])
        self.assertEqual(self.sheet.freeze_panes, "D6")  # header row and the project's name stay in view
        for sheet in self.workbook:
            self.assertTrue(all(cell.font.b for cell in sheet[HEADER_ROW]), sheet.title)
            self.assertIn(sheet.freeze_panes, ("A6", "D6"), sheet.title)

    def test_sources_and_contents_sheets_end_with_bold_totals(self):
        sources = self.workbook["Theo nguồn"]
        state = row_of(sources, "Cộng ngân sách nhà nước")
        assigned = PlanBudget.objects.filter(plan__year=2025, source__is_state_budget=True).aggregate(
            total=Sum("assigned")
        )["total"]
        self.assertEqual(
            [cell.value for cell in state],
            ["Cộng ngân sách nhà nước", int(assigned), 350_000_000, 260_000_000, 200_000_000],
        )
        self.assertTrue(state[1].font.b)
        self.assertEqual(state[1].number_format, MONEY_FORMAT)
        # The counterpart comes after the state subtotal, and the "Dự kiến" column adds up to the total row.
        labels = [row[0].value for row in sources.iter_rows(min_row=HEADER_ROW + 1)]
        self.assertEqual(labels[-3:], ["Cộng ngân sách nhà nước", "Vốn đối ứng", "Tổng cộng"])
        total = row_of(sources, "Tổng cộng")
        self.assertEqual(total[2].value, 950_000_000)  # 350 state + 600 counterpart
        self.assertEqual(total[2].value, state[2].value + row_of(sources, "Vốn đối ứng")[2].value)
        contents = self.workbook["Theo nội dung"]
        total = row_of(contents, "Tổng cộng")
        # Three live projects; state money only (the counterpart's 600 million is not the state's).
        self.assertEqual([cell.value for cell in total[2:]], [3, 350_000_000, 260_000_000, 200_000_000])
        self.assertTrue(total[3].font.b)

    def test_rendering_runs_no_query(self):
        document = plan_document(2025)
        with self.assertNumQueries(0):
            render_xlsx(document)


class ResultsWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2025)

    def setUp(self):
        self.workbook = read(results_document(2025))

    def test_sheets_in_order_with_bold_frozen_headers(self):
        self.assertEqual(self.workbook.sheetnames, RESULT_SHEETS)
        for sheet in self.workbook:
            self.assertTrue(all(cell.font.b for cell in sheet[HEADER_ROW]), sheet.title)
            self.assertEqual(sheet.freeze_panes, "D6" if sheet.title == "Đề án" else "A6", sheet.title)
        self.assertEqual(
            headers(self.workbook["Chỉ tiêu"]),
            ["Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "% so KH", "Chênh lệch (điểm %)"],
        )

    def test_indicators_planned_and_achieved_are_numbers(self):
        sheet = self.workbook["Chỉ tiêu"]
        machines = row_of(sheet, "Máy móc, dây chuyền được hỗ trợ")
        # Paid 2 of 2 and proposed 0 of 1; the cancelled project's 5 do not count.
        self.assertEqual([cell.value for cell in machines[2:5]], [3, 2, 66.7])
        self.assertEqual(machines[4].number_format, '0.0"%"')
        trainees = row_of(sheet, "Lao động được đào tạo nghề, truyền nghề")
        self.assertEqual([cell.value for cell in trainees[2:5]], [30, 12, 40])
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
            if row[2].value == 0:
                self.assertIsNone(row[4].value, row[0].value)  # nothing planned: no percentage

    def test_money_totals_match_independent_sums(self):
        sources = self.workbook["Theo nguồn"]
        state = row_of(sources, "Cộng ngân sách nhà nước")
        self.assertEqual([cell.value for cell in state[2:]], [350_000_000, 260_000_000, 200_000_000, 20.0])
        projects = self.workbook["Đề án"]
        total = row_of(projects, "Tổng cộng")
        by_header = {header: cell.value for header, cell in zip(headers(projects), total, strict=False)}
        self.assertEqual(by_header["Cộng NSNN"], 260_000_000)
        self.assertEqual(by_header["NSNN đã giải ngân"], 200_000_000)
        self.assertEqual(by_header["Vốn đối ứng"], 300_000_000)
        self.assertEqual(total[8].number_format, MONEY_FORMAT)
        self.assertTrue(total[8].font.b)
        communes = self.workbook["Theo xã, phường"]
        support = ProjectBeneficiary.objects.filter(project__plan__year=2025, project__status__in=FUNDED).aggregate(
            total=Sum("support_amount")
        )["total"]
        commune_total = row_of(communes, "Tổng cộng")
        self.assertEqual(commune_total[3].value, 260_000_000)
        self.assertEqual(commune_total[3].value, int(support))
        reached = (
            ProjectBeneficiary.objects.filter(project__plan__year=2025, project__status__in=FUNDED)
            .values("establishment")
            .distinct()
            .count()
        )
        self.assertEqual(row_of(self.workbook["Cơ sở thụ hưởng"], "Tổng cộng")[1].value, reached)

    def test_project_outcomes_are_listed_one_per_line(self):
        running = row_of(self.workbook["Đề án"], "R2025A-2", column=2)
        self.assertEqual(running[11].value, "Lao động được đào tạo nghề, truyền nghề: 12/30 người")
        paid = row_of(self.workbook["Đề án"], "R2025A-1", column=2)
        self.assertEqual(paid[5].value, "Đã nghiệm thu")
        self.assertTrue(paid[11].alignment.wrap_text)


class FormulaSafetyTests(TestCase):
    """Text typed by users is stored as text: Excel must not run it as a formula."""

    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        Project.objects.filter(code="R2025A-1").update(
            title='=HYPERLINK("http://x","y")', implementing_unit="+84 912 345 678", expected_results="@SUM(A1)"
        )
        ReportNarrative.objects.create(
            year=2025, achievements="=1+1\n\nĐoạn thứ hai\x0b", difficulties="-2+3", proposals="Tăng kinh phí"
        )

    def test_plan_cells_written_by_users_stay_text(self):
        sheet = read(plan_document(2025))["Kế hoạch"]
        row = row_of(sheet, "R2025A-1", column=2)
        by_header = dict(zip(headers(sheet), row, strict=True))
        for header, text in [
            ("Tên đề án", '=HYPERLINK("http://x","y")'),
            ("Đơn vị thực hiện", "+84 912 345 678"),
            ("Kết quả dự kiến", "@SUM(A1)"),
        ]:
            self.assertEqual(by_header[header].value, text)
            self.assertEqual(by_header[header].data_type, "s", header)

    def test_results_titles_and_narratives_stay_text(self):
        workbook = read(results_document(2025))
        title = row_of(workbook["Đề án"], "R2025A-1", column=2)[2]
        self.assertEqual((title.value, title.data_type), ('=HYPERLINK("http://x","y")', "s"))
        narrative = workbook["Nội dung"]
        texts = [(row[0].value, row[1].value, row[1].data_type) for row in narrative.iter_rows(min_row=HEADER_ROW + 1)]
        self.assertEqual(
            texts,
            [
                ("Kết quả đạt được", "=1+1", "s"),
                (None, "Đoạn thứ hai", "s"),  # the control character XLSX cannot hold is dropped
                ("Ưu điểm", None, "n"),
                ("Hạn chế", None, "n"),
                ("Nguyên nhân", None, "n"),
                ("Khó khăn, vướng mắc", "-2+3", "s"),
                ("Giải pháp, kiến nghị", "Tăng kinh phí", "s"),
                ("Phương hướng, nhiệm vụ năm 2026", None, "n"),
            ],
        )
        self.assertTrue(narrative.cell(row=HEADER_ROW + 1, column=2).alignment.wrap_text)
