"""The establishment's own portal, /apply/: its applications, files, messages, receipt and results."""

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.forms import (
    ApplicationForm,
    AttachmentForm,
    MessageForm,
    ProfileForm,
    ResultsForm,
    YearStatForm,
    variant_choices,
)
from applications.models import Application, ApplicationAttachment
from applications.receipts import receipt_pdf
from applications.services import (
    YearFigures,
    application_ceiling,
    application_ceiling_of,
    application_create,
    application_message_send,
    application_repeat_warnings,
    application_request_against,
    application_results_report,
    application_save_draft,
    application_submit,
    application_withdraw,
    attachment_add,
    attachment_delete,
    establishment_profile_update,
    establishment_year_stat_save,
)
from beneficiaries.access import establishment_required, get_owned_or_404
from beneficiaries.roles import Role, has_role
from programs.forms import parse_money
from programs.models import PriorityGround, SupportContent


def _own_application(request, uuid, *, queryset=None) -> Application:
    """The application `uuid` of the request's establishment (404 for anyone else's)."""
    queryset = queryset if queryset is not None else Application.objects.all()
    return get_owned_or_404(queryset.select_related("establishment", "content", "project"), request, uuid=uuid)


@establishment_required
def home(request):
    establishment = request.establishment
    applications = list(Application.objects.filter(establishment=establishment).for_portal_home())
    return render(
        request,
        "applications/portal/home.html",
        {
            "establishment": establishment,
            "eligibility": establishment.eligibility(),
            "applications": applications,
        },
    )


@establishment_required
def profile(request):
    establishment = request.establishment
    form = ProfileForm(instance=establishment, prefix="profile")
    stat_form = YearStatForm(prefix="stat", initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        if "save_stat" in request.POST:
            stat_form = YearStatForm(request.POST, prefix="stat")
            if stat_form.is_valid():
                data = stat_form.cleaned_data
                try:
                    establishment_year_stat_save(
                        establishment=establishment,
                        figures=YearFigures(data["year"], data["revenue"], data["employees"]),
                    )
                except ValidationError as error:
                    stat_form.add_error(None, error)
                else:
                    messages.success(request, _("Đã lưu số liệu năm %(year)s.") % {"year": data["year"]})
                    return redirect("apply:profile")
        else:
            form = ProfileForm(request.POST, instance=establishment, prefix="profile")
            if form.is_valid():
                try:
                    establishment_profile_update(establishment=establishment, data=form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Đã cập nhật thông tin liên hệ."))
                    return redirect("apply:profile")
    return render(
        request,
        "applications/portal/profile.html",
        {
            "establishment": establishment,
            "form": form,
            "stat_form": stat_form,
            "year_stats": establishment.year_stats.all(),
        },
    )


@require_POST
@establishment_required
def new(request):
    application = application_create(establishment=request.establishment, created_by=request.user)
    messages.info(request, _("Đã tạo hồ sơ nháp. Hãy điền các mục và lưu nháp bất cứ lúc nào."))
    return redirect("apply:edit", uuid=application.uuid)


def _ceiling_context(compute, *, requested, **arguments) -> dict:
    """The ceiling box's context: `compute(**arguments)` and `requested` against it, or why there is no ceiling."""
    try:
        ceiling = compute(**arguments)
    except ValidationError as error:
        return {"ceiling": None, "ceiling_error": error.messages[0], "asked": None}
    asked = application_request_against(ceiling=ceiling, requested=requested)
    return {"ceiling": ceiling, "ceiling_error": "", "asked": asked}


def _typed_money(request, name: str):
    """The amount typed in `name` so far, or None while it is empty or not yet a number."""
    try:
        return parse_money(request.GET.get(name))
    except ValidationError:
        return None


@establishment_required
def edit(request, uuid):
    application = _own_application(request, uuid)
    if not application.can_edit:
        return redirect("apply:detail", uuid=application.uuid)
    problems = []
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=application)
        if form.is_valid():
            application = application_save_draft(application=application, data=form.cleaned_data)
            if "submit" in request.POST:
                try:
                    application = application_submit(application=application, by=request.user)
                except ValidationError as error:
                    problems = error.messages
                else:
                    messages.success(
                        request,
                        _("Đã nộp hồ sơ. Số tiếp nhận: %(number)s.") % {"number": application.receipt_number},
                    )
                    for warning in application_repeat_warnings(application):
                        messages.warning(request, warning)
                    return redirect("apply:detail", uuid=application.uuid)
            else:
                messages.success(request, _("Đã lưu nháp."))
                return redirect("apply:edit", uuid=application.uuid)
        else:
            problems = [_("Chưa lưu được: hãy sửa các ô báo lỗi bên dưới.")]
    else:
        form = ApplicationForm(instance=application)
    # What was typed is saved whenever the form is valid, so the application holds the figures shown.
    ceiling = _ceiling_context(application_ceiling_of, requested=application.support_requested, application=application)
    return render(
        request,
        "applications/portal/edit.html",
        {
            "application": application,
            "form": form,
            "problems": problems,
            "attachments": list(application.attachments.all()),
            "attachment_form": AttachmentForm(),
            "repeat_warnings": application_repeat_warnings(application),
            **ceiling,
        },
    )


def _recorded_ground(request) -> PriorityGround | None:
    """The priority ground staff recorded in the review of the application being edited, if any.

    Only on the establishment's own application; what it types never brings a ground of its own,
    so a new request sees the base ceiling.
    """
    try:
        uuid = UUID(request.GET.get("application", ""))
    except ValueError:
        return None
    application = (
        Application.objects.filter(uuid=uuid, establishment=request.establishment)
        .select_related("priority_ground")
        .first()
    )
    return application.priority_ground if application else None


@require_GET
@establishment_required
def ceiling(request):
    """The htmx partial under the amounts: the most the content allows for the cost typed so far."""
    content_id = request.GET.get("content", "")
    content = SupportContent.objects.filter(pk=content_id, active=True).first() if content_id.isdigit() else None
    cost = _typed_money(request, "eligible_cost")
    try:
        start = datetime.datetime.strptime(request.GET.get("planned_start", "").strip(), "%d/%m/%Y").date()
    except ValueError:
        start = None  # not typed yet: the rules in force today
    variants = variant_choices(content)
    variant = request.GET.get("variant") or "standard"
    if variant not in dict(variants):
        variant = variants[0][0]
    context = _ceiling_context(
        application_ceiling,
        requested=_typed_money(request, "support_requested"),
        content=content,
        variant=variant,
        eligible_cost=cost,
        on_date=start,
        ground=_recorded_ground(request),
    )
    # A new content brings its own variants: the list is swapped in beside the box (out of band).
    context.update(
        variants=variants, variant=variant, swap_variants=request.headers.get("HX-Trigger-Name") == "content"
    )
    return render(request, "applications/portal/partials/ceiling.html", context)


@establishment_required
def detail(request, uuid):
    application = _own_application(request, uuid, queryset=Application.objects.for_portal_detail())
    message_form = MessageForm()
    if request.method == "POST":
        message_form = MessageForm(request.POST)
        if message_form.is_valid():
            try:
                application_message_send(
                    application=application, author=request.user, body=message_form.cleaned_data["body"]
                )
            except ValidationError as error:
                message_form.add_error("body", error)
            else:
                messages.success(request, _("Đã gửi tin nhắn cho cán bộ."))
                return redirect("apply:detail", uuid=application.uuid)
    return render(
        request,
        "applications/portal/detail.html",
        {
            "application": application,
            "changes": list(application.status_changes.all()),
            "correction": application.correction_request(),
            "attachments": list(application.attachments.all()),
            "thread": list(application.messages.all()),
            "message_form": message_form,
        },
    )


@require_POST
@establishment_required
def withdraw(request, uuid):
    application = _own_application(request, uuid)
    try:
        application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút hồ sơ."))
    return redirect("apply:detail", uuid=application.uuid)


@require_GET
@establishment_required
def receipt(request, uuid):
    application = _own_application(request, uuid, queryset=Application.objects.prefetch_related("attachments"))
    if not application.receipt_number or application.submitted_at is None:
        raise Http404
    pdf = receipt_pdf(application=application)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{application.receipt_number}.pdf"'
    return response


@require_POST
@establishment_required
def attachment_add_view(request, uuid):
    application = _own_application(request, uuid)
    if not application.can_edit:
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _("Không nhận tệp: %(reason)s") % {"reason": " ".join(error.messages)})
        else:
            messages.success(request, _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name})
    else:
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Không nhận tệp: %(reason)s") % {"reason": " ".join(errors)})
    return redirect("apply:edit", uuid=application.uuid)


@require_POST
@establishment_required
def attachment_delete_view(request, uuid, attachment_uuid):
    application = _own_application(request, uuid)
    attachment = get_object_or_404(ApplicationAttachment, uuid=attachment_uuid, application=application)
    attachment.application = application
    try:
        attachment_delete(attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect("apply:edit" if application.can_edit else "apply:detail", uuid=application.uuid)


def attachment_download(request, uuid, attachment_uuid):
    """Stream a file from the private storage to its owner or to staff; anyone else gets 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application"),
        uuid=attachment_uuid,
        application__uuid=uuid,
    )
    allowed = has_role(request.user, Role.STAFF, Role.LEADER, Role.ADMIN)
    if not allowed:
        account = getattr(request.user, "establishment_account", None)
        allowed = (
            account is not None
            and account.status == "verified"
            and account.establishment_id == attachment.application.establishment_id
        )
    if not allowed:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@establishment_required
def results(request, uuid):
    application = _own_application(request, uuid)
    if not application.can_report_results:
        raise Http404
    first_year = application.project.end_date.year
    stats = list(request.establishment.year_stats.filter(year__gte=first_year).order_by("year"))
    form = ResultsForm(first_year=first_year, initial={"products": request.establishment.main_products})
    if request.method == "POST":
        form = ResultsForm(request.POST, first_year=first_year)
        if form.is_valid():
            try:
                application_results_report(
                    application=application,
                    figures=[YearFigures(*row) for row in form.cleaned_data["figures"]],
                    products=form.cleaned_data["products"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã ghi nhận kết quả sau hỗ trợ. Cảm ơn cơ sở."))
                return redirect("apply:results", uuid=application.uuid)
    return render(
        request,
        "applications/portal/results.html",
        {"application": application, "form": form, "stats": stats, "first_year": first_year},
    )
