"""Import of establishments from Excel: upload, preview every row, confirm, report.

The uploaded file waits in a private folder under a random token kept in the
uploader's session (beneficiaries.importing_files); the confirmation reads it again and
checks every row against the registry as it is then.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from beneficiaries import import_template, importing, importing_check, importing_files, importing_save
from beneficiaries.access import staff_write
from beneficiaries.forms import EstablishmentImportForm
from core.xlsx import xlsx_response

SESSION_KEY = "establishment_import"


def _page(request, **context):
    context.setdefault("form", EstablishmentImportForm())
    context.setdefault("columns", importing.COLUMNS)
    context.setdefault("max_rows", importing.MAX_ROWS)
    return render(request, "beneficiaries/staff/import.html", context)


def _preview(request, plan, filename: str, token: str):
    request.session[SESSION_KEY] = {"token": token, "filename": filename, "fingerprint": plan.fingerprint}
    return _page(request, plan=plan, filename=filename, token=token)


@staff_write
def establishment_import(request):
    """GET: the upload form. POST a file: its preview. POST `confirm`: the import and its report."""
    if request.method != "POST":
        return _page(request)
    if "confirm" in request.POST:
        return _confirm(request)
    form = EstablishmentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form)
    upload = form.cleaned_data["file"]
    pending = request.session.get(SESSION_KEY)
    if pending:
        importing_files.pending_discard(pending["token"])
    token = importing_files.pending_store(upload)
    return _preview(request, importing_check.plan_import(form.rows), upload.name, token)


def _confirm(request):
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path_ = importing_files.pending_path(token) if token == pending.get("token") else None
    if path_ is None:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc đã được nhập. Hãy tải tệp lên lại."))
        return redirect("staff:establishment_import")
    filename = pending["filename"]
    try:
        rows = importing_files.read_rows(path_, filename)
        plan = importing_save.establishments_import(rows=rows, fingerprint=pending["fingerprint"])
    except importing.PlanChanged as changed:
        messages.warning(request, changed.messages[0])
        return _preview(request, changed.plan, filename, token)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("staff:establishment_import")
    importing_files.pending_discard(token)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Đã nhập tệp “%(name)s”: thêm %(created)s, cập nhật %(updated)s, bỏ qua %(skipped)s dòng.")
        % {
            "name": filename,
            "created": plan.count(importing.Action.CREATE),
            "updated": plan.count(importing.Action.UPDATE),
            "skipped": plan.count(importing.Action.ERROR) + plan.count(importing.Action.EXAMPLE),
        },
    )
    return render(request, "beneficiaries/staff/import_report.html", {"plan": plan, "filename": filename})


@staff_write
def establishment_import_template(request):
    return xlsx_response(import_template.template_workbook(), "mau-nhap-co-so-cnnt.xlsx")


urlpatterns = [
    path("establishments/import/", establishment_import, name="establishment_import"),
    path("establishments/import/template.xlsx", establishment_import_template, name="establishment_import_template"),
]
