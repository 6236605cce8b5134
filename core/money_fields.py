"""Form fields for amounts of đồng, typed as people write them; shared by every form of the portal."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import group_thousands

__all__ = ["MoneyField", "MoneyInput", "group_thousands", "parse_money"]

# Whole đồng, written as staff write it: 300000000, 300.000.000, 300 000 000 or 300,000,000 (₫ allowed).
_MONEY = re.compile(r"^\d{1,3}([.,  ]\d{3})+$|^\d+$")
_MONEY_NOISE = re.compile(r"\s*(₫|đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)


def parse_money(text) -> Decimal | None:
    """'300.000.000 ₫' -> Decimal('300000000'); '' -> None; anything else raises ValidationError.

    Every separator is a thousands separator: amounts are whole đồng, so a comma never
    starts a fraction (DOMAIN.md 7.2: VND has no minor unit in use).
    """
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        return Decimal(text)
    text = _MONEY_NOISE.sub("", str(text).strip()).strip()
    if not text:
        return None
    if not _MONEY.match(text):
        raise ValidationError(
            _("Nhập số tiền bằng chữ số, đơn vị đồng, ví dụ 300.000.000."),
            code="money_format",
        )
    try:
        return Decimal(re.sub(r"\D", "", text))
    except InvalidOperation:  # pragma: no cover - the pattern allows digits only
        raise ValidationError(_("Số tiền không hợp lệ."), code="money_format") from None


class MoneyInput(forms.TextInput):
    """A text input for đồng: a numeric keypad on phones, digits grouped by dots (also while typing,
    by static/js/money-input.js, which looks for `data-money`)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "numeric", "autocomplete": "off", "class": "text-end", "data-money": "", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)


class MoneyField(forms.Field):
    """An amount of whole đồng, never negative."""

    widget = MoneyInput

    def __init__(self, *, min_value: Decimal = Decimal("0"), **kwargs):
        self.min_value = min_value
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_money(value)
        except ValidationError:
            # A form may word the message its own way: error_messages={"invalid": ...}.
            if "invalid" in self.error_messages:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            raise

    def validate(self, value):
        super().validate(value)
        if value is not None and value < self.min_value:
            raise ValidationError(
                _("Số tiền phải từ %(min)s đồng trở lên.") % {"min": group_thousands(self.min_value)}, code="min_value"
            )
        if value is not None and len(str(value)) > 18:
            raise ValidationError(_("Số tiền quá lớn."), code="max_digits")

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return group_thousands(value)
        return value
