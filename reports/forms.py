"""Forms of the reports pages: asking for a report file, and the texts staff write for a year."""

import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports import selectors
from reports.documents.plan import default_organisation
from reports.models import MAX_YEAR, MIN_YEAR, ReportFormat, ReportKind, ReportNarrative


class ReportRequestForm(forms.Form):
    """Which report, for which year, in which format.

    The year list offers the years that have a plan (and the current year), but any year the
    reports accept (2000-2100) is valid: a year without projects gives an empty report, not an error.
    """

    kind = forms.ChoiceField(
        label=_("Báo cáo"),
        # Short names: the year has its own field, and the list must fit a phone's width.
        choices=[(ReportKind.PLAN, _("Kế hoạch khuyến công")), (ReportKind.RESULTS, _("Báo cáo kết quả thực hiện"))],
        initial=ReportKind.RESULTS,
        error_messages={"required": _("Chọn loại báo cáo."), "invalid_choice": _("Loại báo cáo không hợp lệ.")},
    )
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": _("Chọn năm của báo cáo."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
    )
    format = forms.ChoiceField(
        label=_("Định dạng"),
        choices=ReportFormat.choices,
        initial=ReportFormat.PDF,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn định dạng tệp."), "invalid_choice": _("Định dạng không hợp lệ.")},
    )

    def __init__(self, *args, years: list[int] | None = None, year: int | None = None, **kwargs):
        """`years`: the plan years when the caller already has them (else one query)."""
        super().__init__(*args, **kwargs)
        if years is None:
            years = selectors.plan_years()
        this_year = datetime.date.today().year
        offered = {y for y in years if MIN_YEAR <= y <= MAX_YEAR} | {this_year}
        if year is not None and MIN_YEAR <= year <= MAX_YEAR:
            offered.add(year)
        self.fields["year"].widget = forms.Select(choices=[(y, y) for y in sorted(offered, reverse=True)])
        self.fields["year"].initial = year or this_year
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            # One column for the long report names; year and format share a line even on a phone.
            "kind",
            Row(Column("year", css_class="col-5 col-sm-4"), Column(InlineRadios("format"), css_class="col-7 col-sm-8")),
        )


def _note(text) -> HTML:
    """A short line under a fieldset legend; the text is HTML-escaped."""
    return HTML(format_html('<p class="small text-secondary">{}</p>', text))


# In the order the plan prints them.
PLAN_TEXTS = ("purpose", "previous_results", "current_evaluation", "goals", "organisation")
RESULTS_TEXTS = (
    "achievements",
    "strengths",
    "weaknesses",
    "causes",
    "difficulties",
    "proposals",
    "next_year_tasks",
)
NARRATIVE_TEXTS = PLAN_TEXTS + RESULTS_TEXTS
ISSUE_FIELDS = ("number", "date", "signer_authority", "signer_name", "recipients")
# Inside each document's fieldset the labels need not repeat which document they belong to.
ISSUE_LABELS = {
    "number": _("Số, ký hiệu"),
    "date": _("Ngày ban hành"),
    "signer_authority": _("Quyền hạn, chức vụ người ký"),
    "signer_name": _("Họ và tên người ký"),
    "recipients": _("Nơi nhận"),
}
TEXT_HELP = {
    "purpose": _("Mục đích của kế hoạch và yêu cầu khi thực hiện."),
    "goals": _("Các chỉ tiêu của đề án được in thành bảng ngay sau đoạn này."),
    "organisation": _(
        "Nhiệm vụ của Trung tâm, Sở, UBND xã, phường và cơ sở thụ hưởng. Để trống: in phân công mặc định."
    ),
}


def _issue_fieldset(prefix: str, legend) -> Fieldset:
    return Fieldset(
        legend,
        _note(_("Để trống phần nào thì văn bản dùng mặc định của cổng.")),
        Row(Column(f"{prefix}_number", css_class="col-md-6"), Column(f"{prefix}_date", css_class="col-md-6")),
        Row(
            Column(f"{prefix}_signer_authority", css_class="col-md-6"),
            Column(f"{prefix}_signer_name", css_class="col-md-6"),
        ),
        f"{prefix}_recipients",
    )


class NarrativeForm(forms.ModelForm):
    """The year's narrative: plain text, printed as written (paragraphs separated by blank lines)."""

    class Meta:
        model = ReportNarrative
        fields = [
            *NARRATIVE_TEXTS,
            *(f"plan_{name}" for name in ISSUE_FIELDS),
            *(f"results_{name}" for name in ISSUE_FIELDS),
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 8}) for name in NARRATIVE_TEXTS},
            "plan_recipients": forms.Textarea(attrs={"rows": 4}),
            "results_recipients": forms.Textarea(attrs={"rows": 4}),
            "plan_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "results_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        paragraph_help = _("Văn bản thường; để một dòng trống giữa hai đoạn.")
        for name in NARRATIVE_TEXTS:
            self.fields[name].help_text = f"{TEXT_HELP[name]} {paragraph_help}" if name in TEXT_HELP else paragraph_help
        for prefix in ("plan", "results"):
            for name, label in ISSUE_LABELS.items():
                self.fields[f"{prefix}_{name}"].label = label
        if self.instance.pk is None and not self.instance.organisation:
            # A new year starts from the usual division of tasks, which staff adapt.
            self.initial["organisation"] = default_organisation()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Kế hoạch khuyến công"), _note(_("In trong kế hoạch của năm.")), *PLAN_TEXTS),
            _issue_fieldset("plan", _("Văn bản kế hoạch: số, ngày, người ký, nơi nhận")),
            Fieldset(_("Báo cáo kết quả thực hiện"), _note(_("In trong báo cáo kết quả của năm.")), *RESULTS_TEXTS),
            _issue_fieldset("results", _("Văn bản báo cáo: số, ngày, người ký, nơi nhận")),
        )
