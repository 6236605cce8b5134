"""The staff workspace under /staff/."""

from .views import establishments, home, imports, plans, projects

app_name = "staff"

urlpatterns = [
    *home.urlpatterns,
    *establishments.urlpatterns,
    *imports.urlpatterns,
    *plans.urlpatterns,
    *projects.urlpatterns,
]
