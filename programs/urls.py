"""The staff workspace under /staff/."""

from .views import accounts, applications, establishments, home, imports, news, plans, projects

app_name = "staff"

urlpatterns = [
    *home.urlpatterns,
    *establishments.urlpatterns,
    *imports.urlpatterns,
    *plans.urlpatterns,
    *projects.urlpatterns,
    *applications.urlpatterns,
    *accounts.urlpatterns,
    *news.urlpatterns,
]
