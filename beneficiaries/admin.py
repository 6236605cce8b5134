"""The Django admin of the registry: administrative units, sectors, craft villages, establishments."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from beneficiaries.models import (
    AccountStatus,
    AdministrativeUnit,
    CraftVillage,
    Establishment,
    EstablishmentAccount,
    EstablishmentYearStat,
    Notification,
    Sector,
)
from core.templatetags.portal import vn_date, vnd


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "former_district", "active"]
    list_filter = ["kind", "active", "former_district"]
    search_fields = ["code", "name", "former_district", "former_units"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_priority", "active"]
    list_filter = ["is_priority", "active"]
    search_fields = ["code", "name", "description"]


@admin.register(CraftVillage)
class CraftVillageAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "crafts", "recognition_decision", "recognised_on_display", "active"]
    list_filter = ["active"]
    search_fields = ["name", "crafts", "commune__name"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune"]

    @admin.display(description=_("ngày công nhận"), ordering="recognised_on")
    def recognised_on_display(self, obj):
        return vn_date(obj.recognised_on)


class EstablishmentYearStatInline(admin.TabularInline):
    model = EstablishmentYearStat
    extra = 0
    fields = ["year", "revenue", "employees"]


def stamp_verification(account: EstablishmentAccount, user) -> None:
    """Record who verified an account, and when, the moment its status becomes verified."""
    if account.status == AccountStatus.VERIFIED and account.verified_at is None:
        account.verified_by = user
        account.verified_at = timezone.now()
    elif account.status != AccountStatus.VERIFIED:
        account.verified_by = None
        account.verified_at = None


class EstablishmentAccountInline(admin.TabularInline):
    model = EstablishmentAccount
    extra = 0
    fields = ["user", "status", "note", "verified_by", "verified_at"]
    readonly_fields = ["verified_by", "verified_at"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "verified_by")


@admin.register(Establishment)
class EstablishmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "tax_code_display",
        "legal_form",
        "representative",
        "commune",
        "woman_owned",
        "ethnic_minority_owner",
        "active",
    ]
    list_filter = ["legal_form", "commune", "woman_owned", "ethnic_minority_owner", "active"]
    search_fields = ["name", "tax_code", "representative", "search_text"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune", "craft_village", "sectors"]
    readonly_fields = ["eligibility_display", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "legal_form", "tax_code", "representative", "active"]}),
        (_("Liên hệ"), {"fields": ["phone", "email", "address"]}),
        (
            _("Địa bàn và ngành nghề"),
            {"fields": ["commune", "craft_village", "sectors", "founding_year", "main_products"]},
        ),
        (_("Đối tượng ưu tiên"), {"fields": ["woman_owned", "ethnic_minority_owner"]}),
        (_("Đối chiếu"), {"fields": ["eligibility_display", "created_at", "updated_at"]}),
    ]
    inlines = [EstablishmentYearStatInline, EstablishmentAccountInline]

    @admin.display(description=_("mã số thuế"), ordering="tax_code")
    def tax_code_display(self, obj):
        return obj.tax_code_display

    @admin.display(description=_("thuộc đối tượng hỗ trợ"))
    def eligibility_display(self, obj):
        if obj.pk is None:
            return "—"
        answer = obj.eligibility()
        verdict = _("Có") if answer.eligible else _("Không")
        return f"{verdict}: {answer.reason} ({answer.legal_basis})"

    def get_search_results(self, request, queryset, search_term):
        # The admin's icontains cannot see past diacritics ("dua" vs "dứa") or the
        # dash of a branch tax code; the registry's own search can.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results = results | queryset.search(search_term)
        return results, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        if formset.model is EstablishmentAccount:
            for account in formset.save(commit=False):
                stamp_verification(account, request.user)
                account.save()
            for account in formset.deleted_objects:
                account.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(EstablishmentYearStat)
class EstablishmentYearStatAdmin(admin.ModelAdmin):
    list_display = ["establishment", "year", "revenue_display", "employees"]
    list_filter = ["year"]
    search_fields = ["establishment__name", "establishment__tax_code"]
    list_select_related = ["establishment"]
    autocomplete_fields = ["establishment"]

    @admin.display(description=_("doanh thu"), ordering="revenue")
    def revenue_display(self, obj):
        return vnd(obj.revenue)


@admin.register(EstablishmentAccount)
class EstablishmentAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "establishment", "status", "verified_by", "verified_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__email", "establishment__name", "establishment__tax_code"]
    list_select_related = ["user", "establishment", "verified_by"]
    autocomplete_fields = ["user", "establishment"]
    readonly_fields = ["verified_by", "verified_at"]

    def save_model(self, request, obj, form, change):
        stamp_verification(obj, request.user)
        super().save_model(request, obj, form, change)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["recipient__username", "message"]
    list_select_related = ["recipient"]
