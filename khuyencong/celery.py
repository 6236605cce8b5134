"""The Celery application of the portal.

Tasks live in the apps (`@shared_task`) and are discovered here; the broker and
eager mode come from settings (`CELERY_*`), themselves read from the environment.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings.base")

app = Celery("khuyencong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
