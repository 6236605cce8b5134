"""The Django admin of applications: read-mostly, since every step goes through the review services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatusChange,
    Appraisal,
)
from programs.admin import ViewOnlyMixin


class ApplicationAttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Files come in through the applicant's form, which checks their type and size.
        return False


class ApplicationStatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    fields = ["from_status", "to_status", "changed_by", "changed_at", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "establishment", "content", "status", "submitted_at", "filed_by_staff"]
    list_filter = ["status", "content", "filed_by_staff"]
    search_fields = ["receipt_number", "title", "establishment__name", "establishment__tax_code"]
    list_select_related = ["establishment", "content"]
    autocomplete_fields = ["establishment", "project"]
    # Every step goes through the portal and the review services, which check and record it (the
    # ceiling, eligibility, double support, a ground in force): here the record is read, not changed.
    readonly_fields = [
        "establishment",
        *Application.APPLICANT_FIELDS,
        "status",
        "receipt_number",
        "submitted_at",
        "decided_at",
        "decision_reason",
        "priority_ground",
        "repeat_support_reason",
        "filed_by_staff",
        "assigned_to",
        "project",
    ]

    def has_add_permission(self, request):
        # Staff file on an establishment's behalf at /staff/applications/on-behalf/, with its checks.
        return False

    inlines = [ApplicationAttachmentInline, ApplicationStatusChangeInline]


@admin.register(ApplicationAttachment)
class ApplicationAttachmentAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["original_name", "application", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "application__receipt_number"]
    list_select_related = ["application"]
    exclude = ["file"]  # served only through the portal's checked download view


@admin.register(ApplicationMessage)
class ApplicationMessageAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["application", "author", "from_staff", "created_at"]
    list_filter = ["from_staff"]
    search_fields = ["application__receipt_number", "body"]
    list_select_related = ["application", "author"]


@admin.register(ApplicationStatusChange)
class ApplicationStatusChangeAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    search_fields = ["application__receipt_number", "reason"]
    list_select_related = ["application", "changed_by"]


@admin.register(Appraisal)
class AppraisalAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["application", "appraiser", "total_score", "created_at"]
    search_fields = ["application__receipt_number", "conclusion"]
    list_select_related = ["application", "appraiser"]
