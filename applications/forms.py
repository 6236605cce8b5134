"""Forms of the establishment's portal (/apply/): the application, files, messages, profile, results.

Every field of the application may be empty while it is a draft; only what cannot be
kept at all (letters in an amount, an impossible date) blocks saving.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationAttachment
from applications.services import PLANNED_YEARS_AHEAD
from beneficiaries.models import Establishment
from core.validators import EMPLOYEES, EMPLOYEES_MAX, IntegerRangeValidator, SaneDateValidator, YearValidator
from programs.forms import DATE_HINT, DateInput, MoneyField
from programs.models import SupportContent, SupportRule

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_ERROR = _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/03/2026.")


def _employees_field(**kwargs):
    """Workers of the establishment: 0 to EMPLOYEES_MAX, with one message naming the range."""
    return forms.IntegerField(
        label=EMPLOYEES, validators=[IntegerRangeValidator(maximum=EMPLOYEES_MAX, label=EMPLOYEES)], **kwargs
    )


def variant_choices(content: SupportContent | None) -> list[tuple[str, str]]:
    """The variants the content's rules offer ("standard" first), as (slug, label)."""
    if content is None:
        return [("standard", _("Mức chung"))]
    seen: dict[str, str] = {}
    rows = SupportRule.objects.filter(content=content).order_by("variant", "-effective_from")
    for variant, label in rows.values_list("variant", "variant_label"):
        seen.setdefault(variant, label or variant)
    if not seen:
        seen = {"standard": _("Mức chung")}
    return sorted(seen.items(), key=lambda item: (item[0] != "standard", item[1]))


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=DATE_HINT,
        error_messages={"invalid": DATE_ERROR},
        validators=[SaneDateValidator(future_years=PLANNED_YEARS_AHEAD)],
    )


class ApplicationFieldsForm(forms.ModelForm):
    """The application's fields and their checks, shared by the portal form and filing on behalf.

    Every field is optional here; a subclass makes required what it needs. The form only
    validates and normalises: the services save, and the model's own checks run there.
    """

    # Messages shared by both forms, so the establishment and staff read the same words.
    SUPPORT_ABOVE_COST = _("Kinh phí đề nghị hỗ trợ không được lớn hơn tổng chi phí.")
    END_BEFORE_START = _("Ngày hoàn thành phải bằng hoặc sau ngày bắt đầu.")

    content = forms.ModelChoiceField(
        label=_("Nội dung đề nghị hỗ trợ"),
        queryset=SupportContent.objects.filter(active=True),
        required=False,
        empty_label=_("— Chọn nội dung —"),
    )
    eligible_cost = MoneyField(label=_("Tổng chi phí (đồng)"), required=False)
    support_requested = MoneyField(label=_("Kinh phí đề nghị hỗ trợ (đồng)"), required=False)
    counterpart_committed = MoneyField(label=_("Vốn đối ứng cam kết (đồng)"), required=False)
    planned_start = _date_field(_("Dự kiến bắt đầu"))
    planned_end = _date_field(_("Dự kiến hoàn thành"))

    class Meta:
        model = Application
        fields = list(Application.APPLICANT_FIELDS)
        labels = {
            "title": _("Tên đề nghị hỗ trợ"),
            "need": _("Nhu cầu, mục đích"),
            "expected_results": _("Kết quả mong đợi"),
        }
        widgets = {
            "need": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        cost, support = cleaned.get("eligible_cost"), cleaned.get("support_requested")
        if cost is not None and support is not None and support > cost:
            self.add_error("support_requested", self.SUPPORT_ABOVE_COST)
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", self.END_BEFORE_START)
        return cleaned

    def _post_clean(self):
        # The services save the application; the model's own checks run there.
        pass

    def application_fields(self) -> dict:
        """The cleaned values of the form's application fields, as the services take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ApplicationForm(ApplicationFieldsForm):
    """The application as the establishment types it; nothing is required for a draft."""

    # A text value shown as a list: a variant left over from another content falls back to "standard".
    variant = forms.CharField(label=_("Hình thức hỗ trợ"), required=False, widget=forms.Select())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content = self.instance.content
        if self.is_bound:
            raw = self.data.get(self.add_prefix("content"))
            content = SupportContent.objects.filter(pk=raw).first() if raw and str(raw).isdigit() else None
        self.variants = variant_choices(content)
        self.fields["variant"].widget.choices = self.variants
        # The ceiling box follows what is typed (htmx); without JavaScript it is refreshed on save.
        for name in ("content", "variant", "eligible_cost", "support_requested", "planned_start"):
            typed = name in ("eligible_cost", "support_requested")
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("apply:ceiling"),
                    "hx-trigger": "input changed delay:500ms, change" if typed else "change",
                    "hx-target": "#ceiling-box",
                    "hx-swap": "outerHTML",
                    "hx-include": "#application-form",
                }
            )
        self.helper.disable_csrf = True

    def clean_variant(self):
        value = self.cleaned_data.get("variant") or "standard"
        return value if value in dict(self.variants) else "standard"


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=ApplicationAttachment.Kind.choices)
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, JPG, PNG, DOCX hoặc XLSX, tối đa 10 MB."),
        error_messages={"required": _("Hãy chọn tệp để tải lên.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Tin nhắn cho cán bộ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Hãy nhập nội dung tin nhắn.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Establishment
        fields = ["representative", "phone", "email", "address", "main_products"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class YearStatForm(forms.Form):
    """One year's figures of the establishment: a past or current year (figures of a year to come
    are not known yet), amounts the database holds (`core.validators.check_year_figures`)."""

    year = forms.IntegerField(label=_("Năm"), validators=[YearValidator()])
    revenue = MoneyField(label=_("Doanh thu (đồng)"))
    employees = _employees_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ResultsForm(forms.Form):
    """Revenue and jobs for up to three follow-up years, and the new or main products."""

    ROWS = 3

    products = forms.CharField(
        label=_("Sản phẩm mới / sản phẩm chính"), required=False, max_length=255, widget=forms.TextInput()
    )

    def __init__(self, *args, first_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_year = first_year
        for index in range(self.ROWS):
            # From the project's end year to the current one: a year to come has no figures yet.
            self.fields[f"year_{index}"] = forms.IntegerField(
                label=_("Năm"),
                required=False,
                validators=[YearValidator(earliest=first_year)],
                initial=first_year + index,
            )
            self.fields[f"revenue_{index}"] = MoneyField(label=_("Doanh thu (đồng)"), required=False)
            self.fields[f"employees_{index}"] = _employees_field(required=False)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def rows(self):
        return [(self[f"year_{i}"], self[f"revenue_{i}"], self[f"employees_{i}"]) for i in range(self.ROWS)]

    def clean(self):
        cleaned = super().clean()
        figures = []
        for index in range(self.ROWS):
            year = cleaned.get(f"year_{index}")
            revenue = cleaned.get(f"revenue_{index}")
            employees = cleaned.get(f"employees_{index}")
            if revenue is None and employees is None:
                continue
            if year is None or revenue is None or employees is None:
                raise ValidationError(_("Mỗi dòng cần đủ năm, doanh thu và số lao động."))
            figures.append((year, revenue, employees))
        if not figures and not cleaned.get("products"):
            raise ValidationError(_("Hãy nhập số liệu ít nhất một năm."))
        cleaned["figures"] = figures
        return cleaned
