"""Annual plans: list by year and level, detail with money by source and content, create, edit, steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.access import staff_read, staff_write
from beneficiaries.roles import is_staff_member
from core.history import history_entries
from core.http import form_action
from core.paging import paginate
from core.xlsx import Column, build_workbook, xlsx_response
from programs.models import AnnualPlan, Project
from programs.plan_forms import (
    TRANSITION_BUTTONS,
    PlanFilter,
    PlanForm,
    PlanTransitionForm,
    plan_budget_formset,
)
from programs.selectors import column_totals, plan_money, with_disbursement_rates, with_plan_totals
from programs.services import plan_save, plan_transition


def _get_plan(year: int, level: str) -> AnnualPlan:
    """The plan of a year and level (one query); 404 for an unknown year or level."""
    return get_object_or_404(AnnualPlan, year=year, level=level)


@staff_read
def plan_list(request):
    """Plans by year and level with their projects and state money (three queries: count, rows, roles)."""
    plans = PlanFilter(request.GET, queryset=with_plan_totals(AnnualPlan.objects.all()))
    page_obj = paginate(request, plans.qs)
    page_obj.object_list = with_disbursement_rates(page_obj.object_list)
    return render(
        request,
        "programs/staff/plan_list.html",
        {
            "filter": plans,
            "page_obj": page_obj,
            "can_edit": is_staff_member(request.user),
            "export_url": reverse("staff:plan_export"),
        },
    )


PLAN_EXPORT_COLUMNS = [
    Column(gettext_lazy("Năm"), lambda p: p.year, kind="year", width=8),
    Column(gettext_lazy("Cấp"), lambda p: p.get_level_display(), width=12),
    Column(gettext_lazy("Tên kế hoạch"), lambda p: p.title, width=48),
    Column(gettext_lazy("Trạng thái"), lambda p: p.get_status_display(), width=14),
    Column(gettext_lazy("Số quyết định"), lambda p: p.decision_number, width=18),
    Column(gettext_lazy("Ngày quyết định"), lambda p: p.decision_date, kind="date", width=14),
    Column(gettext_lazy("Số đề án"), lambda p: p.project_count, kind="int", width=10),
    Column(gettext_lazy("Dự toán được giao"), lambda p: p.assigned, kind="money", width=18),
    Column(gettext_lazy("Nhà nước dự kiến"), lambda p: p.state_planned, kind="money", width=18),
    Column(gettext_lazy("Nhà nước được duyệt"), lambda p: p.state_approved, kind="money", width=18),
    Column(gettext_lazy("Đã giải ngân"), lambda p: p.disbursed, kind="money", width=18),
    Column(gettext_lazy("Tỷ lệ giải ngân (%)"), lambda p: p.disbursement_rate, kind="percent"),
]


@staff_read
def plan_export(request):
    """The filtered plan list as .xlsx, every row, state money as numbers, a totals row (one query)."""
    plans = with_disbursement_rates(PlanFilter(request.GET, queryset=with_plan_totals(AnnualPlan.objects.all())).qs)
    money = {7: "assigned", 8: "state_planned", 9: "state_approved", 10: "disbursed"}
    sums = column_totals(plans, *money.values())
    totals = {index: sums[name] for index, name in money.items()}
    content = build_workbook(title=_("Kế hoạch"), columns=PLAN_EXPORT_COLUMNS, rows=plans, totals=totals)
    return xlsx_response(content, "ke-hoach-khuyen-cong.xlsx")


def _transition_forms(plan: AnnualPlan, bound: PlanTransitionForm | None = None) -> list[dict]:
    """One button (and for approval, its small form) per step the plan may take now."""
    steps = []
    for to_status in plan.allowed_transitions():
        label, css, icon = TRANSITION_BUTTONS[to_status]
        if bound is not None and bound.data.get("to_status") == to_status:
            form = bound
        else:
            form = PlanTransitionForm(initial={"to_status": to_status})
        steps.append({"to_status": to_status, "label": label, "css": css, "icon": icon, "form": form})
    return steps


def _render_detail(request, plan: AnnualPlan, transition_form: PlanTransitionForm | None = None):
    """The plan page (about a dozen queries whatever the number of projects)."""
    money = plan_money(plan)
    can_edit = is_staff_member(request.user)
    steps = _transition_forms(plan, transition_form) if can_edit else []
    # A refused step the plan no longer offers (another officer moved it first) is said above the steps.
    unshown = transition_form is not None and all(step["form"] is not transition_form for step in steps)
    context = {
        "plan": plan,
        "sources": money.sources,
        "state_totals": money.state_totals,
        "contents": money.contents,
        "content_totals": money.content_totals,
        "page_obj": paginate(request, Project.objects.for_staff_list().filter(plan=plan).order_by("code")),
        "history": history_entries(plan),
        "can_edit": can_edit,
        "steps": steps,
        "refusals": [message for errors in transition_form.errors.values() for message in errors] if unshown else [],
    }
    return render(request, "programs/staff/plan_detail.html", context)


@staff_read
def plan_detail(request, year: int, level: str):
    return _render_detail(request, _get_plan(year, level))


@staff_write
@form_action("staff:plan_detail")
def plan_transition_view(request, year: int, level: str):
    """Move the plan one step; a refusal re-renders the page with the message and what was typed."""
    plan = _get_plan(year, level)
    form = PlanTransitionForm(request.POST)
    if form.is_valid():
        try:
            plan = plan_transition(
                plan=plan,
                to_status=form.cleaned_data["to_status"],
                decision_number=form.cleaned_data.get("decision_number", ""),
                decision_date=form.cleaned_data.get("decision_date"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Kế hoạch đã chuyển sang “%(status)s”.") % {"status": plan.get_status_display()},
            )
            return redirect("staff:plan_detail", year=plan.year, level=plan.level)
    return _render_detail(request, plan, transition_form=form)


def _plan_form(request, plan: AnnualPlan | None):
    """Create or edit a plan and its assigned budget per source, saved together by `plan_save`."""
    data = request.POST if request.method == "POST" else None
    if plan is None:
        form = PlanForm(data, initial={"year": timezone.localdate().year, "level": AnnualPlan.Level.LOCAL})
    else:
        form = PlanForm(data, plan=plan)
    budgets = plan_budget_formset(plan, data)
    heading = str(plan) if plan else _("Kế hoạch mới")
    back_url = reverse("staff:plan_detail", args=[plan.year, plan.level]) if plan else reverse("staff:plan_list")
    if data is not None and form.is_valid() and budgets.is_valid():
        try:
            saved = plan_save(
                plan=plan,
                year=form.cleaned_data["year"],
                level=form.cleaned_data["level"],
                title=form.cleaned_data["title"],
                notes=form.cleaned_data["notes"],
                budgets=budgets.budgets(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch “%(plan)s”.") % {"plan": saved})
            return redirect("staff:plan_detail", year=saved.year, level=saved.level)
    context = {"form": form, "budgets": budgets, "plan": plan, "heading": heading, "back_url": back_url}
    return render(request, "programs/staff/plan_form.html", context)


@staff_write
def plan_create(request):
    return _plan_form(request, None)


@staff_write
def plan_edit(request, year: int, level: str):
    return _plan_form(request, _get_plan(year, level))


urlpatterns = [
    path("plans/", plan_list, name="plan_list"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/export.xlsx", plan_export, name="plan_export"),
    path("plans/<int:year>/<str:level>/", plan_detail, name="plan_detail"),
    path("plans/<int:year>/<str:level>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:year>/<str:level>/transition/", plan_transition_view, name="plan_transition"),
]
