from django.urls import path

from reports import form_views, job_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jobs/", job_views.jobs, name="jobs"),
    path("jobs/new/", job_views.job_create, name="job_create"),
    path("jobs/<int:pk>/", job_views.job_status, name="job_status"),
    path("jobs/<int:pk>/retry/", job_views.job_retry, name="job_retry"),
    path("jobs/<int:pk>/download/", job_views.job_download, name="job_download"),
    path("narratives/<int:year>/", job_views.narrative_edit, name="narrative_edit"),
    path("forms/projects/<uuid:uuid>/<slug:kind>.pdf", form_views.project_form, name="project_form"),
    path("forms/applications/<uuid:uuid>/<slug:kind>.pdf", form_views.application_form, name="application_form"),
]
