"""Forms of the staff project pages: the project with its beneficiaries, budget lines and outcomes,
disbursements, status changes and the ceiling check.

Forms validate and normalise what staff type (đồng with or without dots, dates as dd/mm/yyyy, an
establishment by tax code or name); the money rules live in `programs.services`.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import AdministrativeUnit, UnitKind
from core.money import format_decimal
from core.money_fields import MoneyField, MoneyInput, group_thousands, parse_money  # noqa: F401
from programs.eligibility import IneligibleBeneficiaryRefused
from programs.eligibility_forms import ExceptionReasonRow, refuse_ineligible
from programs.form_fields import (  # noqa: F401 (the other apps' forms import these from here)
    DATE_HINT,
    DateInput,
    EstablishmentField,
    EstablishmentInput,
    GroundChoiceField,
    check_period_on_form,
    establishment_label,
    ground_queryset,
)
from programs.models import (
    ZERO,
    AnnualPlan,
    FundingSource,
    OutcomeIndicator,
    PlanLevel,
    PriorityGround,
    Project,
    SupportContent,
    SupportRule,
)
from programs.repeat_support import repeat_legal_basis, repeat_window_years
from programs.selectors import next_project_code
from programs.services import RepeatSupportRefused, ShareInput


def support_choices(current: tuple[str, str] | None = None):
    """The content and ceiling variant choices, grouped by content (one query).

    Returns (choices, lookup) where lookup maps a value "KC03b:production_line" to
    (content, variant). `current` keeps a saved pair selectable even without a rule.
    """
    rules = (
        SupportRule.objects.filter(content__active=True)
        .select_related("content")
        .order_by("content__order", "content__code", "variant", "-effective_from")
    )
    groups: dict = {}
    lookup = {}
    for rule in rules:
        value = f"{rule.content.code}:{rule.variant}"
        if value in lookup:
            continue
        lookup[value] = (rule.content, rule.variant)
        label = rule.variant_label or rule.variant
        groups.setdefault(rule.content, []).append((value, f"{rule.content.code} · {label}"))
    choices = [("", _("— Chọn nội dung và mức hỗ trợ —"))]
    choices += [(f"{content.code} – {content.name}", options) for content, options in groups.items()]
    if current and f"{current[0].code}:{current[1]}" not in lookup:
        value = f"{current[0].code}:{current[1]}"
        lookup[value] = current
        choices.append((value, f"{current[0].code} · {current[1]}"))
    return choices, lookup


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} – {obj.get_level_display()} ({obj.get_status_display()})"


class ProjectForm(forms.ModelForm):
    """The project itself. Content and variant are one choice; the status only moves by transitions."""

    support = forms.ChoiceField(
        label=_("Nội dung và mức hỗ trợ"),
        help_text=_("Nội dung khuyến công và biến thể mức hỗ trợ tối đa áp dụng."),
    )
    plan = PlanChoiceField(
        label=_("Kế hoạch"), queryset=AnnualPlan.objects.order_by("-year", "level"), empty_label=_("— Chọn kế hoạch —")
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Địa bàn"),
        required=False,
        queryset=AdministrativeUnit.objects.filter(
            kind__in=[UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE], active=True
        ).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Có thể chọn nhiều. Để trống: lấy theo xã, phường của các cơ sở thụ hưởng."),
    )
    priority_ground = GroundChoiceField(
        label=_("Diện ưu tiên (theo kết quả thẩm định)"),
        queryset=PriorityGround.objects.none(),
        required=False,
        empty_label=_("— Không —"),
        help_text=_(
            "Chỉ khi ghi nhận diện ưu tiên, mức tối đa mới được nhân một lần với hệ số ưu tiên của mức hỗ trợ. "
            "Cơ sở do phụ nữ hay người dân tộc thiểu số làm chủ không tự được nâng mức."
        ),
    )
    repeat_reason = forms.CharField(
        label=_("Lý do hỗ trợ lại"),
        required=False,
        max_length=255,
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "plan",
            "implementing_unit",
            "communes",
            "start_date",
            "end_date",
            "objectives",
            "expected_results",
            "priority_ground",
            "priority_reason",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        current = (project.content, project.variant) if project.content_id else None
        self.fields["support"].choices, self._support_lookup = support_choices(current)
        self.fields["repeat_reason"].help_text = _(
            "Bắt buộc khi cơ sở đã được hỗ trợ cùng nội dung trong vòng %(years)d năm, trước hoặc sau đề án này; "
            "ghi vào lịch sử đề án."
        ) % {"years": repeat_window_years()}
        if current:
            self.fields["support"].initial = f"{project.content.code}:{project.variant}"
        for name in ("start_date", "end_date"):
            self.fields[name].help_text = DATE_HINT
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Để trống để đánh số tự động theo kế hoạch, ví dụ KCĐP-2026-008.")
        self.fields["priority_ground"].queryset = ground_queryset(project.priority_ground_id)
        if project.pk and not project.money_editable:
            # The approval decision fixed what the ceiling depends on.
            for name in ("support", "plan", "priority_ground", "priority_reason"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Đã cố định theo quyết định phê duyệt.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("code", css_class="col-12 col-md-4"), Column("title", css_class="col-12 col-md-8")),
            Row(
                Column(Field("support", css_class="js-ceiling"), css_class="col-12 col-md-8"),
                Column(Field("plan", css_class="js-ceiling"), css_class="col-12 col-md-4"),
            ),
            "implementing_unit",
            Row(
                Column(Field("start_date", css_class="js-ceiling"), css_class="col-6"),
                Column("end_date", css_class="col-6"),
            ),
            "communes",
            "objectives",
            "expected_results",
            Row(
                Column(Field("priority_ground", css_class="js-ceiling"), css_class="col-12 col-md-6"),
                Column("priority_reason", css_class="col-12 col-md-6"),
            ),
        )

    def clean_code(self):
        # Left blank, the service numbers it (programs.selectors.next_project_code).
        return (self.cleaned_data["code"] or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        support = cleaned.get("support")
        if support:
            if support not in self._support_lookup:
                self.add_error("support", _("Hãy chọn nội dung và mức hỗ trợ trong danh sách."))
            else:
                self.instance.content, self.instance.variant = self._support_lookup[support]
        self._check_period(cleaned)
        return cleaned

    def _check_period(self, cleaned: dict) -> None:
        content = self.instance.content if self.instance.content_id else None
        check_period_on_form(self, cleaned, content=content, fields=("support", "plan", "start_date", "end_date"))

    def validate_unique(self):
        # A free code and the date order are checked by services.project_save, with
        # messages naming the values; the model's own constraint messages would repeat them.
        pass


class CrispyRowForm(forms.Form):
    """A formset row laid out by its helper; no <form> tag, one CSRF token for the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.layout())

    # A row of a deletable formset: what it is about, then two amounts.
    row: tuple[str, str, str] = ("", "", "")

    def layout(self) -> tuple:
        key, first, second = self.row
        return (
            Row(
                Column(key, css_class="col-12 col-lg-6"),
                Column(first, css_class="col-6 col-lg-3"),
                Column(second, css_class="col-6 col-lg-3"),
            ),
            "DELETE",
        )


class BeneficiaryForm(ExceptionReasonRow, CrispyRowForm):
    establishment = EstablishmentField(label=_("Cơ sở thụ hưởng"))
    eligible_cost = MoneyField(label=_("Chi phí được hỗ trợ (đồng)"), required=False)
    support_amount = MoneyField(label=_("Kinh phí hỗ trợ (đồng)"), required=False)
    row = ("establishment", "eligible_cost", "support_amount")

    def clean(self):
        cleaned = super().clean()
        cost, support = cleaned.get("eligible_cost") or 0, cleaned.get("support_amount") or 0
        if support > cost:
            self.add_error("support_amount", _("Kinh phí hỗ trợ không được lớn hơn chi phí được hỗ trợ."))
        return cleaned


class BudgetLineForm(CrispyRowForm):
    """One source's money; the approved amount is typed only once the project is appraised."""

    source = forms.IntegerField(widget=forms.HiddenInput)
    planned = MoneyField(label=_("Dự kiến (đồng)"), required=False)
    approved = MoneyField(label=_("Được duyệt (đồng)"), required=False)

    def __init__(self, *args, sources: dict, approved_editable: bool, **kwargs):
        self.sources = sources
        super().__init__(*args, **kwargs)
        self.fields["planned"].widget.attrs["class"] += " js-ceiling"
        source = self.source_obj
        if source is not None:
            # Six rows share the same visible labels: name the source for screen readers.
            names = {"source": source.name}
            self.fields["planned"].widget.attrs["aria-label"] = _("%(source)s: dự kiến (đồng)") % names
            self.fields["approved"].widget.attrs["aria-label"] = _("%(source)s: được duyệt (đồng)") % names
        if not approved_editable:
            self.fields["approved"].disabled = True
            self.fields["approved"].help_text = _("Nhập sau khi đề án được thẩm định.")

    @property
    def source_obj(self) -> FundingSource | None:
        value = self["source"].value()
        try:
            return self.sources.get(int(value))
        except (TypeError, ValueError):
            return None

    def layout(self):
        source = self.source_obj
        label = format_html(
            '<div class="fw-semibold pt-md-4 mb-1">{}{}</div>',
            source.name if source else "",
            format_html(' <span class="badge text-bg-light border">{}</span>', _("ngoài ngân sách"))
            if source and not source.is_state_budget
            else "",
        )
        # crispy renders HTML() as a template: keep a source's name from being read as template syntax.
        label = label.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")
        return (
            Row(
                Column(HTML(label), css_class="col-12 col-md-4"),
                Column("planned", css_class="col-6 col-md-4"),
                Column("approved", css_class="col-6 col-md-4"),
                "source",
            ),
        )

    def clean_source(self):
        value = self.cleaned_data["source"]
        if value not in self.sources:
            raise ValidationError(_("Nguồn kinh phí không hợp lệ."))
        return self.sources[value]


class OutcomeForm(CrispyRowForm):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    planned = forms.DecimalField(label=_("Kế hoạch"), min_value=0, max_digits=18, decimal_places=2, localize=True)
    achieved = forms.DecimalField(
        label=_("Thực hiện"), min_value=0, max_digits=18, decimal_places=2, required=False, localize=True
    )
    row = ("indicator", "planned", "achieved")

    def __init__(self, *args, indicators: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(indicator.pk): indicator for indicator in indicators}
        self.fields["indicator"].choices = [("", "—")] + [(str(i.pk), str(i)) for i in indicators]

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]


class RowsFormSet(forms.BaseFormSet):
    """A formset that refuses the same key twice and hands back the rows kept (not deleted, not blank)."""

    key = ""
    duplicate_message = ""

    def kept_rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get(self.key)
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for row in self.kept_rows():
            if row[self.key] in seen:
                raise ValidationError(self.duplicate_message % {"name": row[self.key]})
            seen.add(row[self.key])


class BeneficiaryFormSet(RowsFormSet):
    key = "establishment"
    duplicate_message = _("Cơ sở %(name)s được nhập hai lần.")


class OutcomeFormSet(RowsFormSet):
    key = "indicator"
    duplicate_message = _("Chỉ tiêu %(name)s được nhập hai lần.")


BeneficiaryFormSetFactory = forms.formset_factory(
    BeneficiaryForm, formset=BeneficiaryFormSet, extra=1, can_delete=True, max_num=200
)
BudgetLineFormSetFactory = forms.formset_factory(BudgetLineForm, extra=0, max_num=50)
OutcomeFormSetFactory = forms.formset_factory(OutcomeForm, formset=OutcomeFormSet, extra=1, can_delete=True, max_num=50)


def _typed(value: Decimal | None) -> str | None:
    """3.00 -> "3", 15.50 -> "15,5": a saved count or percentage as staff would type it."""
    return None if value is None else format_decimal(value)


class ProjectFormBundle:
    """The one screen of a project: the project form and its beneficiary, budget-line and outcome formsets.

    Built from the saved project and, once posted, from what was typed; validated together; its
    `save_arguments()` are `project_save`'s. Beneficiaries and budget lines are on the screen only
    while the money may change (`Project.money_editable`). Queries: the sources and the
    indicators offered, and for a saved project its lines, shares and outcomes.
    """

    def __init__(self, project: Project, data=None, *, initial_plan: str | None = None):
        self.project, self.data = project, data
        self.is_new = project.pk is None
        self.money_editable = self.is_new or project.money_editable
        saved = not self.is_new
        self.saved_lines = (
            {line.source_id: line for line in project.budget_lines.select_related("source")} if saved else {}
        )
        self.sources = [
            s for s in FundingSource.objects.order_by("order", "code") if s.active or s.pk in self.saved_lines
        ]
        self.form = ProjectForm(data, instance=project, initial=self._initial(initial_plan))
        self.shares = self.lines = None
        if self.money_editable:
            self.saved_shares = list(project.shares.select_related("establishment")) if saved else []
            self.shares = self._shares_formset()
            self.lines = self._lines_formset()
        outcomes = list(project.outcomes.select_related("indicator")) if saved else []
        self.outcomes = self._outcomes_formset(outcomes)
        self.repeats: list = []

    @staticmethod
    def _initial(plan_pk: str | None) -> dict | None:
        """A new project opened from a plan's page: that plan, and the plan's next code (editable)."""
        plan = AnnualPlan.objects.filter(pk=plan_pk).first() if plan_pk and plan_pk.isdigit() else None
        return {"plan": plan.pk, "code": next_project_code(plan)} if plan else None

    def _shares_formset(self):
        fields = ("establishment", "eligible_cost", "support_amount", "eligibility_exception_reason")
        initial = [{name: getattr(share, name) for name in fields} for share in self.saved_shares]
        return BeneficiaryFormSetFactory(self.data, prefix="shares", initial=initial)

    def _lines_formset(self):
        initial = []
        for source in self.sources:
            line = self.saved_lines.get(source.pk)
            amounts = (
                {"planned": None, "approved": None}
                if line is None
                else {"planned": line.planned, "approved": line.approved}
            )
            initial.append({"source": source.pk, **amounts})
        kwargs = {"sources": {s.pk: s for s in self.sources}, "approved_editable": self.project.approved_editable}
        return BudgetLineFormSetFactory(self.data, prefix="lines", initial=initial, form_kwargs=kwargs)

    def _outcomes_formset(self, outcomes: list):
        initial = [
            {"indicator": str(o.indicator_id), "planned": _typed(o.planned), "achieved": _typed(o.achieved)}
            for o in outcomes
        ]
        indicators = self._indicators({o.indicator_id for o in outcomes})
        return OutcomeFormSetFactory(
            self.data, prefix="outcomes", initial=initial, form_kwargs={"indicators": indicators}
        )

    def _indicators(self, used: set[int]) -> list[OutcomeIndicator]:
        """The active indicators of the content chosen (posted, else saved), and any already used."""
        code = (self.data.get("support") or "").split(":")[0] if self.data else ""
        if code:
            content = SupportContent.objects.filter(code=code).first()
        else:
            content = self.project.content if self.project.content_id else None
        indicators = OutcomeIndicator.objects.filter(active=True)
        if content is not None:
            indicators = indicators.filter(contents=content)
        indicators = list(indicators.distinct())
        missing = used - {indicator.pk for indicator in indicators}
        if missing:
            indicators += list(OutcomeIndicator.objects.filter(pk__in=missing))
        return indicators

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def is_valid(self) -> bool:
        formsets = [fs for fs in (self.shares, self.lines, self.outcomes) if fs is not None]
        return self.is_bound and self.form.is_valid() and all(fs.is_valid() for fs in formsets)

    def save_arguments(self) -> dict:
        """`project_save`'s keyword arguments, from the cleaned data (after `is_valid`)."""
        cleaned = self.form.cleaned_data
        beneficiaries = lines = None
        if self.shares is not None:
            beneficiaries = [
                ShareInput(
                    row["establishment"],
                    row["eligible_cost"] or ZERO,
                    row["support_amount"] or ZERO,
                    row.get("eligibility_exception_reason") or "",
                )
                for row in self.shares.kept_rows()
            ]
        if self.lines is not None:
            lines = {
                row["source"]: (row["planned"] or ZERO, row["approved"] or ZERO)
                for row in self.lines.cleaned_data
                if row.get("planned") or row.get("approved")
            }
        return {
            "project": self.form.instance,
            "communes": cleaned["communes"],
            "beneficiaries": beneficiaries,
            "lines": lines,
            "outcomes": {row["indicator"]: (row["planned"], row["achieved"]) for row in self.outcomes.kept_rows()},
            "repeat_reason": cleaned["repeat_reason"],
        }

    def refuse(self, error: ValidationError) -> None:
        """Show why `project_save` refused: a repeat of support asks for a reason, other errors go to their field."""
        if isinstance(error, RepeatSupportRefused):
            self.repeats = error.repeats
            self.form.add_error("repeat_reason", _("Hãy nêu lý do hỗ trợ lại trước khi lưu."))
        elif isinstance(error, IneligibleBeneficiaryRefused) and self.shares is not None:
            refuse_ineligible(self.form, self.shares, error)
        elif hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.form.add_error(field if field in self.form.fields else None, errors)
        else:
            self.form.add_error(None, error)

    def beneficiary_count(self) -> int:
        """How many beneficiaries the saved project has (a query only once its money is fixed)."""
        return len(self.saved_shares) if self.shares is not None else self.project.shares.count()

    def context(self) -> dict:
        """What the project form template shows, the ceiling aside."""
        return {
            "project": self.project,
            "is_new": self.is_new,
            "form": self.form,
            "shares_formset": self.shares,
            "lines_formset": self.lines,
            "outcomes_formset": self.outcomes,
            "saved_shares": [] if self.money_editable else self.project.shares.select_related("establishment"),
            "saved_lines": [] if self.money_editable else self.saved_lines.values(),
            "repeats": self.repeats,
            "repeat_years": repeat_window_years(),
            "repeat_basis": repeat_legal_basis(),
            "show_repeat_reason": bool(self.repeats) or bool(self.form["repeat_reason"].value()),
        }


class CeilingCheckForm(forms.Form):
    """What the ceiling of a project being typed depends on; every field optional, bad values ignored."""

    support = forms.CharField(required=False)
    content = forms.CharField(required=False)
    variant = forms.SlugField(required=False)
    start_date = forms.DateField(required=False)
    plan = forms.IntegerField(required=False)
    plan_level = forms.ChoiceField(choices=PlanLevel.choices, required=False)
    total_cost = MoneyField(required=False)
    state_share = MoneyField(required=False)
    priority_ground = forms.IntegerField(required=False, min_value=1)
    beneficiaries = forms.IntegerField(required=False, min_value=0, max_value=10_000)


def ceiling_data_from_project_form(data, sources: dict[int, FundingSource]) -> dict:
    """Turn the whole project form (as posted, or sent by htmx) into CeilingCheckForm data.

    Total cost is the sum of the planned lines, the state share the planned lines of
    state sources, beneficiaries the filled rows not marked for deletion. Amounts that
    do not parse count as nothing: the save gives the real message.
    """
    total = state = Decimal("0")
    for index in range(_count(data, "lines")):
        try:
            planned = parse_money(data.get(f"lines-{index}-planned")) or Decimal("0")
        except ValidationError:
            continue
        source = sources.get(_int(data.get(f"lines-{index}-source")))
        total += planned
        if source is not None and source.is_state_budget:
            state += planned
    beneficiaries = sum(
        1
        for index in range(_count(data, "shares"))
        if (data.get(f"shares-{index}-establishment") or "").strip() and not data.get(f"shares-{index}-DELETE")
    )
    return {
        "support": data.get("support", ""),
        "start_date": data.get("start_date", ""),
        "plan": data.get("plan", ""),
        "priority_ground": data.get("priority_ground", ""),
        "total_cost": str(total),
        "state_share": str(state),
        "beneficiaries": str(beneficiaries),
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _count(data, prefix: str) -> int:
    return min(_int(data.get(f"{prefix}-TOTAL_FORMS")) or 0, 200)
