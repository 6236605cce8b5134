"""The staff home page (/staff/): what waits for me today, and the year's key figures."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from beneficiaries.access import staff_read
from programs.models import AnnualPlan, PlanStatus
from programs.selectors import project_worklists, projects_by_status, year_totals

# Each list on the home page shows this many rows, then links to the full list.
WORKLIST_LENGTH = 10


@staff_read
def home(request):
    """Plans to finish, projects waiting for a step, and this year's totals.

    A fixed number of queries whatever the data: one per list, one for the list counts,
    two for the waiting applications (a card of the applications app, which the
    template loads by name), three for the year's figures.
    """
    today = timezone.localdate()
    plans = list(
        AnnualPlan.objects.filter(status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]).order_by("-year", "level")[
            :WORKLIST_LENGTH
        ]
    )
    context = {
        "today": today,
        "worklist_length": WORKLIST_LENGTH,
        "plans": plans,
        "worklists": project_worklists(today=today, limit=WORKLIST_LENGTH),
        "totals": year_totals(today.year),
        "by_status": projects_by_status(today.year),
    }
    return render(request, "programs/staff/home.html", context)


urlpatterns = [path("", home, name="home")]
