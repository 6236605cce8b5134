"""Asking for a report file, following it while the worker builds it, and the year's narrative texts.

A job belongs to the person who asked for it: anyone else gets 404 for it, as for any record they
may not see. The job row is one partial (`reports/includes/job_row.html`) used by the lists, the
htmx poll, the answer to a new request and the answer to a retry.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from beneficiaries.access import staff_read, staff_write
from core.paging import paginate
from reports.documents import narrative_for
from reports.forms import NarrativeForm, ReportRequestForm
from reports.models import MAX_YEAR, MIN_YEAR, JobStatus, ReportJob
from reports.services import narrative_save, report_job_request, report_job_retry

ROW_TEMPLATE = "reports/partials/job_row.html"


def _get_job_for_user(request, pk: int) -> ReportJob:
    """The user's own job (one query); 404 for a job someone else asked for."""
    return get_object_or_404(ReportJob, pk=pk, requested_by=request.user)


@staff_read
@require_POST
def job_create(request):
    """Record the request; htmx gets the new row to put at the top of the list, others the jobs page."""
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = report_job_request(user=request.user, kind=data["kind"], year=data["year"], fmt=data["format"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                # Without a broker the job is built as soon as the row commits: show where it is now.
                job.refresh_from_db()
                return render(request, "reports/partials/job_created.html", {"job": job})
            messages.success(request, _("Đã gửi yêu cầu lập báo cáo. Trang này cho biết khi nào tệp sẵn sàng."))
            return redirect("reports:jobs")
    if request.htmx:
        # htmx swaps no 4xx answer by default: answer 200 and put the form, with its errors, in place.
        response = render(request, "reports/partials/request_form.html", {"request_form": form})
        return reswap(retarget(response, "#report-request"), "outerHTML")
    return render(request, "reports/staff/jobs.html", _jobs_context(request, form))


def _jobs_context(request, form: ReportRequestForm) -> dict:
    """The user's jobs, newest first (a COUNT and the page's rows)."""
    return {"page_obj": paginate(request, ReportJob.objects.filter(requested_by=request.user)), "request_form": form}


@staff_read
def jobs(request):
    """The reports the user asked for, with the form to ask for another."""
    return render(request, "reports/staff/jobs.html", _jobs_context(request, ReportRequestForm()))


@staff_read
def job_status(request, pk: int):
    """The job's row for the htmx poll; a plain visit goes to the list, where the row is."""
    job = _get_job_for_user(request, pk)
    if not request.htmx:
        return redirect("reports:jobs")
    return render(request, ROW_TEMPLATE, {"job": job})


@staff_read
@require_POST
def job_retry(request, pk: int):
    """Ask again for a failed job, or send again one the queue could not take."""
    job = _get_job_for_user(request, pk)
    retry_error = ""
    try:
        job = report_job_retry(job=job)
    except ValidationError as error:
        retry_error = " ".join(error.messages)
    else:
        # Without a broker the retry has already run by now.
        job.refresh_from_db()
    if request.htmx:
        return render(request, ROW_TEMPLATE, {"job": job, "retry_error": retry_error})
    if retry_error:
        messages.error(request, retry_error)
    else:
        messages.success(request, _("Đã gửi lại yêu cầu lập báo cáo."))
    return redirect("reports:jobs")


@staff_read
def job_download(request, pk: int):
    """The finished file, from private storage (never by its storage URL)."""
    job = _get_job_for_user(request, pk)
    if job.status != JobStatus.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@staff_write
def narrative_edit(request, year: int):
    """Staff write the year's texts; each save is kept in the history."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    narrative = narrative_for(year)
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        try:
            narrative_save(narrative=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo năm %(year)s.") % {"year": year})
            return redirect(f"{reverse('reports:dashboard')}?year={year}")
    return render(request, "reports/staff/narrative_form.html", {"form": form, "year": year, "narrative": narrative})
