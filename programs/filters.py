"""The filters of the staff project list and its Excel export (the filter lives in the URL).

Filters across many-to-many relations (communes, funding sources) select projects
through `pk__in` subqueries rather than joins, so a project is never repeated and no
DISTINCT is needed: the page, its count and the totals all see each project once.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.filters import LazyOrderingFilter
from beneficiaries.models import AdministrativeUnit, UnitKind
from programs.models import AnnualPlan, BudgetLine, FundingSource, Project, ProjectStatus, SupportContent

ALL = _("Tất cả")


class ProjectOrdering(LazyOrderingFilter):
    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            # The code is unique: equal values (a status, an amount) keep a fixed order across pages.
            qs = qs.order_by(*qs.query.order_by, "code")
        return qs


class ProjectFilter(django_filters.FilterSet):
    """Year, plan, content, status, commune, former district, funding source, search, and the sort order.

    Building it costs four queries (plans, contents, communes, sources), whatever the
    data; the choices are validated without further queries.
    """

    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Mã, tên đề án hoặc cơ sở; có dấu hay không dấu")}),
    )
    year = django_filters.ChoiceFilter(label=_("Năm kế hoạch"), field_name="plan__year", empty_label=ALL)
    plan = django_filters.ChoiceFilter(label=_("Kế hoạch"), field_name="plan_id", empty_label=ALL)
    content = django_filters.ChoiceFilter(label=_("Nội dung"), field_name="content__code", empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ProjectStatus.choices, empty_label=ALL)
    commune = django_filters.ChoiceFilter(label=_("Xã, phường"), method="filter_commune", empty_label=ALL)
    district = django_filters.ChoiceFilter(label=_("Huyện cũ"), method="filter_district", empty_label=ALL)
    source = django_filters.ChoiceFilter(label=_("Nguồn kinh phí"), method="filter_source", empty_label=ALL)
    sort = ProjectOrdering(
        label=_("Sắp xếp"),
        empty_label=_("Mặc định (mới bắt đầu trước)"),
        fields=(
            ("code", "code"),
            ("title", "title"),
            ("start_date", "start_date"),
            ("status_rank", "status"),
            ("state_approved", "approved"),
            ("disbursed", "disbursed"),
        ),
        field_labels={
            "code": _("Mã đề án"),
            "title": _("Tên đề án"),
            "start_date": _("Ngày bắt đầu"),
            "status_rank": _("Trạng thái"),
            "state_approved": _("Nhà nước duyệt"),
            "disbursed": _("Đã giải ngân"),
        },
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        plans = list(AnnualPlan.objects.order_by("-year", "level"))
        self.filters["year"].extra["choices"] = [(year, year) for year in sorted({p.year for p in plans}, reverse=True)]
        self.filters["plan"].extra["choices"] = [
            (plan.pk, f"{plan.year} – {plan.get_level_display()}") for plan in plans
        ]
        self.filters["content"].extra["choices"] = [
            (content.code, f"{content.code} – {content.name}") for content in SupportContent.objects.all()
        ]
        communes = list(
            AdministrativeUnit.objects.filter(kind__in=[UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE])
            .order_by("name")
            .only("code", "name", "kind", "former_district")
        )
        self.filters["commune"].extra["choices"] = [(unit.code, str(unit)) for unit in communes]
        districts = sorted({unit.former_district for unit in communes if unit.former_district})
        self.filters["district"].extra["choices"] = [(name, name) for name in districts]
        self.filters["source"].extra["choices"] = [(s.code, s.name) for s in FundingSource.objects.all()]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_commune(self, queryset, name, value):
        through = Project.communes.through.objects.filter(administrativeunit__code=value)
        return queryset.filter(pk__in=through.values("project_id"))

    def filter_district(self, queryset, name, value):
        through = Project.communes.through.objects.filter(administrativeunit__former_district=value)
        return queryset.filter(pk__in=through.values("project_id"))

    def filter_source(self, queryset, name, value):
        return queryset.filter(pk__in=BudgetLine.objects.filter(source__code=value).values("project_id"))
