"""Staff pages of the establishment registry: list, export, detail, create, edit, deactivate."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beneficiaries.access import staff_read, staff_write
from beneficiaries.filters import EstablishmentFilter
from beneficiaries.forms import EstablishmentForm, YearStatFormSet
from beneficiaries.models import Establishment
from beneficiaries.selectors import establishment_history
from beneficiaries.services import establishment_save, establishment_set_active
from core.paging import paginate
from core.xlsx import Column, build_workbook, xlsx_response


@staff_read
def establishment_list(request):
    """The registry, filtered in the URL (5 queries + 1 per filter that reads a row)."""
    establishments = EstablishmentFilter(request.GET, queryset=Establishment.objects.for_staff_list())
    page_obj = paginate(request, establishments.qs)
    return render(
        request,
        "beneficiaries/staff/establishment_list.html",
        {"filter": establishments, "page_obj": page_obj, "establishments": page_obj.object_list},
    )


def _yes(value: bool) -> str:
    return _("Có") if value else ""


EXPORT_COLUMNS = [
    Column(gettext_lazy("Tên cơ sở"), lambda e: e.name, width=36),
    Column(gettext_lazy("Mã số thuế"), lambda e: e.tax_code_display, width=16),
    Column(gettext_lazy("Loại hình"), lambda e: e.get_legal_form_display(), width=20),
    Column(gettext_lazy("Người đại diện"), lambda e: e.representative, width=22),
    Column(gettext_lazy("Điện thoại"), lambda e: e.phone, width=14),
    Column(gettext_lazy("Thư điện tử"), lambda e: e.email, width=22),
    Column(gettext_lazy("Địa chỉ"), lambda e: e.address, width=30),
    Column(gettext_lazy("Xã/phường/đặc khu"), lambda e: str(e.commune), width=20),
    Column(gettext_lazy("Huyện cũ"), lambda e: e.commune.former_district, width=20),
    Column(gettext_lazy("Làng nghề"), lambda e: e.craft_village.name if e.craft_village else "", width=24),
    Column(gettext_lazy("Ngành nghề"), lambda e: "; ".join(s.name for s in e.sectors.all()), width=40),
    Column(gettext_lazy("Năm thành lập"), lambda e: e.founding_year, kind="year", width=10),
    Column(gettext_lazy("Sản phẩm chính"), lambda e: e.main_products, width=28),
    Column(gettext_lazy("Phụ nữ làm chủ"), lambda e: _yes(e.woman_owned), width=10),
    Column(gettext_lazy("Chủ là người DTTS"), lambda e: _yes(e.ethnic_minority_owner), width=10),
    Column(gettext_lazy("Đang hoạt động"), lambda e: _yes(e.active), width=10),
    Column(gettext_lazy("Năm số liệu gần nhất"), lambda e: e.latest_year, kind="year", width=10),
    Column(gettext_lazy("Doanh thu năm đó (đồng)"), lambda e: e.latest_revenue, kind="money", width=18),
    Column(gettext_lazy("Số lao động năm đó"), lambda e: e.latest_employees, kind="int", width=10),
]


@staff_read
def establishment_export(request):
    """Every establishment of the filtered list (not only the page) as .xlsx, read in chunks."""
    establishments = EstablishmentFilter(request.GET, queryset=Establishment.objects.for_export())
    # iterator() keeps memory flat on large registries; sectors are prefetched per chunk.
    rows = establishments.qs.iterator(chunk_size=1000)
    content = build_workbook(title=_("Cơ sở CNNT"), columns=EXPORT_COLUMNS, rows=rows)
    return xlsx_response(content, f"co-so-cnnt-{datetime.date.today():%Y%m%d}.xlsx")


@staff_read
def establishment_detail(request, code):
    """The profile, its yearly figures and history; the support received and the applications come
    from the programs and applications apps through their template tags (see the template)."""
    establishment = get_object_or_404(Establishment.objects.for_staff_detail(), code=code)
    return render(
        request,
        "beneficiaries/staff/establishment_detail.html",
        {
            "establishment": establishment,
            "eligibility": establishment.eligibility(),
            "year_stats": establishment.year_stats.order_by("-year"),
            "history": establishment_history(establishment),
        },
    )


def _edit(request, establishment: Establishment | None):
    """The create and edit form: the profile and its yearly figures, saved together or not at all."""
    instance = establishment or Establishment()
    data = request.POST if request.method == "POST" else None
    form = EstablishmentForm(data, instance=instance)
    formset = YearStatFormSet(data, instance=instance, prefix="stats")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = establishment_save(
                establishment=form.save(commit=False),
                sectors=form.cleaned_data["sectors"],
                year_stats=formset.save(commit=False),
                removed_year_stats=formset.deleted_objects,
            )
        except ValidationError as error:
            # The service may name fields of the yearly figures: show every message above the form.
            form.add_error(None, ValidationError(error.messages))
        else:
            if establishment is None:
                messages.success(request, _("Đã thêm cơ sở “%(name)s”.") % {"name": saved.name})
            else:
                messages.success(request, _("Đã lưu thay đổi của cơ sở “%(name)s”.") % {"name": saved.name})
            return redirect("staff:establishment_detail", code=saved.code)
    return render(
        request,
        "beneficiaries/staff/establishment_form.html",
        {"form": form, "formset": formset, "establishment": establishment},
    )


@staff_write
def establishment_create(request):
    return _edit(request, None)


@staff_write
def establishment_edit(request, code):
    return _edit(request, get_object_or_404(Establishment, code=code))


@staff_write
@require_POST
def establishment_deactivate(request, code):
    """Toggle whether the establishment is active; it keeps its projects and history either way."""
    establishment = get_object_or_404(Establishment, code=code)
    establishment_set_active(establishment=establishment, active=not establishment.active)
    if establishment.active:
        messages.success(request, _("Cơ sở “%(name)s” hoạt động trở lại.") % {"name": establishment.name})
    else:
        messages.success(
            request,
            _("Đã ngừng theo dõi cơ sở “%(name)s”; hồ sơ và lịch sử vẫn được giữ.") % {"name": establishment.name},
        )
    return redirect("staff:establishment_detail", code=establishment.code)


urlpatterns = [
    path("establishments/", establishment_list, name="establishment_list"),
    path("establishments/export.xlsx", establishment_export, name="establishment_export"),
    path("establishments/new/", establishment_create, name="establishment_create"),
    path("establishments/<uuid:code>/", establishment_detail, name="establishment_detail"),
    path("establishments/<uuid:code>/edit/", establishment_edit, name="establishment_edit"),
    path("establishments/<uuid:code>/deactivate/", establishment_deactivate, name="establishment_deactivate"),
]
