"""Forms of the establishment registry: they validate and normalise, services save."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries import importing_files
from beneficiaries.models import (
    AdministrativeUnit,
    CraftVillage,
    Establishment,
    EstablishmentYearStat,
    LegalForm,
    Sector,
    UnitKind,
)
from beneficiaries.services import EDITABLE_FIELDS
from beneficiaries.validators import normalize_phone, normalize_tax_code
from core.money_fields import MoneyField
from core.validators import EMPLOYEES, EMPLOYEES_MAX, check_integer

COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


def commune_units(*, active_only: bool = True):
    """Commune-level units ordered by former district then name, as lists and forms show them."""
    units = AdministrativeUnit.objects.filter(kind__in=COMMUNE_KINDS)
    if active_only:
        units = units.filter(active=True)
    return units.order_by("former_district", "name")


def grouped_commune_choices(units, empty_label) -> list:
    """Choices for a commune select, grouped under the former district (districts ended on 1/7/2025)."""
    groups: dict[str, list] = {}
    for unit in units:
        if unit.former_district:
            group = gettext("%(district)s (cũ)") % {"district": unit.former_district}
        else:
            group = gettext("Khác")
        groups.setdefault(group, []).append((unit.pk, str(unit)))
    return [("", empty_label), *groups.items()]


def current_year() -> int:
    return datetime.date.today().year


class CraftVillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(village)s (%(commune)s)") % {"village": obj.name, "commune": obj.commune}


class EstablishmentForm(forms.ModelForm):
    """An establishment's profile; tax code and phone are stored in their canonical digits."""

    # Longer than the stored digits: people type "6300 123 451-001" or "+84 912 345 678".
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=30,
        help_text=Establishment._meta.get_field("tax_code").help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=30,
        required=False,
        help_text=_("Di động 10 số (09…, 03…) hoặc máy bàn có mã vùng (0293…)."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã/phường/đặc khu"))
    craft_village = CraftVillageChoiceField(
        queryset=CraftVillage.objects.none(),
        required=False,
        label=_("Làng nghề"),
        empty_label=_("— Không thuộc làng nghề —"),
        help_text=_("Cơ sở ở phường chỉ được hỗ trợ khi nằm trong làng nghề được công nhận."),
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.none(),
        required=False,
        label=_("Ngành nghề sản xuất"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Establishment
        fields = [*EDITABLE_FIELDS, "sectors"]
        widgets = {"founding_year": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_units()
        # Set last: assigning a queryset resets the choices.
        self.fields["commune"].choices = grouped_commune_choices(
            self.fields["commune"].queryset, gettext("— Chọn xã, phường hoặc đặc khu —")
        )
        self.fields["craft_village"].queryset = (
            CraftVillage.objects.filter(active=True).select_related("commune").order_by("name")
        )
        self.fields["sectors"].queryset = Sector.objects.filter(active=True).order_by("code")
        self.fields["legal_form"].choices = [("", gettext("— Chọn loại hình —")), *LegalForm.choices]
        self.fields["founding_year"].widget.attrs["max"] = current_year()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Thông tin chung"),
                "name",
                Row(Column("legal_form", css_class="col-md-6"), Column("tax_code", css_class="col-md-6")),
                Row(Column("representative", css_class="col-md-6"), Column("founding_year", css_class="col-md-6")),
            ),
            Fieldset(
                _("Liên hệ"),
                Row(Column("phone", css_class="col-md-6"), Column("email", css_class="col-md-6")),
                "address",
            ),
            Fieldset(
                _("Địa bàn và ngành nghề"),
                Row(Column("commune", css_class="col-md-6"), Column("craft_village", css_class="col-md-6")),
                "sectors",
                "main_products",
            ),
            Fieldset(_("Đối tượng ưu tiên (Nghị định 235/2025/NĐ-CP)"), "woman_owned", "ethnic_minority_owner"),
        )

    def clean_tax_code(self) -> str:
        tax_code = normalize_tax_code(self.cleaned_data["tax_code"])
        other = Establishment.objects.filter(tax_code=tax_code).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise ValidationError(
                _(
                    "Mã số thuế %(tax_code)s đã có trong danh sách: cơ sở “%(name)s”. "
                    "Hãy mở hồ sơ cơ sở đó để cập nhật."
                ),
                code="tax_code_taken",
                params={"tax_code": other.tax_code_display, "name": other.name},
            )
        return tax_code

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return normalize_phone(phone) if phone else ""

    def clean_founding_year(self):
        year = self.cleaned_data["founding_year"]
        if year is not None and year > current_year():
            raise ValidationError(
                _("Năm thành lập không thể sau năm hiện tại (%(year)s)."),
                code="future_year",
                params={"year": current_year()},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        commune, village = cleaned.get("commune"), cleaned.get("craft_village")
        if commune is not None and village is not None and village.commune_id != commune.pk:
            self.add_error(
                "craft_village",
                ValidationError(
                    _("Làng nghề “%(village)s” thuộc %(its_commune)s, không thuộc %(commune)s đã chọn."),
                    code="village_elsewhere",
                    params={"village": village.name, "its_commune": village.commune, "commune": commune},
                ),
            )
        return cleaned


class YearStatForm(forms.ModelForm):
    revenue = MoneyField(
        label=_("Doanh thu (đồng)"),
        error_messages={"invalid": _("Hãy nhập số tiền bằng chữ số, đơn vị đồng (ví dụ 1.500.000).")},
    )

    class Meta:
        model = EstablishmentYearStat
        fields = ["year", "revenue", "employees"]
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "employees": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["max"] = current_year()

    @property
    def helper(self) -> FormHelper:
        # Built when rendered: the formset adds its DELETE field after __init__.
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.render_hidden_fields = True
        columns = [
            Column("year", css_class="col-sm-3"),
            Column("revenue", css_class="col-sm-4"),
            Column("employees", css_class="col-sm-3"),
        ]
        if "DELETE" in self.fields:
            columns.append(Column("DELETE", css_class="col-sm-2 align-self-sm-center"))
        helper.layout = Layout(Row(*columns, css_class="year-stat-row"))
        return helper

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year > current_year():
            raise ValidationError(_("Chưa thể có số liệu của năm %(year)s."), code="future_year", params={"year": year})
        return year

    def clean_employees(self):
        # Before the model's own range (2^63 on SQLite, 2^31 on PostgreSQL, where more is a 500).
        employees = self.cleaned_data["employees"]
        check_integer(employees, maximum=EMPLOYEES_MAX, label=EMPLOYEES)
        return employees


class BaseYearStatFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if year in seen:
                form.add_error(
                    "year", ValidationError(_("Năm %(year)s đã được nhập ở dòng khác."), params={"year": year})
                )
            seen.add(year)

    def validate_unique(self):
        # clean() above says which row repeats a year, in Vietnamese.
        pass


YearStatFormSet = forms.inlineformset_factory(
    Establishment,
    EstablishmentYearStat,
    form=YearStatForm,
    formset=BaseYearStatFormSet,
    extra=2,
    can_delete=True,
)


class EstablishmentImportForm(forms.Form):
    """The upload of an import: the file must really be an .xlsx of at most 5 MB, with readable rows."""

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx, tối đa 5 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        importing_files.check_upload(upload)
        self.rows = importing_files.read_rows(upload, upload.name)
        return upload
