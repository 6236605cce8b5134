"""The account pages under /accounts/ (Django's login and password reset follow them) and the staff registry."""

from django.urls import path

from beneficiaries.views import accounts as views
from beneficiaries.views import establishments, imports, verification

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("status/", views.account_status, name="account_status"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_mark_all_read, name="notifications_read"),
    path("notifications/badge/", views.notification_badge, name="notifications_badge"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
]

# The registry's staff pages, in the "staff" namespace under /staff/ (khuyencong/urls.py).
staff_urlpatterns = [
    *establishments.urlpatterns,
    *imports.urlpatterns,
    *verification.urlpatterns,
]
