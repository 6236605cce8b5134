"""Excel exports of staff lists: real numbers, VND format, frozen header, no formula injection."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "money": '#,##0 "₫"',
    "int": "#,##0",
    "year": "0",  # a year is a number without a thousands separator
    "date": "dd/mm/yyyy",
    "percent": '0.0"%"',
    "text": "@",
}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    width: int = 16


def _cell_value(value, kind: str):
    if value is None:
        return None
    if kind in ("money", "int", "year", "percent"):
        return int(value) if kind != "percent" else float(value)
    if kind == "date":
        return value if isinstance(value, datetime.date) else None
    return str(value)


def build_workbook(*, title: str, columns: list[Column], rows: Iterable, totals: dict[int, Decimal] | None = None):
    """Return the bytes of a one-sheet workbook; `totals` maps column index → total for a bold last row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row_number = 1
    for obj in rows:
        row_number += 1
        for index, column in enumerate(columns, start=1):
            value = _cell_value(column.value(obj), column.kind)
            cell = sheet.cell(row=row_number, column=index, value=value)
            if column.kind == "text" and isinstance(value, str):
                # Text typed by users ("=HYPERLINK(...)", "+84…") stays text, never a formula.
                cell.data_type = "s"
            elif value is not None:
                cell.number_format = FORMATS[column.kind]
    if totals:
        row_number += 1
        sheet.cell(row=row_number, column=1, value=gettext("Tổng cộng")).font = bold
        for index, total in totals.items():
            cell = sheet.cell(row=row_number, column=index + 1, value=int(total))
            cell.font = bold
            cell.number_format = FORMATS["money"]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row_number, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
