"""The Django admin of the programme: contents and ceilings, sources, plans, projects and their money.

The admin must not become a back door around the money rules (programs/services/):
- a project's or a plan's status moves only through the transition services, as admin actions;
- once a project is funded, its beneficiaries' support and its budget lines are read-only here;
- disbursements and status changes are a ledger: shown, never edited, in the admin.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.forms.models import BaseInlineFormSet
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.templatetags.portal import vn_date, vnd
from programs.eligibility import establishment_eligibility, row_refusal
from programs.form_fields import check_period_on_form
from programs.models import (
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    OutcomeIndicator,
    PlanBudget,
    PlanStatus,
    PriorityGround,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    ProjectStatusChange,
    SupportContent,
    SupportRule,
)
from programs.services import plan_transition, project_check_ceiling, project_transition
from programs.services.commitments import plan_check_budgets


def money_column(field: str, description):
    """A list_display column showing a whole-đồng field as "1.500.000 ₫"."""

    @admin.display(description=description, ordering=field)
    def column(modeladmin, obj):
        return vnd(getattr(obj, field))

    column.__name__ = f"{field}_vnd"
    return column


class ViewOnlyMixin:
    """Rows written only by services: the admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenOnceFundedMixin:
    """An inline of a project's money, editable only until the project is approved.

    Once frozen, the amounts in `money_fields` are shown in đồng by `<field>_vnd` columns.
    """

    money_fields: tuple[str, ...] = ()

    def _frozen(self, obj) -> bool:
        # The project's own rule: money is fixed from approval on (Project.money_editable).
        return obj is not None and not obj.money_editable

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._frozen(obj):
            return [f"{field}_vnd" if field in self.money_fields else field for field in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._frozen(obj):
            readonly += [f"{field}_vnd" for field in self.money_fields]
        return readonly

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(SupportContent)
class SupportContentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "advance_cap_percent", "multi_year", "location_limited", "order", "active"]
    list_filter = ["active", "location_limited", "version"]
    search_fields = ["code", "name", "description"]


@admin.register(SupportRule)
class SupportRuleAdmin(SimpleHistoryAdmin):
    # "đã đối chiếu" early: on a laptop the last columns scroll out of sight.
    list_display = [
        "content_code",
        "variant_display",
        "rule_set",
        "confirmed_display",
        "pct_cap",
        "amount_cap_vnd",
        "unit",
        "priority_multiplier",
        "priority_multiplier_confirmed",
        "effective_from_display",
        "effective_to_display",
    ]
    list_filter = ["rule_set", "confirmed", "priority_multiplier_confirmed", "content"]
    search_fields = ["content__code", "content__name", "variant", "variant_label", "legal_basis"]
    list_select_related = ["content"]
    amount_cap_vnd = money_column("amount_cap", _("mức tối đa"))

    @admin.display(description=_("nội dung"), ordering="content__code")
    def content_code(self, obj):
        return obj.content.code

    @admin.display(description=_("biến thể"), ordering="variant")
    def variant_display(self, obj):
        return obj.variant_label or obj.variant

    @admin.display(description=_("hiệu lực từ"), ordering="effective_from")
    def effective_from_display(self, obj):
        return vn_date(obj.effective_from)

    @admin.display(description=_("hiệu lực đến"), ordering="effective_to")
    def effective_to_display(self, obj):
        return vn_date(obj.effective_to) or "—"

    @admin.display(description=_("đã đối chiếu"), boolean=True, ordering="confirmed")
    def confirmed_display(self, obj):
        return obj.confirmed


@admin.register(PriorityGround)
class PriorityGroundAdmin(SimpleHistoryAdmin):
    """The grounds staff may record on a project to raise its ceiling, each with its legal basis."""

    list_display = ["name", "legal_basis", "confirmed", "effective_from_display", "effective_to_display", "active"]
    list_filter = ["active", "confirmed"]
    search_fields = ["code", "name", "legal_basis", "note"]
    fields = ["code", "name", "legal_basis", "effective_from", "effective_to", "confirmed", "note", "order", "active"]

    @admin.display(description=_("hiệu lực từ"), ordering="effective_from")
    def effective_from_display(self, obj):
        return vn_date(obj.effective_from)

    @admin.display(description=_("hiệu lực đến"), ordering="effective_to")
    def effective_to_display(self, obj):
        return vn_date(obj.effective_to) or "—"

    def has_delete_permission(self, request, obj=None):
        # A ground recorded on a project is part of its decision: retire it (active off) instead.
        if obj is not None and (obj.projects.exists() or obj.applications.exists()):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_state_budget", "order", "active"]
    list_filter = ["kind", "is_state_budget", "active"]
    search_fields = ["code", "name"]


class PlanBudgetFormSet(BaseInlineFormSet):
    """The plan's assigned budgets as a whole: none below what its projects already have approved."""

    def clean(self):
        super().clean()
        if self.instance.pk is None or any(self.errors):
            return
        budgets = {
            form.cleaned_data["source"]: form.cleaned_data["assigned"]
            for form in self.forms
            if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
        }
        plan_check_budgets(self.instance, budgets)


class PlanBudgetInline(admin.TabularInline):
    model = PlanBudget
    formset = PlanBudgetFormSet
    extra = 0
    fields = ["source", "assigned"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


def _plan_action(to_status: str, description):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        moved = 0
        for plan in queryset:
            try:
                plan_transition(
                    plan=plan,
                    to_status=to_status,
                    decision_number=plan.decision_number,
                    decision_date=plan.decision_date,
                )
            except ValidationError as error:
                modeladmin.message_user(request, f"{plan}: {' '.join(error.messages)}", messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(
                request, gettext("Đã chuyển %(count)d kế hoạch.") % {"count": moved}, messages.SUCCESS
            )

    action.__name__ = f"plan_to_{to_status}"
    return action


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "level", "title", "status", "decision_number", "decision_date_display", "assigned_vnd"]
    list_filter = ["year", "level", "status"]
    search_fields = ["title", "decision_number"]
    readonly_fields = ["status"]
    # As in plan_save: an approved plan keeps its year, level and the decision it rests on.
    APPROVED_FIXED = ["year", "level", "decision_number", "decision_date"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == PlanStatus.APPROVED:
            readonly += self.APPROVED_FIXED
        return readonly

    inlines = [PlanBudgetInline]
    actions = [
        _plan_action(PlanStatus.SUBMITTED, _("Trình kế hoạch đã chọn")),
        _plan_action(PlanStatus.APPROVED, _("Phê duyệt kế hoạch đã chọn (theo số và ngày quyết định đã nhập)")),
        _plan_action(PlanStatus.DRAFT, _("Trả kế hoạch đã chọn về dự thảo")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assigned_total=Sum("budgets__assigned"))

    @admin.display(description=_("ngày quyết định"), ordering="decision_date")
    def decision_date_display(self, obj):
        return vn_date(obj.decision_date)

    @admin.display(description=_("dự toán được giao"), ordering="assigned_total")
    def assigned_vnd(self, obj):
        return vnd(obj.assigned_total)


@admin.register(PlanBudget)
class PlanBudgetAdmin(admin.ModelAdmin):
    list_display = ["plan", "source", "assigned_vnd"]
    list_filter = ["plan__year", "plan__level", "source"]
    search_fields = ["plan__title", "source__name"]
    list_select_related = ["plan", "source"]
    assigned_vnd = money_column("assigned", _("dự toán được giao"))


class BeneficiaryInlineFormSet(BaseInlineFormSet):
    """The admin's door to a project's beneficiaries keeps the rule of `project_save`.

    An establishment outside the beneficiaries of the project's content (NĐ 45/2012 Art. 1(2)),
    added or moved to another content, needs an exception reason.
    """

    def clean(self):
        super().clean()
        project = self.instance
        if project.content_id is None:
            return
        stored = Project.objects.filter(pk=project.pk).values_list("content_id", flat=True).first()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            establishment = data.get("establishment")
            if establishment is None or data.get("DELETE") or (data.get("eligibility_exception_reason") or "").strip():
                continue
            checked = stored != project.content_id or form.instance.pk is None or "establishment" in form.changed_data
            answer = establishment_eligibility(establishment, project.content) if checked else None
            if answer is not None and not answer:
                form.add_error(
                    "eligibility_exception_reason",
                    row_refusal(establishment, answer.reason),
                )


class ProjectBeneficiaryInline(FrozenOnceFundedMixin, admin.TabularInline):
    model = ProjectBeneficiary
    formset = BeneficiaryInlineFormSet
    extra = 0
    fields = ["establishment", "eligible_cost", "support_amount", "eligibility_exception_reason"]
    autocomplete_fields = ["establishment"]
    money_fields = ("eligible_cost", "support_amount")
    eligible_cost_vnd = money_column("eligible_cost", _("chi phí được hỗ trợ"))
    support_amount_vnd = money_column("support_amount", _("kinh phí hỗ trợ"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "establishment")


class BudgetLineInline(FrozenOnceFundedMixin, admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["source", "planned", "approved"]
    money_fields = ("planned", "approved")
    planned_vnd = money_column("planned", _("dự kiến"))
    approved_vnd = money_column("approved", _("được duyệt"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "source")


class ProjectOutcomeInline(admin.TabularInline):
    model = ProjectOutcome
    extra = 0
    fields = ["indicator", "planned", "achieved"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "indicator")


class DisbursementInline(ViewOnlyMixin, admin.TabularInline):
    model = Disbursement
    extra = 0
    fields = ["date", "kind", "source", "amount_display", "voucher_number", "created_by"]
    readonly_fields = fields

    @admin.display(description=_("số tiền"))
    def amount_display(self, obj):
        return vnd(obj.amount)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "source", "created_by")


class ProjectStatusChangeInline(ViewOnlyMixin, admin.TabularInline):
    model = ProjectStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "changed_by")


def _project_action(to_status: ProjectStatus):
    @admin.action(description=format_lazy(_("Chuyển đề án đã chọn sang: {status}"), status=to_status.label))
    def action(modeladmin, request, queryset):
        moved = 0
        for project in queryset:
            try:
                project_transition(project=project, to_status=to_status, by=request.user)
            except ValidationError as error:
                modeladmin.message_user(request, f"{project.code}: {' '.join(error.messages)}", messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, gettext("Đã chuyển %(count)d đề án.") % {"count": moved}, messages.SUCCESS)

    action.__name__ = f"project_to_{to_status.value}"
    return action


class ProjectAdminForm(forms.ModelForm):
    """The admin's project: its dates within the plan's year, as on the staff form and in `project_save`."""

    def clean(self):
        cleaned = super().clean()
        fields = ("plan", "content", "start_date", "end_date")
        # Plan and content are read-only once approved: the saved ones still bound the dates.
        saved = {name: getattr(self.instance, name) for name in ("plan", "content") if name not in self.fields}
        values = {**cleaned, **saved}
        check_period_on_form(self, values, content=values.get("content"), fields=fields)
        return cleaned


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "code",
        "title",
        "content_code",
        "plan_year",
        "status",
        "approved_vnd",
        "start_date_display",
        "end_date_display",
    ]
    list_filter = ["status", "plan", "content"]
    search_fields = ["code", "title", "implementing_unit"]
    list_select_related = ["content", "plan"]
    autocomplete_fields = ["communes"]
    readonly_fields = ["status"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.money_editable:
            # As on the staff form and in project_save: the approval decision fixed them.
            readonly += [name for name in Project.CEILING_INPUTS if name not in readonly]
        return readonly

    fieldsets = [
        (None, {"fields": ["code", "title", "content", "variant", "plan", "status"]}),
        (_("Thực hiện"), {"fields": ["implementing_unit", "communes", "start_date", "end_date"]}),
        (_("Mục tiêu"), {"fields": ["objectives", "expected_results"]}),
        (_("Ưu tiên"), {"fields": ["priority_ground", "priority_reason"]}),
    ]
    inlines = [
        ProjectBeneficiaryInline,
        BudgetLineInline,
        ProjectOutcomeInline,
        DisbursementInline,
        ProjectStatusChangeInline,
    ]
    # Cancelling needs its reason, typed on the project's page ("Hủy đề án…"), so it is no bulk action.
    actions = [_project_action(status) for status in ProjectStatus if status != ProjectStatus.CANCELLED]

    def get_inlines(self, request, obj):
        if obj is None:
            # A new project has no payments or status history to show.
            return [inline for inline in self.inlines if not issubclass(inline, ViewOnlyMixin)]
        return self.inlines

    def get_queryset(self, request):
        # State money only: it is what the ceiling and the disbursement rate are about.
        state_approved = Sum("budget_lines__approved", filter=Q(budget_lines__source__is_state_budget=True))
        return super().get_queryset(request).annotate(approved_total=state_approved)

    @admin.display(description=_("nội dung"), ordering="content__code")
    def content_code(self, obj):
        return obj.content.code

    @admin.display(description=_("năm kế hoạch"), ordering="plan__year")
    def plan_year(self, obj):
        return f"{obj.plan.year} ({obj.plan.get_level_display()})"

    @admin.display(description=_("bắt đầu"), ordering="start_date")
    def start_date_display(self, obj):
        return vn_date(obj.start_date)

    @admin.display(description=_("kết thúc"), ordering="end_date")
    def end_date_display(self, obj):
        return vn_date(obj.end_date)

    @admin.display(description=_("kinh phí nhà nước được duyệt"), ordering="approved_total")
    def approved_vnd(self, obj):
        return vnd(obj.approved_total)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        project = form.instance
        if not project.money_editable or not project.budget_lines.exists():
            return
        # Money over the ceiling may sit in a proposal being worked on; approval
        # (project_transition) refuses it, so warn now rather than block the save.
        try:
            project_check_ceiling(project)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)


@admin.register(ProjectBeneficiary)
class ProjectBeneficiaryAdmin(ViewOnlyMixin, SimpleHistoryAdmin):
    list_display = ["project", "establishment", "eligible_cost_vnd", "support_amount_vnd"]
    list_filter = ["project__plan", "project__content"]
    search_fields = ["project__code", "establishment__name", "establishment__tax_code"]
    list_select_related = ["project", "establishment"]
    eligible_cost_vnd = money_column("eligible_cost", _("chi phí được hỗ trợ"))
    support_amount_vnd = money_column("support_amount", _("kinh phí hỗ trợ"))


@admin.register(BudgetLine)
class BudgetLineAdmin(ViewOnlyMixin, SimpleHistoryAdmin):
    list_display = ["project", "source", "planned_vnd", "approved_vnd"]
    list_filter = ["source", "project__plan", "project__status"]
    search_fields = ["project__code", "project__title"]
    list_select_related = ["project", "source"]
    planned_vnd = money_column("planned", _("dự kiến"))
    approved_vnd = money_column("approved", _("được duyệt"))


@admin.register(Disbursement)
class DisbursementAdmin(ViewOnlyMixin, SimpleHistoryAdmin):
    list_display = ["project", "source", "date_display", "kind", "amount_vnd", "voucher_number", "created_by"]
    list_filter = ["kind", "source", "project__plan"]
    search_fields = ["project__code", "project__title", "voucher_number"]
    list_select_related = ["project", "source", "created_by"]
    date_hierarchy = "date"
    amount_vnd = money_column("amount", _("số tiền"))

    @admin.display(description=_("ngày chi"), ordering="date")
    def date_display(self, obj):
        return vn_date(obj.date)


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "order", "active"]
    list_filter = ["active", "contents"]
    search_fields = ["code", "name"]
    filter_horizontal = ["contents"]


@admin.register(ProjectOutcome)
class ProjectOutcomeAdmin(admin.ModelAdmin):
    list_display = ["project", "indicator", "planned", "achieved"]
    list_filter = ["indicator", "project__plan"]
    search_fields = ["project__code", "project__title", "indicator__name"]
    list_select_related = ["project", "indicator"]
    autocomplete_fields = ["project"]


@admin.register(ProjectStatusChange)
class ProjectStatusChangeAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["project", "from_status", "to_status", "changed_by", "changed_at", "note"]
    list_filter = ["to_status"]
    search_fields = ["project__code", "note"]
    list_select_related = ["project", "changed_by"]
