"""The Django admin of the public site's news."""

from django.contrib import admin

from public.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "published_at", "author"]
    list_filter = ["published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
