"""Forms of the annual plan pages: the plan, its assigned budget per source, its filter and its steps."""

from decimal import Decimal

import django_filters
from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.money import format_vnd
from core.validators import SaneDateValidator
from programs.forms import DateInput, MoneyField
from programs.models import AnnualPlan, FundingSource, PlanLevel, PlanStatus


def _model_field(name: str, **kwargs) -> forms.Field:
    return AnnualPlan._meta.get_field(name).formfield(**kwargs)


class PlanForm(forms.Form):
    """Year, level, title and notes; the decision fields are set only by the approval step.

    A plain form rather than a ModelForm: `plan_save` checks one plan per year and level and
    says so in words staff understand, where a ModelForm would answer first with Django's own.
    """

    year = _model_field("year")
    level = _model_field("level")
    title = _model_field("title")
    notes = _model_field("notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan: AnnualPlan | None = None, **kwargs):
        if plan is not None:
            kwargs.setdefault("initial", {name: getattr(plan, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        self.fields["title"].widget.attrs["placeholder"] = _("Ví dụ: Kế hoạch khuyến công địa phương năm 2026")
        if plan is not None and plan.status == PlanStatus.APPROVED:
            # The approval decision names the year and the level: they stay as approved.
            for name in ("year", "level"):
                self.fields[name].disabled = True
            self.fields["level"].help_text = _(
                "Kế hoạch đã phê duyệt theo quyết định số %(number)s: năm và cấp giữ nguyên."
            ) % {"number": plan.decision_number}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("year", css_class="col-sm-4"), Column("level", css_class="col-sm-8")),
            "title",
            "notes",
        )


class PlanBudgetForm(forms.Form):
    """The budget assigned to the plan from one source; left empty when the source gives nothing."""

    source = forms.ModelChoiceField(queryset=FundingSource.objects.all(), widget=forms.HiddenInput)
    assigned = MoneyField(label=_("Dự toán được giao (đồng)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source, assigned = self.initial.get("source"), self.initial.get("assigned")
        if source is not None:
            self.fields["assigned"].label = source.name
        if assigned:
            self.fields["assigned"].help_text = _("Đang giao: %(amount)s") % {"amount": format_vnd(assigned)}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("source", AppendedText("assigned", "₫", autocomplete="off"))


class BasePlanBudgetFormSet(forms.BaseFormSet):
    """One row per funding source offered (see `plan_budget_formset`)."""

    def clean(self):
        if any(self.errors):
            return
        offered = {row["source"].pk for row in self.initial or ()}
        seen = set()
        for form in self.forms:
            source = form.cleaned_data.get("source")
            if source is None:
                continue
            if source.pk not in offered or source.pk in seen:
                raise ValidationError(_("Danh sách nguồn kinh phí đã thay đổi: hãy tải lại trang và nhập lại."))
            seen.add(source.pk)

    def budgets(self) -> dict[FundingSource, Decimal]:
        """The assigned amount per source; an empty or zero amount means no budget from that source."""
        return {
            form.cleaned_data["source"]: form.cleaned_data["assigned"]
            for form in self.forms
            if form.cleaned_data.get("source") and form.cleaned_data.get("assigned")
        }


PlanBudgetFormSet = forms.formset_factory(
    PlanBudgetForm, formset=BasePlanBudgetFormSet, extra=0, max_num=30, validate_max=True
)


def plan_budget_formset(plan: AnnualPlan | None, data=None) -> BasePlanBudgetFormSet:
    """The budget rows of a plan: every state source in use, plus any source the plan already has money from.

    Assigned budget (dự toán) is state money, so counterpart sources are not offered (two queries).
    """
    assigned = {}
    if plan is not None and plan.pk:
        assigned = {budget.source: budget.assigned for budget in plan.budgets.select_related("source")}
    sources = FundingSource.objects.filter(
        Q(active=True, is_state_budget=True) | Q(pk__in=[source.pk for source in assigned])
    )
    initial = [{"source": source, "assigned": assigned.get(source)} for source in sources]
    return PlanBudgetFormSet(data, initial=initial, prefix="budget")


class PlanFilter(django_filters.FilterSet):
    """The plan list's filters (year, level, status) and its sortable columns."""

    year = django_filters.NumberFilter(label=_("Năm"))
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=PlanLevel.choices, empty_label=_("Tất cả các cấp"))
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=PlanStatus.choices, empty_label=_("Tất cả trạng thái")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sắp xếp"),
        empty_label=_("Năm mới nhất trước"),
        fields=["year", "project_count", "assigned", "state_approved", "disbursed"],
        field_labels={
            "year": _("Năm (tăng dần)"),
            "-year": _("Năm (giảm dần)"),
            "project_count": _("Số đề án (tăng dần)"),
            "-project_count": _("Số đề án (giảm dần)"),
            "assigned": _("Dự toán được giao (tăng dần)"),
            "-assigned": _("Dự toán được giao (giảm dần)"),
            "state_approved": _("Kinh phí được duyệt (tăng dần)"),
            "-state_approved": _("Kinh phí được duyệt (giảm dần)"),
            "disbursed": _("Đã giải ngân (tăng dần)"),
            "-disbursed": _("Đã giải ngân (giảm dần)"),
        },
    )

    class Meta:
        model = AnnualPlan
        fields = ["year", "level", "status"]


# The button of each step, by the status it leads to: label, Bootstrap button class, icon.
TRANSITION_BUTTONS = {
    PlanStatus.SUBMITTED: (_("Trình phê duyệt"), "btn-primary", "bi-send"),
    PlanStatus.APPROVED: (_("Phê duyệt kế hoạch"), "btn-success", "bi-check2-circle"),
    PlanStatus.DRAFT: (_("Trả về dự thảo"), "btn-outline-secondary", "bi-arrow-counterclockwise"),
}


class PlanTransitionForm(forms.Form):
    """One step of a plan; approval also takes the number and date of its decision (dd/mm/yyyy)."""

    to_status = forms.ChoiceField(choices=PlanStatus.choices, widget=forms.HiddenInput)
    decision_number = forms.CharField(
        label=_("Số quyết định phê duyệt"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 412/QĐ-UBND")}),
    )
    # Not after today here; within the plan's years in `plan_transition`.
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        validators=[SaneDateValidator()],
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 10/03/2026.")},
        widget=DateInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.data.get("to_status") if self.is_bound else self.initial.get("to_status")
        self.asks_decision = target == PlanStatus.APPROVED
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if self.asks_decision:
            self.helper.layout = Layout(
                "to_status",
                Row(Column("decision_number", css_class="col-sm-6"), Column("decision_date", css_class="col-sm-6")),
            )
        else:
            # Only approval names a decision: the other steps are a single button.
            del self.fields["decision_number"], self.fields["decision_date"]
            self.helper.layout = Layout("to_status")
