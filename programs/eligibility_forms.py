"""The exception reason of a project's beneficiary row, asked for when the rule refuses the establishment.

NĐ 45/2012 Art. 1(2): staff may support an establishment outside the beneficiaries of a content
only with a recorded reason (`programs.eligibility`). The reason box sits on the row only when a
reason is saved or typed, or when the save refused the row without one.
"""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from programs.eligibility import IneligibleBeneficiaryRefused, row_refusal


class ExceptionReasonRow(forms.Form):
    """A beneficiary row's exception reason (with a row form's `helper` and `layout()`)."""

    eligibility_exception_reason = forms.CharField(
        label=_("Lý do ngoại lệ về đối tượng"),
        max_length=255,
        required=False,
        help_text=_(
            "Chỉ ghi khi cơ sở không thuộc đối tượng được hỗ trợ nội dung này; lý do được ghi vào lịch sử "
            "đề án và phụ lục kế hoạch."
        ),
    )

    def __init__(self, *args, **kwargs):
        self.shows_exception_reason = False
        super().__init__(*args, **kwargs)
        if self["eligibility_exception_reason"].value():
            self.show_exception_reason()

    def show_exception_reason(self, error: str | None = None) -> None:
        """Put the exception reason on the row, with `error` under it when given."""
        self.shows_exception_reason = True
        self.helper.layout = Layout(*self.layout())  # type: ignore[attr-defined]
        if error:
            self.add_error("eligibility_exception_reason", error)

    def layout(self) -> tuple:
        rows = super().layout()  # type: ignore[misc]
        if not getattr(self, "shows_exception_reason", False):
            return rows
        return (rows[0], Row(Column("eligibility_exception_reason", css_class="col-12")), *rows[1:])


def refuse_ineligible(form: forms.Form, shares, error: IneligibleBeneficiaryRefused) -> None:
    """Ask for an exception reason on the row of each refused establishment (else on `form`)."""
    rows = {
        row.cleaned_data["establishment"].pk: row
        for row in shares.forms
        if row.cleaned_data and row.cleaned_data.get("establishment")
    }
    for item in error.ineligible:
        message = row_refusal(item.establishment, item.reason)
        row = rows.get(item.establishment.pk)
        if row is None:
            form.add_error(None, message)
        else:
            row.show_exception_reason(message)
