from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from beneficiaries import views as beneficiary_views

from . import views

admin.site.site_header = _("Cổng khuyến công – Quản trị")
admin.site.site_title = _("Cổng khuyến công")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", include("programs.urls")),
    path("apply/", include("programs.apply_urls")),
    path("accounts/login/", beneficiary_views.login_view, name="login"),
    path("accounts/", include("beneficiaries.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    # The public site (news, support contents, self-check, how to apply) under the root.
    path("", include("programs.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
