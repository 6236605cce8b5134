"""The establishment's portal, mounted at /apply/ (every private URL uses a UUID)."""

from django.urls import path

from applications.views import portal as views
from applications.views import staff

app_name = "apply"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("new/", views.new, name="new"),
    path("ceiling/", views.ceiling, name="ceiling"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/edit/", views.edit, name="edit"),
    path("<uuid:uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:uuid>/receipt.pdf", views.receipt, name="receipt"),
    path("<uuid:uuid>/results/", views.results, name="results"),
    path("<uuid:uuid>/attachments/", views.attachment_add_view, name="attachment_add"),
    path(
        "<uuid:uuid>/attachments/<uuid:attachment_uuid>/delete/",
        views.attachment_delete_view,
        name="attachment_delete",
    ),
    path("<uuid:uuid>/attachments/<uuid:attachment_uuid>/", views.attachment_download, name="attachment_download"),
]

# The review queue and filing on behalf, in the "staff" namespace under /staff/ (khuyencong/urls.py).
staff_urlpatterns = staff.urlpatterns
