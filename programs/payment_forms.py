"""The staff forms of a project's payments and status steps (the project page)."""

from collections.abc import Iterable
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money_fields import MoneyField
from core.validators import SaneDateValidator
from programs.form_fields import DATE_HINT, DateInput
from programs.models import Disbursement, FundingSource, ProjectStatus


class DisbursementForm(forms.Form):
    """A payment from one of the `sources` offered, of one of the `kinds` offered (every kind by default).

    The project page offers what the project accepts now (`Project.payable_sources`,
    `Project.accepts_payment`); what is posted is checked by `disbursement_create`.
    """

    source = forms.TypedChoiceField(label=_("Nguồn"), coerce=int)
    # Not after today here; from the project's approval on in `disbursement_create`.
    date = forms.DateField(
        label=_("Ngày chi"), widget=DateInput(), help_text=DATE_HINT, validators=[SaneDateValidator()]
    )
    amount = MoneyField(label=_("Số tiền (đồng)"), min_value=Decimal("1"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Disbursement.Kind.choices)
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=60, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(
        self, *args, sources: list[FundingSource], kinds: Iterable[str] | None = None, action: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.sources = {source.pk: source for source in sources}
        self.fields["source"].choices = [(source.pk, source.name) for source in sources]
        if kinds is not None:
            self.fields["kind"].choices = [choice for choice in Disbursement.Kind.choices if choice[0] in kinds]
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "disbursement-form"
        self.helper.layout = Layout(
            Row(Column("source", css_class="col-12 col-md-6"), Column("kind", css_class="col-12 col-md-6")),
            Row(Column("date", css_class="col-6"), Column("amount", css_class="col-6")),
            Row(Column("voucher_number", css_class="col-12 col-md-6"), Column("note", css_class="col-12 col-md-6")),
            HTML(
                format_html(
                    '<button class="btn btn-primary"><i class="bi bi-cash-coin" aria-hidden="true"></i> {}</button>',
                    _("Ghi khoản chi"),
                )
            ),
        )

    def clean_source(self):
        return self.sources[self.cleaned_data["source"]]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=ProjectStatus.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
