"""The public site under the root: support contents, self-check, how to apply, news."""

from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("ho-tro/", public.support, name="support"),
    path("tu-kiem-tra/", public.self_check, name="self_check"),
    path("huong-dan/", public.how_to_apply, name="how_to_apply"),
    path("tin-tuc/", public.news_list, name="news_list"),
    path("tin-tuc/<slug:slug>/", public.news_detail, name="news_detail"),
]
