"""The leaders' dashboard: the year's figures from `reports.selectors`, each chart with its table."""

import datetime

from django.shortcuts import render
from django.utils.safestring import mark_safe

from beneficiaries.access import staff_read
from reports import charts, selectors
from reports.forms import ReportRequestForm
from reports.models import MAX_YEAR, MIN_YEAR, ReportJob

COMPARED_YEARS = 5
RECENT_JOBS = 5


def _year(request) -> int:
    """The year asked for in ?year=, else the current year; anything unreadable falls back."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = datetime.date.today().year
    return year if MIN_YEAR <= year <= MAX_YEAR else datetime.date.today().year


@staff_read
def dashboard(request):
    """Money by source, content and place, establishments reached, indicators and earlier years.

    Above them, the form to ask for the year's report file and the user's latest requests.
    """
    years = selectors.plan_years()
    year = _year(request)
    sources = selectors.money_by_source(year)
    state = [row for row in sources if row.is_state_budget]
    contents = selectors.money_by_content(year)
    communes = selectors.money_by_commune(year)
    districts = selectors.money_by_former_district(year)
    comparison = selectors.year_comparison(range(year - COMPARED_YEARS + 1, year + 1))
    context = {
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "sources": sources,
        "state_total": selectors.state_total(sources),
        "contents": contents,
        "content_total": selectors.content_total(contents),
        "communes": communes,
        "commune_total": selectors.support_total(communes),
        "districts": districts,
        "district_total": selectors.support_total(districts),
        "reach": selectors.establishments_reached(year),
        "indicators": selectors.indicators(year),
        "comparison": comparison,
        "request_form": ReportRequestForm(years=years, year=year),
        # One query: the user's latest requests, so a report asked for a moment ago is in sight.
        "recent_jobs": list(ReportJob.objects.filter(requested_by=request.user)[:RECENT_JOBS]),
        # The charts escape every label themselves.
        "source_chart": mark_safe(charts.source_chart(year, state)),  # noqa: S308
        "content_chart": mark_safe(charts.content_chart(year, contents)),  # noqa: S308
        "comparison_chart": mark_safe(charts.comparison_chart(comparison)),  # noqa: S308
    }
    return render(request, "reports/staff/dashboard.html", context)
