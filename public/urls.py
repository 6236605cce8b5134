"""The public site under the root: support contents, self-check, how to apply, news."""

from django.urls import path

from public.views import news, site

app_name = "public"

urlpatterns = [
    path("ho-tro/", site.support, name="support"),
    path("tu-kiem-tra/", site.self_check, name="self_check"),
    path("huong-dan/", site.how_to_apply, name="how_to_apply"),
    path("tin-tuc/", site.news_list, name="news_list"),
    path("tin-tuc/<slug:slug>/", site.news_detail, name="news_detail"),
]

# Staff write the news under /staff/news/, in the "staff" namespace (khuyencong/urls.py).
staff_urlpatterns = news.urlpatterns
