"""Staff pages of projects: list with totals and export, detail, create and edit, status steps, payments.

Reading is for staff, leaders and administrators (`staff_read`); every page that changes
data, and the form that leads to it, for staff and administrators (`staff_write`).
The money rules are in `programs.services`; these views only wire HTTP to them.
"""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from beneficiaries.access import staff_read, staff_write
from beneficiaries.models import Establishment
from beneficiaries.roles import is_staff_member
from core.http import form_action
from core.money import format_vnd
from core.paging import paginate
from core.text import fold
from core.xlsx import Column, build_workbook, xlsx_response
from programs.ceilings import ceiling_describe, ceiling_for, project_ceiling
from programs.filters import ProjectFilter
from programs.forms import (
    CeilingCheckForm,
    ProjectFormBundle,
    ceiling_data_from_project_form,
)
from programs.models import (
    ZERO,
    AnnualPlan,
    Disbursement,
    FundingSource,
    PlanLevel,
    PriorityGround,
    Project,
    ProjectStatus,
    SupportContent,
)
from programs.payment_forms import DisbursementForm, TransitionForm
from programs.selectors import line_totals, planned_cost, project_history
from programs.services import disbursement_create, project_save, project_transition

# What the button that moves a project to each status says.
TRANSITION_LABELS = {
    ProjectStatus.PROPOSED: (gettext_lazy("Trả về đề xuất"), "outline-secondary", "arrow-counterclockwise"),
    ProjectStatus.APPRAISED: (gettext_lazy("Đã thẩm định"), "primary", "clipboard-check"),
    ProjectStatus.APPROVED: (gettext_lazy("Phê duyệt"), "primary", "patch-check"),
    ProjectStatus.IN_PROGRESS: (gettext_lazy("Bắt đầu thực hiện"), "primary", "play-circle"),
    ProjectStatus.ACCEPTED: (gettext_lazy("Nghiệm thu"), "success", "check2-circle"),
    ProjectStatus.SETTLED: (gettext_lazy("Quyết toán"), "success", "journal-check"),
    ProjectStatus.CANCELLED: (gettext_lazy("Hủy đề án"), "outline-danger", "x-circle"),
}
SUGGESTIONS = 20


def _filtered(request) -> ProjectFilter:
    return ProjectFilter(request.GET or None, queryset=Project.objects.for_staff_list().with_status_rank())


@staff_read
def project_list(request):
    """Filtered, sorted, 25 a page; totals over the whole filtered set (13 queries, whatever the data)."""
    project_filter = _filtered(request)
    projects = project_filter.qs
    page_obj = paginate(request, projects)
    return render(
        request,
        "programs/staff/project_list.html",
        {
            "filter": project_filter,
            "page_obj": page_obj,
            "totals": projects.money_totals(),
            "can_write": is_staff_member(request.user),
        },
    )


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


EXPORT_COLUMNS = [
    Column(gettext_lazy("Mã đề án"), lambda p: p.code, width=18),
    Column(gettext_lazy("Tên đề án"), lambda p: p.title, width=48),
    Column(gettext_lazy("Nội dung"), lambda p: p.content.code, width=10),
    Column(gettext_lazy("Năm kế hoạch"), lambda p: p.plan.year, kind="year", width=10),
    Column(gettext_lazy("Cấp"), lambda p: p.plan.get_level_display(), width=12),
    Column(gettext_lazy("Trạng thái"), lambda p: p.get_status_display(), width=16),
    Column(gettext_lazy("Địa bàn"), lambda p: _names(p.communes.all()), width=30),
    Column(gettext_lazy("Cơ sở thụ hưởng"), lambda p: _names(s.establishment for s in p.shares.all()), width=40),
    Column(gettext_lazy("Ngày bắt đầu"), lambda p: p.start_date, kind="date", width=12),
    Column(gettext_lazy("Ngày kết thúc"), lambda p: p.end_date, kind="date", width=12),
    Column(gettext_lazy("Tổng kinh phí dự kiến"), lambda p: p.total_planned, kind="money", width=18),
    Column(gettext_lazy("Nhà nước duyệt"), lambda p: p.state_approved, kind="money", width=18),
    Column(gettext_lazy("Đã giải ngân"), lambda p: p.disbursed, kind="money", width=18),
]


@staff_read
def project_export(request):
    """The filtered list as .xlsx: the same filters and order as the page, every row, a totals row."""
    projects = _filtered(request).qs
    totals = projects.money_totals()
    content = build_workbook(
        title=_("Đề án"),
        columns=EXPORT_COLUMNS,
        rows=projects.iterator(chunk_size=1000),
        totals={10: totals["planned"], 11: totals["approved"], 12: totals["disbursed"]},
    )
    return xlsx_response(content, f"de-an-{datetime.date.today():%Y%m%d}.xlsx")


def _payment_form(project: Project) -> DisbursementForm | None:
    """The form of a new payment, or None when the project accepts none now.

    It offers the kinds the status accepts and the sources with approved money left, as
    `disbursement_create` will check them (no query on a project read by `for_staff_detail`).
    """
    kinds = [kind for kind in Disbursement.Kind.values if project.accepts_payment(kind)]
    sources = project.payable_sources()
    if not (kinds and sources):
        return None
    return DisbursementForm(
        sources=sources,
        kinds=kinds,
        action=reverse("staff:project_disbursement_add", kwargs={"uuid": project.uuid}),
        initial={"date": datetime.date.today()},
    )


def _detail(request, project: Project, disbursement_form: DisbursementForm | None = None):
    """The project page; with a bound `disbursement_form` that was refused, its values and errors."""
    lines = list(project.budget_lines.all())
    shares = list(project.shares.all())
    totals = line_totals(lines)
    ceiling = ceiling_error = None
    try:
        ceiling = project_ceiling(project, total_cost=totals.planned, beneficiaries=len(shares))
    except ValidationError as error:
        ceiling_error = " ".join(error.messages)
    can_write = is_staff_member(request.user)
    if can_write and disbursement_form is None:
        disbursement_form = _payment_form(project)
    # Cancelling cannot be undone: it has a form of its own that asks for the reason first.
    transitions = [
        (status, *TRANSITION_LABELS[status])
        for status in project.allowed_transitions()
        if status != ProjectStatus.CANCELLED
    ]
    return render(
        request,
        "programs/staff/project_detail.html",
        {
            "project": project,
            "shares": shares,
            "lines": lines,
            "totals": totals,
            "ceiling": ceiling,
            "ceiling_rule": ceiling_describe(ceiling) if ceiling else "",
            "ceiling_error": ceiling_error,
            "can_write": can_write,
            "transitions": transitions if can_write else [],
            "can_cancel": can_write and ProjectStatus.CANCELLED in project.allowed_transitions(),
            "disbursement_form": disbursement_form if can_write else None,
            "history": project_history(project),
        },
    )


def _project_for_page(uuid) -> Project:
    return get_object_or_404(Project.objects.for_staff_detail(), uuid=uuid)


@staff_read
def project_detail(request, uuid):
    """Everything about one project (14 queries at most, whatever the data)."""
    return _detail(request, _project_for_page(uuid))


@staff_write
@require_POST
def project_transition_view(request, uuid):
    project = get_object_or_404(Project, uuid=uuid)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn bước chuyển trạng thái hợp lệ."))
        return redirect("staff:project_detail", uuid=project.uuid)
    try:
        project = project_transition(
            project=project, to_status=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã chuyển đề án %(code)s sang “%(status)s”.")
            % {"code": project.code, "status": project.get_status_display()},
        )
    return redirect("staff:project_detail", uuid=project.uuid)


@staff_write
@form_action("staff:project_detail")
def project_disbursement_add(request, uuid):
    """Record a payment; a refusal re-renders the page with the values typed and the reason."""
    project = _project_for_page(uuid)
    # Any of the project's sources and any kind is read: `disbursement_create` says why it refuses one.
    form = DisbursementForm(
        request.POST,
        sources=[line.source for line in project.budget_lines.all()],
        action=reverse("staff:project_disbursement_add", kwargs={"uuid": project.uuid}),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            disbursement_create(
                project=project,
                source=data["source"],
                date=data["date"],
                amount=data["amount"],
                kind=data["kind"],
                voucher_number=data["voucher_number"],
                note=data["note"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi khoản chi %(amount)s.") % {"amount": format_vnd(data["amount"])})
            return redirect(reverse("staff:project_detail", kwargs={"uuid": project.uuid}) + "#disbursements")
    return _detail(request, project, disbursement_form=form)


def _project_form(request, project: Project):
    """The one screen of a project: the project, beneficiaries, budget lines and outcomes, saved together."""
    data = request.POST if request.method == "POST" else None
    bundle = ProjectFormBundle(project, data, initial_plan=request.GET.get("plan") if project.pk is None else None)
    if bundle.is_valid():
        try:
            project = project_save(**bundle.save_arguments())
        except ValidationError as error:
            bundle.refuse(error)
        else:
            if bundle.is_new:
                messages.success(request, _("Đã tạo đề án %(code)s.") % {"code": project.code})
            else:
                messages.success(request, _("Đã lưu đề án %(code)s.") % {"code": project.code})
            return redirect("staff:project_detail", uuid=project.uuid)
    if bundle.is_bound:
        ceiling = _ceiling_context(ceiling_data_from_project_form(data, {s.pk: s for s in bundle.sources}))
    elif bundle.is_new:
        ceiling = _ceiling_context(None)
    else:
        ceiling = _saved_ceiling_context(project, bundle.saved_lines.values(), bundle.beneficiary_count())
    return render(request, "programs/staff/project_form.html", {**bundle.context(), **ceiling})


def _saved_ceiling_context(project: Project, lines, beneficiaries: int) -> dict:
    """The ceiling partial's context for a saved project whose lines are loaded (the rule's queries only)."""
    cost = planned_cost(lines)
    try:
        ceiling = project_ceiling(project, total_cost=cost.total, beneficiaries=beneficiaries)
    except ValidationError as error:
        return {"ceiling_error": " ".join(error.messages)}
    return _ceiling_shown(ceiling, cost.total, cost.state)


def _ceiling_shown(ceiling, total_cost: Decimal, state_share: Decimal | None) -> dict:
    return {
        "ceiling": ceiling,
        "ceiling_rule": ceiling_describe(ceiling),
        "ceiling_cost": total_cost,
        "state_share": state_share,
        "over_ceiling": state_share is not None and state_share > ceiling.amount,
    }


@staff_write
def project_create(request):
    return _project_form(request, Project())


@staff_write
def project_edit(request, uuid):
    return _project_form(request, get_object_or_404(Project.objects.select_related("content", "plan"), uuid=uuid))


def _ceiling_context(data) -> dict:
    """The ceiling partial's context from CeilingCheckForm data; what cannot be read is left out."""
    if not data:
        return {"ceiling_wanted": True}
    form = CeilingCheckForm(data)
    form.is_valid()
    values = form.cleaned_data
    content_code, _sep, variant = (values.get("support") or "").partition(":")
    content_code = content_code or values.get("content") or ""
    variant = variant or values.get("variant") or "standard"
    content = SupportContent.objects.filter(code=content_code).first() if content_code else None
    if content is None:
        return {"ceiling_wanted": True}
    level = values.get("plan_level")
    if not level and values.get("plan"):
        level = AnnualPlan.objects.filter(pk=values["plan"]).values_list("level", flat=True).first()
    total_cost = values.get("total_cost") or ZERO
    ground = (
        PriorityGround.objects.filter(pk=values["priority_ground"]).first() if values.get("priority_ground") else None
    )
    try:
        ceiling = ceiling_for(
            content=content,
            variant=variant,
            on_date=values.get("start_date") or datetime.date.today(),
            plan_level=level or PlanLevel.LOCAL,
            total_cost=total_cost,
            ground=ground,
            beneficiaries=values.get("beneficiaries") or 0,
        )
    except ValidationError as error:
        return {"ceiling_error": " ".join(error.messages)}
    return _ceiling_shown(ceiling, total_cost, values.get("state_share"))


@staff_read
@require_GET
def project_ceiling_check(request):
    """The ceiling partial for the values typed so far (htmx), from the whole form or named values.

    Named values: content (code), variant, start_date, plan or plan_level,
    total_cost, state_share, priority_ground (its id: a free-text reason changes nothing), beneficiaries.
    """
    data = request.GET
    if "lines-TOTAL_FORMS" in data:
        sources = {source.pk: source for source in FundingSource.objects.all()}
        data = ceiling_data_from_project_form(data, sources)
    return render(request, "programs/partials/ceiling.html", _ceiling_context(data))


@staff_read
@require_GET
def project_establishment_search(request):
    """Suggestions for the beneficiary box: up to 20 active establishments by name, tax code or representative."""
    text = request.GET.get("q") or next(
        (value for key, value in request.GET.items() if key.endswith("establishment")), ""
    )
    found = []
    if len(fold(text)) >= 2:
        found = Establishment.objects.active().search(text).select_related("commune").order_by("name")[:SUGGESTIONS]
    return render(request, "programs/partials/establishment_options.html", {"establishments": found})


urlpatterns = [
    path("projects/", project_list, name="project_list"),
    path("projects/export.xlsx", project_export, name="project_export"),
    path("projects/new/", project_create, name="project_create"),
    path("projects/ceiling/", project_ceiling_check, name="project_ceiling_check"),
    path("projects/establishments/", project_establishment_search, name="project_establishment_search"),
    path("projects/<uuid:uuid>/", project_detail, name="project_detail"),
    path("projects/<uuid:uuid>/edit/", project_edit, name="project_edit"),
    path("projects/<uuid:uuid>/transition/", project_transition_view, name="project_transition"),
    path("projects/<uuid:uuid>/disbursements/new/", project_disbursement_add, name="project_disbursement_add"),
]
