"""The leaders' dashboard: the year's figures from `reports.selectors`, each chart with its table."""

import datetime

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from programs.views.common import staff_read

from . import charts, selectors

COMPARED_YEARS = 5


def _year(request) -> int:
    """The year asked for in ?year=, else the current year; anything unreadable falls back."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


@staff_read
def dashboard(request):
    """Money by source, content and place, establishments reached, indicators and earlier years."""
    years = selectors.plan_years()
    year = _year(request)
    sources = selectors.money_by_source(year)
    state = [row for row in sources if row.is_state_budget]
    contents = selectors.money_by_content(year)
    comparison = selectors.year_comparison(range(year - COMPARED_YEARS + 1, year + 1))
    assigned, approved, disbursed = _("Được giao"), _("Được duyệt"), _("Đã giải ngân")
    context = {
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "sources": sources,
        "state_total": selectors.state_total(sources),
        "contents": contents,
        "communes": selectors.money_by_commune(year),
        "districts": selectors.money_by_former_district(year),
        "reach": selectors.establishments_reached(year),
        "indicators": selectors.indicators(year),
        "comparison": comparison,
        # The charts escape every label themselves.
        "source_chart": mark_safe(  # noqa: S308
            charts.horizontal_bar_chart(
                [row.name for row in state],
                [
                    (assigned, [row.assigned for row in state]),
                    (approved, [row.approved for row in state]),
                    (disbursed, [row.disbursed for row in state]),
                ],
                title=_("Kinh phí nhà nước theo nguồn, năm %(year)s") % {"year": year},
            )
        ),
        "content_chart": mark_safe(  # noqa: S308
            charts.horizontal_bar_chart(
                [f"{row.code} {row.name}" for row in contents],
                [(approved, [row.approved for row in contents]), (disbursed, [row.disbursed for row in contents])],
                title=_("Kinh phí nhà nước theo nội dung, năm %(year)s") % {"year": year},
            )
        ),
        "comparison_chart": mark_safe(  # noqa: S308
            charts.column_chart(
                [row.year for row in comparison],
                [
                    (assigned, [row.assigned for row in comparison]),
                    (approved, [row.approved for row in comparison]),
                    (disbursed, [row.disbursed for row in comparison]),
                ],
                title=_("Kinh phí nhà nước qua các năm"),
            )
        ),
    }
    return render(request, "reports/dashboard.html", context)
