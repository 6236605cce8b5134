"""Downloads of the Circular 36/2013 forms of one project or application, for staff and leaders.

One record's form renders in a second or two, so it is built in the request rather than queued
like the annual documents. Anyone else gets what the record's own staff page gives: anonymous
visitors go to login, establishment accounts get 404.
"""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from applications.models import Application
from beneficiaries.access import staff_read
from programs.models import Project
from reports.project_forms import (
    APPLICATION_FORMS,
    FILE_NAMES,
    PROJECT_FORMS,
    FormUnavailable,
    ProjectForm,
    application_for_forms,
    build_application_form,
    build_project_form,
    project_for_forms,
    render_form_pdf,
)


def _pdf(form: ProjectForm, reference: str) -> HttpResponse:
    response = HttpResponse(render_form_pdf(form), content_type="application/pdf")
    # The code may carry "Đ": the header then gives an ASCII name and the exact one (RFC 6266).
    filename = f"{FILE_NAMES[form.kind]}-{reference}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@staff_read
def project_form(request, uuid, kind: str):
    """The proposal, acceptance minutes or settlement of a project."""
    if kind not in PROJECT_FORMS:
        raise Http404
    try:
        project = project_for_forms(uuid=uuid)
    except Project.DoesNotExist:
        raise Http404 from None
    return _pdf(build_project_form(kind, project), project.code)


@staff_read
def application_form(request, uuid, kind: str):
    """The proposal of a filed application, or the sheet of its latest appraisal (404 before any)."""
    if kind not in APPLICATION_FORMS:
        raise Http404
    try:
        application = application_for_forms(uuid=uuid)
        form = build_application_form(kind, application)
    except (Application.DoesNotExist, FormUnavailable):
        raise Http404 from None
    return _pdf(form, application.receipt_number or str(application.uuid))
