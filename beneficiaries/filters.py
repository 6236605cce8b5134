"""Filters of the staff establishment list; they live in the URL so a list can be bookmarked."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import commune_units, grouped_commune_choices
from beneficiaries.models import Establishment, LegalForm, Sector

YES_NO = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class StatusChoices:
    ACTIVE = "active"
    INACTIVE = "inactive"
    ALL = "all"
    CHOICES = [(ACTIVE, _("Đang hoạt động")), (INACTIVE, _("Ngừng hoạt động")), (ALL, _("Tất cả"))]


class LazyOrderingFilter(django_filters.OrderingFilter):
    """An ordering filter whose "(descending)" labels follow the visitor's language.

    django-filter builds the labels once, when the module loads, with `descending_fmt % label`,
    which freezes them in whatever language was active then.
    """

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", format_lazy(_("{label} (giảm dần)"), label=label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class SortFilter(LazyOrderingFilter):
    """Column sorting (`?sort=commune` or `?sort=-name`), ties broken by name so pages stay stable."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "name", "pk")


class EstablishmentFilter(django_filters.FilterSet):
    """The list shows active establishments unless `status` says otherwise.

    Deactivated establishments (closed, merged, registered twice) are rarely wanted in
    daily work, but they keep their history and projects, so one choice shows them.
    """

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Tìm theo tên, mã số thuế, người đại diện"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    commune = django_filters.ChoiceFilter(label=_("Xã/phường/đặc khu"), empty_label=None)
    former_district = django_filters.ChoiceFilter(
        field_name="commune__former_district", label=_("Huyện cũ"), empty_label=_("Tất cả")
    )
    legal_form = django_filters.ChoiceFilter(choices=LegalForm.choices, label=_("Loại hình"), empty_label=_("Tất cả"))
    sector = django_filters.ModelChoiceFilter(
        field_name="sectors", queryset=Sector.objects.order_by("code"), label=_("Ngành nghề"), empty_label=_("Tất cả")
    )
    woman_owned = django_filters.BooleanFilter(label=_("Phụ nữ làm chủ"), widget=forms.Select(choices=YES_NO))
    ethnic_minority_owner = django_filters.BooleanFilter(
        label=_("Chủ là người dân tộc thiểu số"), widget=forms.Select(choices=YES_NO)
    )
    status = django_filters.ChoiceFilter(
        choices=StatusChoices.CHOICES, method="filter_status", label=_("Tình trạng"), empty_label=None
    )
    sort = SortFilter(
        fields=(
            ("name", "name"),
            ("tax_code", "tax_code"),
            ("commune__name", "commune"),
            ("founding_year", "founding_year"),
        ),
        field_labels={
            "name": _("Tên cơ sở"),
            "tax_code": _("Mã số thuế"),
            "commune__name": _("Xã/phường"),
            "founding_year": _("Năm thành lập"),
        },
        label=_("Sắp xếp"),
        empty_label=_("Tên cơ sở (mặc định)"),
    )

    class Meta:
        model = Establishment
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = StatusChoices.ACTIVE
        super().__init__(data, *args, **kwargs)
        # One query for both selects; every commune-level unit, so that establishments
        # of a unit deactivated since stay findable.
        units = list(commune_units(active_only=False))
        self.filters["commune"].extra["choices"] = grouped_commune_choices(units, gettext("Tất cả"))
        districts = sorted({unit.former_district for unit in units if unit.former_district})
        self.filters["former_district"].extra["choices"] = [(name, name) for name in districts]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        if value == StatusChoices.ACTIVE:
            return queryset.filter(active=True)
        if value == StatusChoices.INACTIVE:
            return queryset.filter(active=False)
        return queryset
