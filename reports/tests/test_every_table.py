"""Every table of both annual documents, PDF and XLSX, for every demo year, read back and added up.

The demo is seeded as `make run` seeds it (projects without beneficiaries, a prize round that pays
only some of its entrants, cancelled projects with their reasons, counterpart money, money split over
several beneficiaries). Each table is read as a reader sees it (pdfplumber's cells, openpyxl's values):
its rows must add up to its subtotal and total rows, and those must equal the ledger, summed here
from the raw BudgetLine, Disbursement and ProjectBeneficiary rows in plain Python, apart from the
portal's selectors. Plan-side, only the money tables and the appendix totals are checked.
"""

import io
import re
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pdfplumber
from django.core.management import call_command
from django.test import TestCase

from programs.models import BudgetLine, Disbursement, PlanBudget, Project, ProjectBeneficiary
from reports.documents import plan_document, results_document
from reports.pdf import render_pdf
from reports.tests.layout import clipped
from reports.xlsx import render_xlsx

ZERO = Decimal(0)
FUNDED = {"approved", "in_progress", "accepted", "settled"}
DONE = {"accepted", "settled"}
CITY = "Cấp thành phố / không phân theo địa bàn"
SUBTOTAL = "Cộng ngân sách nhà nước"
TOTALS = ("Tổng cộng", "Tổng vốn huy động")
WHOLE = re.compile(r"^-?\d{1,3}(\.\d{3})*$")
XLSX_HEADER_ROW = 5


def label(cell) -> str:
    return " ".join(str(cell or "").split())


def amount(cell) -> int | None:
    """A PDF cell "1.234.567" (wrapped or not) or an XLSX whole number as an int; None for anything else.

    The workbook writes money and counts as int and rates as float: a rate is never added up.
    """
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell if isinstance(cell, int) else None
    text = "".join(str(cell or "").split())
    return int(text.replace(".", "")) if WHOLE.match(text) else None


class Table:
    """A table's header and rows of cell texts, its parts on several pages joined."""

    def __init__(self, header: list, rows: list[list]):
        self.header = [label(cell) for cell in header]
        self.rows = rows

    def row(self, first: str) -> list:
        [found] = [row for row in self.rows if label(row[0]) == first]
        return found

    def money(self, first: str) -> list[int | None]:
        return [amount(cell) for cell in self.row(first)]

    def check_sums(self, test: TestCase, where: str) -> int:
        """Detail rows add up to each subtotal and total below them; returns how many totals were checked.

        In a list of projects (first column "STT") the detail rows are the numbered ones: the content
        rows between them are subtotals of their own. A column is checked where the total has a whole number.
        """
        numbered = self.header[0] == "STT"
        running: dict[int, int] = defaultdict(int)
        checked = 0
        for row in self.rows:
            first = label(row[0])
            if first == SUBTOTAL or first in TOTALS:
                for column, cell in enumerate(row[1:], start=1):
                    value = amount(cell)
                    if value is not None:
                        test.assertEqual(running[column], value, f"{where}: {first}, column {self.header[column]!r}")
                checked += 1
                running = defaultdict(int, {column: amount(cell) or 0 for column, cell in enumerate(row)})
                continue
            if numbered and amount(row[0]) is None:
                continue
            for column, cell in enumerate(row[1:], start=1):
                running[column] += amount(cell) or 0
        return checked


def _cut(end: list, start: list) -> bool:
    """The two halves of one row cut by a page break: one half lacks its number, and an amount has no text
    beside it in the other half (a repeated sub-heading is not the rest of a row)."""
    if label(end[0]) and label(start[0]):
        return False
    return not any(
        (amount(a) is not None and label(b)) or (amount(b) is not None and label(a))
        for a, b in zip(end, start, strict=True)
    )


def pdf_tables(pdf: bytes) -> list[Table]:
    """The ruled tables of a PDF in reading order; a table carried on to the next page is joined to its start."""
    tables: list[Table] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            # A row cut by the page's end has no bottom border there: close it where the cell lines stop.
            bottom = max((edge["bottom"] for edge in page.edges if edge["orientation"] == "v"), default=None)
            for cells in page.extract_tables({"explicit_horizontal_lines": [bottom]} if bottom else {}):
                if len(cells) < 2:
                    continue
                header, rows = cells[0], cells[1:]
                last = tables[-1] if tables else None
                open_ended = last and not any(label(row[0]) in TOTALS for row in last.rows)
                if open_ended and last.header == [label(cell) for cell in header]:
                    if last.rows and rows and _cut(last.rows[-1], rows[0]):
                        halves = zip(last.rows[-1], rows.pop(0), strict=True)
                        last.rows[-1] = [" ".join(filter(None, (label(a), label(b)))) for a, b in halves]
                    last.rows += rows
                else:
                    tables.append(Table(header, rows))
    return tables


def xlsx_tables(content: bytes) -> dict[str, Table]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: Table(
            [cell.value for cell in sheet[XLSX_HEADER_ROW]],
            [list(row) for row in sheet.iter_rows(min_row=XLSX_HEADER_ROW + 1, values_only=True)],
        )
        for sheet in workbook
    }


def find(tables: list[Table], first_header: str, *, having: str | None = None) -> Table:
    [table] = [
        table for table in tables if table.header[0] == first_header and (having is None or having in table.header)
    ]
    return table


def ledger(year: int) -> dict:
    """The year's sums from the raw rows, one loop per table, on purpose without the portal's queries."""
    sums: dict = defaultdict(lambda: ZERO)
    projects = {project.pk: project for project in Project.objects.filter(plan__year=year)}
    for budget in PlanBudget.objects.filter(plan__year=year, source__is_state_budget=True):
        sums["assigned"] += budget.assigned
    state_of: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in BudgetLine.objects.filter(project__in=list(projects)).select_related("source"):
        status, kind, state = projects[line.project_id].status, line.source.kind, line.source.is_state_budget
        if status == "cancelled":
            sums["cancelled_state"] += line.approved or line.planned if state else ZERO
            continue
        sums["planned"] += line.planned
        sums[f"planned_{kind}"] += line.planned
        sums["state_planned"] += line.planned if state else ZERO
        if status in FUNDED:
            sums["approved"] += line.approved
            sums[f"approved_{kind}"] += line.approved
            sums["state_approved"] += line.approved if state else ZERO
            state_of[line.project_id] += line.approved if state else ZERO
            sums["open_approved"] += line.approved if state and status != "settled" else ZERO
            sums["nonstate_done"] += line.approved if not state and status in DONE else ZERO
    for payment in Disbursement.objects.filter(project__in=list(projects), source__is_state_budget=True):
        status = projects[payment.project_id].status
        if status == "cancelled":
            sums["cancelled_state"] -= payment.amount
            continue
        sums["disbursed"] += payment.amount
        sums["open_disbursed"] += payment.amount if status in FUNDED and status != "settled" else ZERO
    placed = {"commune": ZERO, "district": ZERO}
    reached, women = set(), set()
    shares = ProjectBeneficiary.objects.filter(project__in=list(projects)).select_related("establishment__commune")
    for share in shares:
        if projects[share.project_id].status not in FUNDED:
            continue
        reached.add(share.establishment_id)
        if share.establishment.woman_owned:
            women.add(share.establishment_id)
        commune = share.establishment.commune
        placed["commune"] += share.support_amount if commune else ZERO
        placed["district"] += share.support_amount if commune and commune.former_district else ZERO
        state_of[share.project_id] -= share.support_amount
    # The demo never records more support for a project's beneficiaries than its approved state money:
    # what is left of each project is then exactly what no place takes.
    assert all(left >= 0 for left in state_of.values()), "a project's shares exceed its approved state money"
    sums["city_commune"] = sums["state_approved"] - placed["commune"]
    sums["city_district"] = sums["state_approved"] - placed["district"]
    sums["reached"], sums["women"] = len(reached), len(women)
    sums["live"] = sum(1 for project in projects.values() if project.status != "cancelled")
    return defaultdict(int, {key: int(value) for key, value in sums.items()})


class EveryTableAddsUpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo_texts", stdout=io.StringIO())
        cls.years = sorted(set(Project.objects.values_list("plan__year", flat=True)))

    def test_the_demo_has_the_awkward_cases(self):
        year = 2025
        e = ledger(year)
        self.assertGreater(e["city_commune"], 0)  # fairs, studies, a prize round paying some entrants
        self.assertGreater(e["cancelled_state"], 0)
        self.assertGreater(e["approved_counterpart"], 0)
        self.assertGreater(e["nonstate_done"], 0)
        split = ProjectBeneficiary.objects.filter(project__plan__year=year).values("project").distinct().count()
        self.assertGreater(ProjectBeneficiary.objects.filter(project__plan__year=year).count(), split)

    def test_a_projects_money_split_over_its_beneficiaries_keeps_every_dong(self):
        """Only the prize round (KC04a) pays its entrants less than its money: the rest is the round's own cost."""
        state: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in BudgetLine.objects.filter(project__status__in=FUNDED, source__is_state_budget=True):
            state[line.project_id] += line.approved
        shares: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for share in ProjectBeneficiary.objects.filter(project__status__in=FUNDED).exclude(
            project__content__code="KC04a"
        ):
            shares[share.project_id] += share.support_amount
        self.assertGreater(len(shares), 20)
        self.assertEqual({project: state[project] for project in shares}, dict(shares))

    def test_results_pdf_tables_add_up_and_match_the_ledger(self):
        for year in self.years:
            pdf = render_pdf(results_document(year))
            self.assertEqual(clipped(pdf), [], f"{year} results PDF: text crossing a cell")
            self.check_results(year, pdf_tables(pdf), "PDF")

    def test_results_xlsx_sheets_add_up_and_match_the_ledger(self):
        for year in self.years:
            sheets = xlsx_tables(render_xlsx(results_document(year)))
            for title, table in sheets.items():
                table.check_sums(self, f"{year} XLSX {title}")
            e = ledger(year)
            sources = sheets["Theo nguồn"]
            self.assertEqual(
                sources.money(SUBTOTAL)[1:5],
                [e["assigned"], e["state_planned"], e["state_approved"], e["disbursed"]],
            )
            labels = [label(row[0]) for row in sources.rows if row[1] is not None or row[2] is not None]
            self.assertEqual(labels[labels.index(SUBTOTAL) + 1], "Vốn đối ứng")  # after the state subtotal
            self.assertEqual(sources.money("Tổng vốn huy động")[2:5], self.mobilised(e))
            self.assertEqual(sheets["Theo nội dung"].money("Tổng cộng")[4], e["state_approved"])
            for title, city in (("Theo xã, phường", "city_commune"), ("Theo huyện cũ", "city_district")):
                self.assertEqual(sheets[title].money("Tổng cộng")[3], e["state_approved"], title)
                self.assertEqual(sheets[title].money(CITY)[3], e[city], title)
            self.assertEqual(sheets["Cơ sở thụ hưởng"].money("Tổng cộng")[1:3], [e["reached"], e["women"]])
            projects = sheets["Đề án"].money("Tổng cộng")[6:11]
            self.assertEqual(projects, [*self.appendix(e)[:2], e["state_approved"], *self.appendix(e)[2:]])

    def test_plan_money_tables_and_appendix_totals_match_the_ledger(self):
        for year in self.years:
            e = ledger(year)
            document = plan_document(year)
            pdf = render_pdf(document)
            self.assertEqual(clipped(pdf), [], f"{year} plan PDF: text crossing a cell")
            tables = pdf_tables(pdf)
            sources = find(tables, "Nguồn", having="Dự kiến")
            sources.check_sums(self, f"{year} plan PDF sources")
            self.assertEqual(sources.money(SUBTOTAL)[1:4], [e["assigned"], e["state_planned"], e["state_approved"]])
            [appendix] = [table for table in tables if table.header[0] == "STT"]
            appendix.check_sums(self, f"{year} plan PDF appendix")
            planned = [e["planned"], e["planned_national"], e["planned_local"], e["planned_counterpart"]]
            self.assertEqual([value for value in appendix.money("Tổng cộng") if value is not None][:4], planned)

            sheets = xlsx_tables(render_xlsx(document))
            for title, table in sheets.items():
                table.check_sums(self, f"{year} plan XLSX {title}")
            total = sheets["Kế hoạch"].money("Tổng cộng")
            self.assertEqual(total[9:13], planned)
            # "Dự kiến" of the sheet by source: the state rows to their subtotal, everything to the total.
            by_source = sheets["Theo nguồn"]
            self.assertEqual(by_source.money(SUBTOTAL)[2], e["state_planned"])
            self.assertEqual(by_source.money("Tổng cộng")[2], e["planned"])
            self.assertEqual(sheets["Theo nội dung"].money("Tổng cộng")[3], e["state_planned"])

    @staticmethod
    def mobilised(e: dict) -> list[int]:
        """Planned, approved and spent of every source: state money paid, non-state money of accepted projects."""
        return [e["planned"], e["approved"], e["disbursed"] + e["nonstate_done"]]

    @staticmethod
    def appendix(e: dict) -> list[int]:
        """The results appendix's total: national, local and other state, counterpart, state paid."""
        return [
            e["approved_national"],
            e["state_approved"] - e["approved_national"],
            e["approved_counterpart"],
            e["disbursed"],
        ]

    def check_results(self, year: int, tables: list[Table], where: str) -> None:
        e = ledger(year)
        checked = sum(table.check_sums(self, f"{year} {where} {table.header[0]}") for table in tables)
        # Sources (two), contents, communes, districts, reach, carried over, appendix; cancelled when there are.
        self.assertGreaterEqual(checked, 8)
        sources = find(tables, "Nguồn", having="Tỷ lệ giải ngân")
        self.assertEqual(
            sources.money(SUBTOTAL)[1:5], [e["assigned"], e["state_planned"], e["state_approved"], e["disbursed"]]
        )
        self.assertEqual(sources.money("Tổng vốn huy động")[2:5], self.mobilised(e))
        self.assertEqual(
            find(tables, "Nội dung").money("Tổng cộng")[1:4], [e["live"], e["state_approved"], e["disbursed"]]
        )
        for first, city in (("Xã, phường", "city_commune"), ("Huyện cũ", "city_district")):
            places = find(tables, first)
            self.assertEqual(places.money("Tổng cộng")[3], e["state_approved"], first)
            self.assertEqual(places.money(CITY)[3], e[city], first)
        reach = find(tables, "Loại hình").money("Tổng cộng")
        self.assertEqual(reach[1:3], [e["reached"], e["women"]])
        indicators = find(tables, "Chỉ tiêu")
        self.assertEqual(amount(indicators.row("Cơ sở được hỗ trợ")[3]), e["reached"])  # the same count
        [rate] = [row for row in indicators.rows if label(row[1]) == "%"]
        self.assertRegex(label(rate[4]), r"^([+-]?\d+,\d điểm %|—)$")
        if e["cancelled_state"]:
            self.assertEqual(find(tables, "Mã đề án").money("Tổng cộng")[-1], e["cancelled_state"])
        carried = find(tables, "Nguồn", having="Chuyển sang năm sau").money(SUBTOTAL)
        self.assertEqual(
            carried[1:4], [e["open_approved"], e["open_disbursed"], e["open_approved"] - e["open_disbursed"]]
        )
        appendix = find(tables, "STT").money("Tổng cộng")
        self.assertEqual([value for value in appendix if value is not None], self.appendix(e))
