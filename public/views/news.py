"""Staff news pages: the announcements published on the public site (/tin-tuc/)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from beneficiaries.access import staff_read, staff_write
from beneficiaries.roles import is_staff_member
from core.paging import paginate
from public.forms import AnnouncementForm
from public.models import Announcement


@staff_read
def news_list(request):
    """Every announcement, published or not, newest first (a count and a page of rows)."""
    announcements = Announcement.objects.select_related("author").order_by("-created_at", "-pk")
    return render(
        request,
        "public/staff/news_list.html",
        {"page_obj": paginate(request, announcements), "can_edit": is_staff_member(request.user)},
    )


def _save(request, form: AnnouncementForm, created: bool):
    announcement = form.save()
    if announcement.published:
        messages.success(request, _("Đã lưu và đăng tin “%(title)s” trên trang Tin tức.") % {"title": announcement})
    elif created:
        messages.success(request, _("Đã lưu tin “%(title)s” (chưa đăng).") % {"title": announcement})
    else:
        messages.success(
            request, _("Đã lưu tin “%(title)s”; tin không hiện trên trang công khai.") % {"title": announcement}
        )
    return redirect("staff:news_list")


@staff_write
def news_create(request):
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.author = request.user
        return _save(request, form, created=True)
    return render(request, "public/staff/news_form.html", {"form": form, "announcement": None})


@staff_write
def news_edit(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, created=False)
    return render(request, "public/staff/news_form.html", {"form": form, "announcement": announcement})


urlpatterns = [
    path("news/", news_list, name="news_list"),
    path("news/new/", news_create, name="news_create"),
    path("news/<int:pk>/edit/", news_edit, name="news_edit"),
]
