"""The Django admin of the reports: the year's texts and the plan's legal bases (with their history), and
the jobs, to look at only.

A job's file is downloaded from /reports/jobs/ by the person who asked; the admin shows who asked
for what and why a build failed, and changes nothing.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from reports.models import LegalBasis, ReportJob, ReportNarrative


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(SimpleHistoryAdmin):
    list_display = [
        "year",
        "plan_number",
        "results_number",
        "plan_signer_name",
        "results_signer_name",
        "updated_at",
        "updated_by",
    ]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    """The căn cứ of the annual plan: staff follow the law here, no release needed."""

    list_display = ["title", "amended_by", "effective_from", "effective_to", "confirmed", "active", "order"]
    list_editable = ["order"]
    list_filter = ["confirmed", "active"]
    search_fields = ["title", "amended_by", "note"]
    fieldsets = [
        (None, {"fields": ["title", "amended_by", "amended_from"]}),
        (_("Hiệu lực"), {"fields": ["effective_from", "effective_to"]}),
        (_("In trong kế hoạch"), {"fields": ["confirmed", "active", "order", "note"]}),
    ]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requested_by", "kind", "year", "format", "status", "progress", "attempts"]
    list_filter = ["status", "kind", "format", "year"]
    list_select_related = ["requested_by"]
    search_fields = ["requested_by__username", "error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
