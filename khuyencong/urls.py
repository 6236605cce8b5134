"""Every URL of the portal: each app's url modules, composed here (README "Where things are")."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

import applications.urls
import beneficiaries.urls
import programs.urls
import public.urls
from beneficiaries.views import accounts as account_views
from khuyencong import views
from public.views import site

admin.site.site_header = _("Cổng khuyến công – Quản trị")
admin.site.site_title = _("Cổng khuyến công")

# The staff workspace under /staff/ is one namespace ("staff:…") whose pages live in the app
# that owns their rows: the registry, the programme, the review of applications, the news.
staff_urlpatterns = [
    *programs.urls.staff_urlpatterns,
    *beneficiaries.urls.staff_urlpatterns,
    *applications.urls.staff_urlpatterns,
    *public.urls.staff_urlpatterns,
]

urlpatterns = [
    path("", site.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", include((staff_urlpatterns, "staff"))),
    path("apply/", include("applications.urls")),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/", include("beneficiaries.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    # The public site (news, support contents, self-check, how to apply) under the root.
    path("", include("public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
