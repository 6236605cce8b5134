"""One set of numbers: the dashboard, the PDF and the XLSX show the same totals for the same year.

The expected totals are computed here from the ledger rows with plain Python, apart from the
selectors, the documents and the renderers; then each of the three outputs is read back as a
reader would see it (the page's table cells, the PDF's text, the workbook's cells).
"""

import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import openpyxl
from django.urls import reverse
from pypdf import PdfReader

from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from core.money import split_whole
from programs.models import BudgetLine, Disbursement, PlanBudget, Project, ProjectBeneficiary, ProjectOutcome
from reports import selectors
from reports.builders import build_report
from reports.documents import results_document
from reports.pdf import render_pdf
from reports.tests import build_year

ZERO = Decimal(0)
FUNDED = {"approved", "in_progress", "accepted", "settled"}
XLSX_HEADER_ROW = 5


class TableRows(HTMLParser):
    """The text of every table row of a page, cell by cell."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(html: str, first_cell: str) -> list[list[str]]:
    parser = TableRows()
    parser.feed(html)
    return [row for row in parser.rows if row and row[0] == first_cell]


def grouped(value: Decimal) -> str:
    """1234567 → "1.234.567", written out here rather than borrowed from the portal."""
    return f"{int(value):,}".replace(",", ".")


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def machines(year: int) -> dict:
    totals = {"machines_planned": ZERO, "machines_achieved": ZERO}
    for outcome in ProjectOutcome.objects.select_related("project__plan", "indicator"):
        live = outcome.project.plan.year == year and outcome.project.status != "cancelled"
        if live and outcome.indicator.code == "MACHINES":
            totals["machines_planned"] += outcome.planned
            totals["machines_achieved"] += outcome.achieved or ZERO
    return totals


class OneSetOfNumbersTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(2024)
        build_year(2025)
        build_year(2025, "B")
        cls.expected = cls.ledger(2025)

    @staticmethod
    def ledger(year: int) -> dict:
        """The year's totals from the raw rows, looping in Python on purpose."""
        totals = defaultdict(lambda: ZERO)
        for budget in PlanBudget.objects.select_related("plan", "source"):
            if budget.plan.year == year and budget.source.is_state_budget:
                totals["assigned"] += budget.assigned
        for line in BudgetLine.objects.select_related("project__plan", "source"):
            if line.project.plan.year != year or line.project.status == "cancelled":
                continue
            totals["cost"] += line.planned
            if line.source.is_state_budget:
                totals["state_planned"] += line.planned
                if line.project.status in FUNDED:
                    totals["approved"] += line.approved
        for payment in Disbursement.objects.select_related("project__plan", "source"):
            live = payment.project.plan.year == year and payment.project.status != "cancelled"
            if live and payment.source.is_state_budget:
                totals["disbursed"] += payment.amount
        for share in ProjectBeneficiary.objects.select_related("project__plan"):
            if share.project.plan.year == year and share.project.status in FUNDED:
                totals["communes"] += share.support_amount
        totals.update(machines(year))
        totals["rate"] = percent(totals["disbursed"], totals["assigned"])
        return dict(totals)

    def test_the_expected_totals_are_not_trivial(self):
        # Two copies of build_year: (200 + 60) million approved and (170 + 30) million paid each.
        e = self.expected
        self.assertEqual((e["approved"], e["disbursed"]), (Decimal(520_000_000), Decimal(400_000_000)))
        self.assertEqual(e["assigned"], Decimal(2_000_000_000))
        self.assertEqual(e["rate"], Decimal("20.0"))

    def test_dashboard_pdf_and_xlsx_agree_with_the_ledger(self):
        e = self.expected
        state = "Cộng ngân sách nhà nước"
        rate = f"{e['rate']}".replace(".", ",")

        # The dashboard, as a leader sees it.
        self.client.force_login(self.leader)
        html = self.client.get(reverse("reports:dashboard"), {"year": 2025}).content.decode()
        [dashboard] = page_rows(html, state)
        self.assertEqual(dashboard[1], f"{grouped(e['assigned'])} ₫")
        self.assertEqual(dashboard[3], f"{grouped(e['approved'])} ₫")
        self.assertEqual(dashboard[4], f"{grouped(e['disbursed'])} ₫")
        self.assertEqual(dashboard[5].replace(".", ","), f"{rate}%")
        self.assertIn(f"{grouped(e['communes'])} ₫", [row[-1] for row in page_rows(html, "Tổng cộng")])

        # The results report as PDF.
        built = build_report(kind="results", year=2025, fmt="pdf")
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(built.content)).pages).split())
        self.assertIn(
            f"{state} {grouped(e['assigned'])} {grouped(e['state_planned'])} {grouped(e['approved'])} "
            f"{grouped(e['disbursed'])} {rate}",
            text,
        )
        self.assertIn(f"Tổng cộng 0 {grouped(e['approved'])} 600.000.000 {grouped(e['disbursed'])}", text)
        self.assertIn(f"Tổng cộng {grouped(e['communes'])}", text)
        planned, achieved = int(e["machines_planned"]), int(e["machines_achieved"])
        self.assertIn(f"máy/dây chuyền {planned} {achieved}", text)

        # The results report as XLSX: numbers, not text.
        built = build_report(kind="results", year=2025, fmt="xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(built.content))
        [sources] = [row for row in workbook["Theo nguồn"].iter_rows(values_only=True) if row[0] == state]
        self.assertEqual(
            sources[1:5], (int(e["assigned"]), int(e["state_planned"]), int(e["approved"]), int(e["disbursed"]))
        )
        self.assertAlmostEqual(sources[5], float(e["rate"]))
        [projects] = [row for row in workbook["Đề án"].iter_rows(values_only=True) if row[0] == "Tổng cộng"]
        # KC quốc gia, KC địa phương and other state, Cộng NSNN, Vốn đối ứng, NSNN đã giải ngân.
        self.assertEqual(
            [value for value in projects if isinstance(value, int)],
            [0, e["approved"], e["approved"], 600_000_000, e["disbursed"]],
        )
        [communes] = [row for row in workbook["Theo xã, phường"].iter_rows(values_only=True) if row[0] == "Tổng cộng"]
        self.assertEqual(communes[-1], e["communes"])
        machines = "Máy móc, dây chuyền được hỗ trợ"
        [indicator] = [row for row in workbook["Chỉ tiêu"].iter_rows(values_only=True) if row[0] == machines]
        self.assertEqual(indicator[2:4], (e["machines_planned"], e["machines_achieved"]))

    def test_plan_pdf_and_xlsx_agree_on_the_total_cost(self):
        e = self.expected
        pdf = build_report(kind="plan", year=2025, fmt="pdf").content
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
        self.assertIn(f"Tổng cộng {grouped(e['cost'])} ", text)
        self.assertIn(f"tổng kinh phí {grouped(e['cost'])} đồng", text)
        workbook = openpyxl.load_workbook(io.BytesIO(build_report(kind="plan", year=2025, fmt="xlsx").content))
        sheet = workbook["Kế hoạch"]
        header = [cell.value for cell in sheet[XLSX_HEADER_ROW]]
        [total] = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng"]
        self.assertEqual(total[header.index("Tổng kinh phí")], e["cost"])


class SplitTests(StaffTestCase):
    def test_largest_remainder_keeps_every_dong(self):
        self.assertEqual(split_whole(100, [1, 1, 1]), [34, 33, 33])
        self.assertEqual(split_whole(Decimal(1_000_001), [1, 1, 1], 1000), [334_001, 333_000, 333_000])
        self.assertEqual(split_whole(5, [0, 0]), [0, 0])

    def test_shares_above_the_approved_money_are_scaled_down_without_losing_a_dong(self):
        build_year(2025)
        running = Project.objects.get(code="R2025A-2")  # 60 million approved, two beneficiaries
        third = EstablishmentFactory(commune=AdministrativeUnit.objects.get(code="31340"))
        ProjectBeneficiary.objects.create(
            project=running, establishment=third, eligible_cost=Decimal(30_000_001), support_amount=Decimal(30_000_001)
        )
        ProjectBeneficiary.objects.filter(project=running).update(
            eligible_cost=Decimal(30_000_001), support_amount=Decimal(30_000_001)
        )
        communes = selectors.money_by_commune(2025)
        # 260 million approved: each table by place adds up to it, to the đồng, with no city-level row.
        self.assertEqual(selectors.support_total(communes), Decimal(260_000_000))
        self.assertEqual(selectors.support_total(selectors.money_by_former_district(2025)), Decimal(260_000_000))
        self.assertNotIn("Cấp thành phố / không phân theo địa bàn", [row.name for row in communes])

    def test_a_project_without_beneficiaries_is_the_city_level_row(self):
        build_year(2025)
        ProjectBeneficiary.objects.filter(project__code="R2025A-2").delete()
        communes = selectors.money_by_commune(2025)
        self.assertEqual(communes[-1].name, "Cấp thành phố / không phân theo địa bàn")
        self.assertEqual((communes[-1].projects, communes[-1].support), (1, Decimal(60_000_000)))
        self.assertEqual(selectors.support_total(communes), Decimal(260_000_000))
        # The PDF prints the row and the same total.
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(results_document(2025)))).pages)
        self.assertIn("Cấp thành phố / không phân theo địa bàn 1 60.000.000", " ".join(text.split()))
