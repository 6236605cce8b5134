"""Dates as Vietnamese documents write them: dd/mm/yyyy in tables, and the Decree 30/2020 date line."""

import datetime

from django.utils.translation import gettext


def vn_date(day: datetime.date) -> str:
    """dd/mm/yyyy, the year always in four digits (strftime writes year 1 as "1")."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def document_day_month(day: datetime.date) -> tuple[str, str]:
    """The day and month of a document's date line (Decree 30/2020/NĐ-CP, Appendix I, item 5).

    Days 1-9 and months 1-2 take a leading zero, and nothing else does: 05/01 → ("05", "01"),
    05/3 → ("05", "3"), 20/12 → ("20", "12").
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}", month


def document_date(day: datetime.date, place: str = "") -> str:
    """ "Cần Thơ, ngày 05 tháng 3 năm 2026", or "ngày 05 tháng 3 năm 2026" without a place."""
    dd, mm = document_day_month(day)
    text = gettext("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": dd, "month": mm, "year": day.year}
    return f"{place}, {text}" if place else text
