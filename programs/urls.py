"""The programme's staff pages under /staff/: the home page, annual plans, projects.

khuyencong/urls.py puts them in the "staff" namespace with the other apps' staff pages.
"""

from programs.views import home, plans, projects

staff_urlpatterns = [
    *home.urlpatterns,
    *plans.urlpatterns,
    *projects.urlpatterns,
]
