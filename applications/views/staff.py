"""Staff review of applications: the queue, one application, the review steps, filing on behalf.

Reading is for staff, leaders and administrators (`staff_read`); every step that changes
an application is a POST for staff and administrators (`staff_write`). The rules are in
`applications.review_services`; these views only wire HTTP to them.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from applications.review_forms import (
    AppraisalForm,
    ConvertForm,
    CorrectionForm,
    DecisionForm,
    GroundForm,
    MessageForm,
    OnBehalfForm,
    QueueFilterForm,
)
from applications.review_services import (
    GROUND_STATUSES,
    application_convert,
    application_decide,
    application_file_on_behalf,
    application_message_send,
    application_record_ground,
    application_request_correction,
    application_take,
    appraisal_create,
)
from applications.services import (
    OPEN_STATUSES,
    application_ceiling_of,
    application_repeat_support,
    application_request_against,
)
from beneficiaries.access import staff_read, staff_write
from beneficiaries.models import AdministrativeUnit, Establishment
from beneficiaries.roles import is_staff_member
from core.http import form_action
from core.paging import paginate
from core.text import fold
from programs.eligibility import IneligibleBeneficiaryRefused, establishment_eligibility
from programs.models import AnnualPlan, PlanLevel
from programs.repeat_support import repeat_legal_basis, repeat_window_years
from programs.selectors import next_project_code
from programs.services import RepeatSupportRefused, ceiling_describe

SUGGESTIONS = 20


def _filters(form: QueueFilterForm) -> tuple[dict, str]:
    """The ORM filters other than the status, and the status asked for."""
    if not form.is_valid():
        return {}, ""
    data = form.cleaned_data
    filters = {}
    if data.get("content"):
        filters["content"] = data["content"]
    if data.get("commune"):
        filters["establishment__commune"] = data["commune"]
    if data.get("submitted_from"):
        filters["submitted_at__date__gte"] = data["submitted_from"]
    if data.get("submitted_to"):
        filters["submitted_at__date__lte"] = data["submitted_to"]
    return filters, data.get("status") or ""


def _age_days(since: datetime.datetime | None, today: datetime.date) -> int | None:
    if since is None:
        return None
    return (today - timezone.localdate(since)).days


@staff_read
def application_list(request):
    """The review queue: filters, counts per status, age; waiting ones oldest first (≤ 8 queries)."""
    filed = Application.objects.filed()
    communes = AdministrativeUnit.objects.filter(pk__in=filed.values("establishment__commune")).order_by("name")
    form = QueueFilterForm(request.GET or None, communes=communes)
    filters, status = _filters(form)
    matching = filed.filter(**filters)
    page_obj = paginate(request, (matching.filter(status=status) if status else matching).for_review_queue())
    today = timezone.localdate()
    rows = [(application, _age_days(application.waiting_since, today)) for application in page_obj]
    counts = matching.status_counts()
    tabs = [("", _("Tất cả"), counts["all"])] + [
        (choice.value, choice.label, counts[choice.value]) for choice in Application.FILED
    ]
    return render(
        request,
        "applications/staff/list.html",
        {
            "filter": {"form": form},
            "page_obj": page_obj,
            "rows": rows,
            "tabs": tabs,
            "status": status,
            "can_write": is_staff_member(request.user),
        },
    )


def _application_for_page(uuid) -> Application:
    """One application with everything its page shows, one query per related list."""
    return get_object_or_404(Application.objects.filed().for_staff_detail(), uuid=uuid)


def _attachment_url(application: Application, attachment) -> str:
    try:
        return reverse("apply:attachment_download", args=[application.uuid, attachment.uuid])
    except NoReverseMatch:
        return ""


def _ceiling(application: Application):
    """The ceiling the establishment sees for the same application, or why there is none."""
    try:
        ceiling = application_ceiling_of(application)
    except ValidationError as error:
        return None, " ".join(error.messages)
    return ceiling, ""


def _detail(request, application: Application, **forms):
    """The application's page; `forms` carries a bound form that was refused, with its errors."""
    can_write = is_staff_member(request.user)
    ceiling, ceiling_error = _ceiling(application)
    convert_form = None
    if can_write and application.can_convert:
        convert_form = forms.get("convert_form") or ConvertForm(initial=_convert_initial(application))
    # Only while a decision or a project is still to come: afterwards the project page shows it.
    repeat = application_repeat_support(application) if application.status in OPEN_STATUSES else None
    appraisals = list(application.appraisals.all())
    return render(
        request,
        "applications/staff/detail.html",
        {
            "application": application,
            "establishment": application.establishment,
            "eligibility": establishment_eligibility(application.establishment, application.content),
            "ceiling": ceiling,
            "ceiling_rule": ceiling_describe(ceiling) if ceiling else "",
            "ceiling_error": ceiling_error,
            "over_ceiling": getattr(
                application_request_against(ceiling=ceiling, requested=application.support_requested), "over", False
            ),
            "attachments": [(a, _attachment_url(application, a)) for a in application.attachments.all()],
            "appraisals": appraisals,
            "can_write": can_write,
            "appraisal_form": forms.get("appraisal_form") or AppraisalForm(),
            "correction_form": forms.get("correction_form") or CorrectionForm(),
            "decision_form": forms.get("decision_form") or DecisionForm(repeat=repeat is not None),
            "repeat": repeat,
            "repeat_years": repeat_window_years(),
            "repeat_basis": repeat_legal_basis(),
            "ground_form": (
                forms.get("ground_form")
                or GroundForm(
                    initial={"ground": application.priority_ground_id}, current_id=application.priority_ground_id
                )
            )
            if can_write and application.status in GROUND_STATUSES
            else None,
            "message_form": (forms.get("message_form") or MessageForm()) if can_write else None,
            "convert_form": convert_form,
        },
    )


def _convert_initial(application: Application) -> dict:
    """The plan of the planned start's year (local first) and its next free code (two queries)."""
    year = (application.planned_start or timezone.localdate()).year
    plan = (
        AnnualPlan.objects.filter(year=year)
        .order_by(Case(When(level=PlanLevel.LOCAL, then=Value(0)), default=Value(1)))
        .first()
    )
    initial = {"implementing_unit": settings.PORTAL["CENTRE"], "repeat_reason": application.repeat_support_reason}
    if plan is not None:
        initial |= {"plan": plan.pk, "code": next_project_code(plan)}
    return initial


@staff_read
def application_detail(request, uuid):
    """Everything the establishment filed, the timeline, the thread, appraisals and the next steps."""
    return _detail(request, _application_for_page(uuid))


def _done(application: Application, anchor: str = ""):
    return redirect(reverse("staff:application_detail", kwargs={"uuid": application.uuid}) + anchor)


@staff_write
@require_POST
def application_take_view(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    try:
        application_take(application=application, officer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bạn đã nhận xử lý hồ sơ %(name)s.") % {"name": application})
    return _done(application)


@staff_write
@form_action("staff:application_detail")
def application_appraise(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = AppraisalForm(request.POST)
    if form.is_valid():
        try:
            appraisal_create(
                application=application,
                appraiser=request.user,
                scores=form.scores(),
                comments=form.comments(),
                conclusion=form.cleaned_data["conclusion"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu phiếu thẩm định."))
            return _done(application, "#appraisals")
    messages.error(request, _("Phiếu thẩm định chưa lưu: hãy xem các lỗi bên dưới."))
    return _detail(request, _application_for_page(uuid), appraisal_form=form)


@staff_write
@form_action("staff:application_detail")
def application_request_correction_view(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            application_request_correction(
                application=application, officer=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã gửi yêu cầu bổ sung, sửa đổi cho cơ sở."))
            return _done(application)
    messages.error(request, " ".join(_errors(form)))
    return _detail(request, _application_for_page(uuid), correction_form=form)


@staff_write
@form_action("staff:application_detail")
def application_decide_view(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            application = application_decide(
                application=application,
                officer=request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
                repeat_reason=form.cleaned_data["repeat_reason"],
            )
        except RepeatSupportRefused as error:
            form.add_error("repeat_reason", error.messages)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if approve:
                messages.success(request, _("Đã chấp thuận hồ sơ %(name)s.") % {"name": application})
            else:
                messages.success(request, _("Đã không chấp thuận hồ sơ %(name)s.") % {"name": application})
            return _done(application)
    messages.error(request, " ".join(_errors(form)))
    return _detail(request, _application_for_page(uuid), decision_form=form)


@staff_write
@form_action("staff:application_detail")
def application_ground_view(request, uuid):
    """Record the priority ground the review found (or clear it)."""
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = GroundForm(request.POST, current_id=application.priority_ground_id)
    if form.is_valid():
        ground = form.cleaned_data["ground"]
        try:
            application_record_ground(application=application, officer=request.user, ground=ground)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if ground is None:
                messages.success(request, _("Đã bỏ diện ưu tiên của hồ sơ %(name)s.") % {"name": application})
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận diện ưu tiên “%(ground)s” cho hồ sơ %(name)s.")
                    % {"ground": ground.name, "name": application},
                )
            return _done(application, "#ceiling")
    messages.error(request, " ".join(_errors(form)))
    return _detail(request, _application_for_page(uuid), ground_form=form)


@staff_write
@form_action("staff:application_detail")
def application_convert_view(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = ConvertForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            project = application_convert(
                application=application,
                officer=request.user,
                plan=data["plan"],
                code=data["code"],
                implementing_unit=data["implementing_unit"],
                repeat_reason=data["repeat_reason"],
                eligibility_reason=data["eligibility_reason"],
            )
        except RepeatSupportRefused as error:
            form.add_error("repeat_reason", error.messages)
        except IneligibleBeneficiaryRefused as error:
            form.add_error("eligibility_reason", error.messages)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Hồ sơ %(name)s đã thành đề án %(code)s.") % {"name": application, "code": project.code},
            )
            return redirect("staff:project_detail", uuid=project.uuid)
    messages.error(request, " ".join(_errors(form)))
    return _detail(request, _application_for_page(uuid), convert_form=form)


@staff_write
@form_action("staff:application_detail")
def application_message(request, uuid):
    application = get_object_or_404(Application.objects.filed(), uuid=uuid)
    form = MessageForm(request.POST)
    if form.is_valid():
        application_message_send(application=application, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Đã gửi tin nhắn cho cơ sở."))
        return _done(application, "#messages")
    messages.error(request, " ".join(_errors(form)))
    return _detail(request, _application_for_page(uuid), message_form=form)


def _errors(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


@staff_write
def application_file_on_behalf_view(request):
    """Pick an establishment (search by name or tax code), then type its application and submit it."""
    text = (request.GET.get("q") or "").strip()
    found = []
    if len(fold(text)) >= 2:
        found = list(
            Establishment.objects.active().search(text).select_related("commune").order_by("name")[:SUGGESTIONS]
        )
    code = request.POST.get("establishment") or request.GET.get("establishment")
    establishment = None
    if code:
        try:
            establishment = Establishment.objects.active().select_related("commune").filter(code=code).first()
        except ValidationError:
            establishment = None
    form = None
    repeats: list = []
    if establishment is not None:
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        form = OnBehalfForm(data, files, initial={"establishment": establishment.code})
        if data is not None and form.is_valid():
            try:
                application = application_file_on_behalf(
                    establishment=form.cleaned_data["establishment"],
                    officer=request.user,
                    attachments=form.attachments(),
                    repeat_reason=form.cleaned_data["repeat_reason"],
                    **form.application_fields(),
                )
            except RepeatSupportRefused as error:
                repeats = error.repeats
                form.add_error("repeat_reason", _("Hãy nêu lý do hỗ trợ lại trước khi nộp."))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("Đã nộp thay hồ sơ %(number)s cho %(name)s.")
                    % {"number": application.receipt_number, "name": establishment.name},
                )
                return _done(application)
    elif request.method == "POST":
        messages.error(request, _("Hãy chọn cơ sở trước khi nhập hồ sơ."))
    return render(
        request,
        "applications/staff/on_behalf.html",
        {
            "q": text,
            "found": found,
            "establishment": establishment,
            "form": form,
            "repeat": repeats[0] if repeats else None,
            "repeat_years": repeat_window_years(),
            "repeat_basis": repeat_legal_basis(),
        },
    )


urlpatterns = [
    path("applications/", application_list, name="application_list"),
    path("applications/new/", application_file_on_behalf_view, name="application_file_on_behalf"),
    path("applications/<uuid:uuid>/", application_detail, name="application_detail"),
    path("applications/<uuid:uuid>/take/", application_take_view, name="application_take"),
    path("applications/<uuid:uuid>/appraise/", application_appraise, name="application_appraise"),
    path(
        "applications/<uuid:uuid>/correction/",
        application_request_correction_view,
        name="application_request_correction",
    ),
    path("applications/<uuid:uuid>/decide/", application_decide_view, name="application_decide"),
    path("applications/<uuid:uuid>/convert/", application_convert_view, name="application_convert"),
    path("applications/<uuid:uuid>/priority-ground/", application_ground_view, name="application_ground"),
    path("applications/<uuid:uuid>/messages/", application_message, name="application_message"),
]
