"""The annual plan and results reports as Excel workbooks: the PDF's figures as numbers, one table per sheet.

Every figure, totals included, is the document's own value (the one the PDF prints), written as a
number rather than a formula, so the workbook cannot disagree with the PDF. Text typed by users is
always stored as a string, so a title such as "=HYPERLINK(...)" stays text in Excel.
"""

import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import FORMATS
from reports import selectors
from reports.models import ReportKind

_ = gettext_lazy

HEADER_ROW = 5  # rows 1-3 hold the title block, row 4 is left blank
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_FORMATS = {"money": FORMATS["money"], "int": FORMATS["int"], "percent": FORMATS["percent"]}
LINE_HEIGHT = 15  # points per line of wrapped text at the default font
MAX_ROW_HEIGHT = 409  # Excel refuses taller rows
MAX_CELL_TEXT = 32767
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "text"  # text, wrap, money, int, quantity, percent, date
    width: int = 14


def _money_cols(*headers) -> list[Col]:
    return [Col(header, "money", 17) for header in headers]


PLAN_COLUMNS = [
    Col(_("STT"), "int", 6),
    Col(_("Mã đề án"), "text", 14),
    Col(_("Tên đề án"), "wrap", 42),
    Col(_("Nội dung"), "text", 10),
    Col(_("Đơn vị thực hiện"), "wrap", 24),
    Col(_("Đơn vị thụ hưởng"), "wrap", 28),
    Col(_("Địa điểm"), "wrap", 20),
    Col(_("Bắt đầu"), "date", 12),
    Col(_("Kết thúc"), "date", 12),
    *_money_cols(_("Tổng kinh phí"), _("KC quốc gia"), _("KC địa phương"), _("Vốn đối ứng"), _("Nguồn khác")),
    Col(_("Kết quả dự kiến"), "wrap", 40),
]
PLAN_SOURCE_COLUMNS = [
    Col(_("Nguồn"), "wrap", 44),
    *_money_cols(_("Được giao"), _("Dự kiến"), _("Được duyệt"), _("Đã giải ngân")),
]
RESULT_SOURCE_COLUMNS = [
    Col(_("Nguồn"), "wrap", 44),
    *_money_cols(_("Được giao"), _("Kế hoạch"), _("Được duyệt"), _("Đã giải ngân, thực hiện")),
    # xgettext:no-python-format
    Col(_("Tỷ lệ giải ngân (%)"), "percent", 14),
]
CONTENT_COLUMNS = [
    Col(_("Mã"), "text", 10),
    Col(_("Nội dung"), "wrap", 48),
    Col(_("Số đề án"), "int", 10),
    *_money_cols(_("Dự kiến"), _("Được duyệt"), _("Đã giải ngân")),
]
INDICATOR_COLUMNS = [
    Col(_("Chỉ tiêu"), "wrap", 44),
    Col(_("ĐVT"), "text", 12),
    Col(_("Kế hoạch"), "quantity", 14),
    Col(_("Thực hiện"), "quantity", 14),
    # xgettext:no-python-format
    Col(_("% so KH"), "percent", 12),
    # A rate (unit "%") is compared by its change in points, never as a percentage of the plan.
    # xgettext:no-python-format
    Col(_("Chênh lệch (điểm %)"), "quantity", 14),
]
COMMUNE_COLUMNS = [
    Col(_("Xã, phường"), "wrap", 40),
    Col(_("Số đề án"), "int", 10),
    Col(_("Số cơ sở"), "int", 10),
    Col(_("Kinh phí hỗ trợ"), "money", 18),
]
REACH_COLUMNS = [
    Col(_("Loại hình"), "wrap", 36),
    Col(_("Số cơ sở"), "int", 12),
    Col(_("Do phụ nữ làm chủ"), "int", 14),
    Col(_("Chủ là người DTTS"), "int", 14),
]
PROJECT_COLUMNS = [
    Col(_("STT"), "int", 6),
    Col(_("Mã"), "text", 14),
    Col(_("Tên đề án"), "wrap", 42),
    Col(_("Đơn vị thụ hưởng"), "wrap", 28),
    Col(_("Địa điểm"), "wrap", 20),
    Col(_("Trạng thái"), "text", 16),
    *_money_cols(
        _("KC quốc gia"), _("KC địa phương, NSNN khác"), _("Cộng NSNN"), _("Vốn đối ứng"), _("NSNN đã giải ngân")
    ),
    Col(_("Kết quả"), "wrap", 44),
]
CANCELLED_COLUMNS = [
    Col(_("Mã đề án"), "text", 14),
    Col(_("Tên đề án"), "wrap", 42),
    Col(_("Lý do hủy"), "wrap", 36),
    *_money_cols(_("NSNN dự kiến"), _("NSNN được duyệt"), _("Đã giải ngân"), _("Trả lại kế hoạch")),
]
CARRY_COLUMNS = [
    Col(_("Nguồn"), "wrap", 44),
    *_money_cols(_("Được duyệt"), _("Đã giải ngân"), _("Chuyển sang năm sau")),
]
NARRATIVE_COLUMNS = [Col(_("Mục"), "wrap", 24), Col(_("Nội dung"), "wrap", 100)]


def _clean_text(value) -> str:
    # Pasted text may hold control characters that the XLSX format cannot store, and Excel
    # repairs (empties) a cell longer than its limit.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]


def _number(value):
    """Whole numbers as int, others as float: Excel shows 12, not 12.0."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _wrapped_lines(text: str, width: int) -> int:
    return sum(max(1, math.ceil(len(line) / max(width - 2, 1))) for line in text.split("\n"))


class Sheet:
    """One table on its own sheet: title block, bold header frozen in place, rows written top to bottom."""

    def __init__(self, workbook: Workbook, title: str, columns: list[Col], heading: list[str], *, freeze: str = "A"):
        self.ws = workbook.create_sheet(str(title).translate(SHEET_TITLE_FORBIDDEN)[:31])
        self.columns = columns
        last = get_column_letter(len(columns))
        lines = list(heading)
        if any(column.kind == "money" for column in columns):
            lines.append(gettext("Đơn vị tính: đồng"))
        for number, line in enumerate(lines, start=1):
            cell = self._text(self.ws.cell(row=number, column=1), line)
            cell.font = TITLE if number == 2 else BOLD
            cell.alignment = CENTRE
            self.ws.merge_cells(f"A{number}:{last}{number}")
        for index, column in enumerate(columns, start=1):
            cell = self._text(self.ws.cell(row=HEADER_ROW, column=index), column.header)
            cell.font = BOLD
            cell.alignment = CENTRE
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self.ws.freeze_panes = f"{freeze}{HEADER_ROW + 1}"
        # Printed on A4 landscape, one page wide, with the header repeated on every page.
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        self.row_number = HEADER_ROW

    @staticmethod
    def _text(cell, value):
        cell.value = _clean_text(value)
        # Assigning "=..." makes openpyxl write a formula; user text must stay text.
        cell.data_type = "s"
        return cell

    def row(self, values: list, *, bold: bool = False) -> None:
        """Write `values` (one per column, missing ones blank) as the next row."""
        self.row_number += 1
        lines = 1
        for index, (column, value) in enumerate(zip(self.columns, values, strict=False), start=1):
            if value is None or value == "":
                continue
            cell = self.ws.cell(row=self.row_number, column=index)
            if isinstance(value, str) or not isinstance(value, (int, float, Decimal, datetime.date)):
                self._text(cell, value)
                cell.alignment = WRAP if column.kind == "wrap" else TOP
                if column.kind == "wrap":
                    lines = max(lines, _wrapped_lines(cell.value, column.width))
            elif column.kind == "date":
                cell.value = value
                cell.number_format = FORMATS["date"]
                cell.alignment = TOP
            elif column.kind == "quantity":
                cell.value = _number(value)
                cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0#"
                cell.alignment = TOP
            else:
                cell.value = float(value) if column.kind == "percent" else int(value)
                cell.number_format = NUMBER_FORMATS.get(column.kind, FORMATS["int"])
                cell.alignment = TOP
            if bold:
                cell.font = BOLD
        if lines > 1:
            self.ws.row_dimensions[self.row_number].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _roman(number: int) -> str:
    """I, II, III… for the content groups, as Vietnamese administrative tables number their sections."""
    text = ""
    for value, numeral in [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]:
        while number >= value:
            text += numeral
            number -= value
    return text


def _plan_money(money) -> list:
    return [money.total, money.national, money.local, money.counterpart, money.other]


def _plan_projects(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Kế hoạch"), PLAN_COLUMNS, heading, freeze="D")
    for index, group in enumerate(document.groups, start=1):
        sheet.row([_roman(index), group.code, group.name, *[None] * 6, *_plan_money(group.total)], bold=True)
        for row in group.rows:
            sheet.row(
                [
                    row.number,
                    row.code,
                    row.title,
                    row.content_code,
                    row.implementing_unit,
                    row.beneficiaries,
                    row.place,
                    row.start_date,
                    row.end_date,
                    *_plan_money(row.money),
                    row.expected_results,
                ]
            )
    sheet.row([gettext("Tổng cộng"), *[None] * 8, *_plan_money(document.total)], bold=True)


def _by_source(document, total_name: str) -> list[tuple[selectors.SourceMoney, bool]]:
    """State sources, their subtotal, then counterpart and other money, then every source: (row, is a total).

    Each column adds up: the state rows to "Cộng ngân sách nhà nước", that and the rows below it to the total.
    """
    state = [row for row in document.sources if row.is_state_budget]
    others = [row for row in document.sources if not row.is_state_budget]
    every = selectors.sources_total(document.sources, total_name)
    return (
        [(row, False) for row in state]
        + [(document.state_total, True)]
        + [(row, False) for row in others]
        + [(every, True)]
    )


def _plan_sources(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Theo nguồn"), PLAN_SOURCE_COLUMNS, heading)
    for source, total in _by_source(document, gettext("Tổng cộng")):
        assigned = source.assigned if source.is_state_budget or total else None
        sheet.row([source.name, assigned, source.planned, source.approved, source.disbursed], bold=total)


def _result_sources(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Theo nguồn"), RESULT_SOURCE_COLUMNS, heading)
    for source, total in _by_source(document, document.mobilised.name):
        state = source.is_state_budget
        sheet.row(
            [
                source.name,
                source.assigned if state or total else None,
                source.planned,
                source.approved,
                source.spent,
                source.disbursement_rate if state else None,
            ],
            bold=total,
        )
    note = gettext(
        "Vốn đối ứng và nguồn ngoài ngân sách do cơ sở tự chi, không giải ngân qua Kho bạc: số thực hiện là số "
        "được duyệt của các đề án đã nghiệm thu hoặc quyết toán."
    )
    sheet.row([note])


def _contents(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Theo nội dung"), CONTENT_COLUMNS, heading)
    for content in document.contents:
        sheet.row([content.code, content.name, content.projects, content.planned, content.approved, content.disbursed])
    total = document.content_total
    sheet.row([total.name, None, total.projects, total.planned, total.approved, total.disbursed], bold=True)


def _indicators(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Chỉ tiêu"), INDICATOR_COLUMNS, heading)
    for row in document.indicators:
        sheet.row([row.name, row.unit, row.planned, row.achieved, row.percent, row.change])


def _places(workbook, title: str, label: str, rows, total, heading) -> None:
    columns = [Col(label, "wrap", 40), *COMMUNE_COLUMNS[1:]]
    sheet = Sheet(workbook, title, columns, heading)
    for place in rows:
        sheet.row([place.name, place.projects, place.establishments or None, place.support])
    # Counts are not added up: a project with beneficiaries in two communes is listed under both.
    sheet.row([gettext("Tổng cộng"), None, None, total], bold=True)


def _communes(workbook, document, heading) -> None:
    _places(
        workbook, gettext("Theo xã, phường"), gettext("Xã, phường"), document.communes, document.commune_total, heading
    )


def _districts(workbook, document, heading) -> None:
    _places(
        workbook, gettext("Theo huyện cũ"), gettext("Huyện cũ"), document.districts, document.district_total, heading
    )


def _reach(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Cơ sở thụ hưởng"), REACH_COLUMNS, heading)
    total = document.reach.total  # a property: computed once, so `is` below finds it
    for row in [*document.reach.rows, total]:
        sheet.row([row.label, row.establishments, row.woman_owned, row.ethnic_minority], bold=row is total)


def _result_money(money) -> list:
    return [money.national, money.local, money.approved, money.counterpart, money.disbursed]


def _result_projects(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Đề án"), PROJECT_COLUMNS, heading, freeze="D")
    for index, group in enumerate(document.groups, start=1):
        sheet.row([_roman(index), group.code, group.name, None, None, None, *_result_money(group.total)], bold=True)
        for row in group.rows:
            sheet.row(
                [
                    row.number,
                    row.code,
                    row.title,
                    row.beneficiaries,
                    row.place,
                    row.status,
                    *_result_money(row.money),
                    "\n".join(row.outcomes),
                ]
            )
    sheet.row([gettext("Tổng cộng"), *[None] * 5, *_result_money(document.total)], bold=True)


def _cancelled(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Đề án bị hủy"), CANCELLED_COLUMNS, heading)
    for row in document.cancelled:
        sheet.row([row.code, row.title, row.reason, row.planned, row.approved, row.disbursed, row.returned])
    sheet.row([gettext("Tổng cộng"), *[None] * 5, document.cancelled_returned], bold=True)


def _carried(workbook, document, heading) -> None:
    sheet = Sheet(workbook, gettext("Chuyển sang năm sau"), CARRY_COLUMNS, heading)
    total = document.carried_total
    for row in [*document.carried, total]:
        sheet.row([row.name, row.approved, row.disbursed, row.carried], bold=row is total)


def _narrative(workbook, document, heading) -> None:
    """One row per paragraph: a whole section in one cell would pass Excel's row height and cell size limits."""
    sheet = Sheet(workbook, gettext("Nội dung"), NARRATIVE_COLUMNS, heading)
    narrative = document.narrative
    sections = [
        (gettext("Kết quả đạt được"), narrative.achievements),
        (gettext("Ưu điểm"), narrative.strengths),
        (gettext("Hạn chế"), narrative.weaknesses),
        (gettext("Nguyên nhân"), narrative.causes),
        (gettext("Khó khăn, vướng mắc"), narrative.difficulties),
        (gettext("Giải pháp, kiến nghị"), narrative.proposals),
        (gettext("Phương hướng, nhiệm vụ năm %(year)s") % {"year": document.next_year}, narrative.next_year_tasks),
    ]
    for label, text in sections:
        paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()] or [None]
        for number, paragraph in enumerate(paragraphs):
            sheet.row([label if number == 0 else None, paragraph])
        sheet.ws.cell(row=sheet.row_number - len(paragraphs) + 1, column=1).font = BOLD


PLAN_SHEETS = [_plan_projects, _plan_sources, _contents]
RESULT_SHEETS = [
    _indicators,
    _result_sources,
    _contents,
    _communes,
    _districts,
    _reach,
    _cancelled,
    _carried,
    _result_projects,
    _narrative,
]


def render_xlsx(document) -> bytes:
    """The workbook of a PlanDocument or ResultsDocument (reports.documents), as bytes."""
    if document.kind == ReportKind.PLAN:
        title, builders = gettext("KẾ HOẠCH KHUYẾN CÔNG NĂM %(year)s"), PLAN_SHEETS
    else:
        title, builders = gettext("BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC KHUYẾN CÔNG NĂM %(year)s"), RESULT_SHEETS
    heading = [document.header.agency, title % {"year": document.year}]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for build in builders:
        build(workbook, document, heading)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
