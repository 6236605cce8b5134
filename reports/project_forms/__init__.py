"""The Circular 36/2013 forms officers used to type in Word, printed from the data in the Decree 30/2020 frame.

Each builder returns plain data (no query runs once it is built); `render_form_pdf` lays it out
with the annual documents' frame (templates/reports/pdf/base.html).

- proposal: đề cương đề án, of a project or of an application not yet a project;
- appraisal: phiếu thẩm định (Mẫu 4a) of an application's latest appraisal;
- acceptance: biên bản nghiệm thu (Mẫu 5a/5b) of a project;
- settlement: biểu chi tiết quyết toán (Mẫu 7) of a project.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from applications.models import Application
from programs.models import Project
from reports.project_forms.acceptance import AcceptanceForm, acceptance_form
from reports.project_forms.appraisal import AppraisalForm, appraisal_form
from reports.project_forms.proposal import ProposalForm, proposal_of_application, proposal_of_project
from reports.project_forms.settlement import SettlementForm, settlement_form

ProjectForm = ProposalForm | AppraisalForm | AcceptanceForm | SettlementForm

PROJECT_FORMS = ("proposal", "acceptance", "settlement")
APPLICATION_FORMS = ("proposal", "appraisal")
# The file name each form is downloaded under, before the project's code or the receipt number.
FILE_NAMES = {
    "proposal": "de-cuong-de-an",
    "appraisal": "phieu-tham-dinh",
    "acceptance": "bien-ban-nghiem-thu",
    "settlement": "quyet-toan",
}


class FormUnavailable(Exception):
    """The record has nothing to print on this form (an application never appraised)."""


def project_for_forms(**lookup: object) -> Project:
    """The project with everything its forms print (the staff page's own QuerySet); DoesNotExist if none."""
    return Project.objects.for_staff_detail().get(**lookup)


def application_for_forms(**lookup: object) -> Application:
    """A filed application with everything its forms print; DoesNotExist if none."""
    return Application.objects.filed().for_staff_detail().get(**lookup)


def build_project_form(kind: str, project: Project) -> ProjectForm:
    if kind == "proposal":
        return proposal_of_project(project)
    if kind == "acceptance":
        return acceptance_form(project)
    if kind == "settlement":
        return settlement_form(project)
    raise ValueError(f"No project form {kind!r}")


def build_application_form(kind: str, application: Application) -> ProjectForm:
    """The application's form; its project's proposal once it became one (the project holds the money)."""
    if kind == "proposal":
        if application.project_id:
            return proposal_of_project(project_for_forms(pk=application.project_id))
        return proposal_of_application(application)
    if kind == "appraisal":
        appraisals = list(application.appraisals.all())
        if not appraisals:
            raise FormUnavailable("Hồ sơ chưa có phiếu thẩm định.")
        latest = max(appraisals, key=lambda appraisal: (appraisal.created_at, appraisal.pk))
        return appraisal_form(application, latest)
    raise ValueError(f"No application form {kind!r}")


def render_form_pdf(form: ProjectForm) -> bytes:
    """The form as an A4 PDF; always in Vietnamese, like every document of the portal."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # loaded only when a form is printed

    with translation.override("vi"):
        html = render_to_string(f"reports/pdf/forms/{form.kind}.html", {"form": form, "header": form.header})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
