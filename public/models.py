"""News and announcements that staff publish on the public site."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """News and announcements staff publish on the public site."""

    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=220, unique=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    published = models.BooleanField(_("đã đăng"), default=False)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("tin, thông báo")
        verbose_name_plural = _("tin, thông báo")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_at__isnull=False),
                name="public_announcement_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title
