"""Form fields, widgets and checks the programme's forms share: dates as dd/mm/yyyy, an establishment
typed by tax code or name with suggestions, a project's dates within its plan's year, a priority
ground with its legal basis.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Establishment
from beneficiaries.validators import format_tax_code
from programs.models import PriorityGround
from programs.validators import project_period_check

DATE_HINT = "dd/mm/yyyy"


class DateInput(forms.DateInput):
    """Dates typed as dd/mm/yyyy (text, so that every phone shows the same thing)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": DATE_HINT, "inputmode": "numeric", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )


def establishment_label(establishment: Establishment) -> str:
    """What the establishment box shows and submits: "1800158774 – Cơ sở Bảy Hồng"."""
    return f"{format_tax_code(establishment.tax_code)} – {establishment.name}"


class EstablishmentInput(forms.TextInput):
    """A text box with suggestions: htmx fills a <datalist> as staff type a name or tax code.

    Without JavaScript the box still works: type the tax code (or an unambiguous name).
    """

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "placeholder": _("Gõ tên hoặc mã số thuế, có dấu hay không dấu"),
                "hx-get": reverse_lazy("staff:project_establishment_search"),
                "hx-trigger": "input changed delay:300ms",
                "hx-sync": "this:queue last",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, Establishment):
            return establishment_label(value)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        # The <datalist> the suggestions go into sits right after the box.
        attrs = dict(attrs or {})
        options_id = f"{attrs.get('id') or name}-options"
        attrs.update({"list": options_id, "hx-target": f"#{options_id}"})
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, options_id)


_TAX_CODE_PREFIX = re.compile(r"^\s*(\d[\d .\-]*\d)")


class EstablishmentField(forms.Field):
    """An establishment named by its tax code (what a suggestion submits) or by an unambiguous name."""

    widget = EstablishmentInput

    def to_python(self, value):
        if isinstance(value, Establishment):
            return value
        text = (value or "").strip()
        if not text:
            return None
        match = _TAX_CODE_PREFIX.match(text)
        if match:
            digits = re.sub(r"\D", "", match.group(1))
            found = Establishment.objects.filter(tax_code=digits).first()
            if found is not None:
                return found
        # A name typed without picking a suggestion: accept it only if one establishment matches.
        name = text.split(" – ", 1)[-1]
        candidates = list(Establishment.objects.search(name)[:2])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise ValidationError(
                _("Có nhiều cơ sở khớp với “%(text)s”: hãy chọn trong danh sách gợi ý hoặc nhập mã số thuế."),
                code="ambiguous",
                params={"text": text},
            )
        raise ValidationError(
            _("Không tìm thấy cơ sở “%(text)s”: hãy gõ tên hoặc mã số thuế rồi chọn trong danh sách gợi ý."),
            code="not_found",
            params={"text": text},
        )


def check_period_on_form(form: forms.ModelForm, cleaned: dict, *, content, fields: tuple[str, ...]) -> None:
    """Put `project_period_check`'s errors (dates within the plan's year) on a project form's fields.

    As `project_save` does, a saved project whose period (`fields`) the edit leaves alone is not
    judged again.
    """
    if form.instance.pk and not any(name in form.changed_data for name in fields):
        return
    plan, start, end = cleaned.get("plan"), cleaned.get("start_date"), cleaned.get("end_date")
    if plan is None or content is None or start is None or end is None:
        return
    try:
        project_period_check(plan=plan, content=content, start=start, end=end)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field, errors)


class GroundChoiceField(forms.ModelChoiceField):
    """A priority ground shown with its legal basis."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.legal_basis})"


def ground_queryset(current_id: int | None = None):
    """The grounds staff may record: the active ones in force today, and the one already recorded."""
    condition = Q(pk__in=PriorityGround.objects.filter(active=True).in_force_on(timezone.localdate()))
    if current_id:
        condition |= Q(pk=current_id)
    return PriorityGround.objects.filter(condition)
