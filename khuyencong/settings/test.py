"""Test overrides only: fast hashing, eager Celery, in-memory mail and cache."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 40)
os.environ.setdefault("DEBUG", "false")

from khuyencong.settings.base import *  # noqa: E402,F403
from khuyencong.settings.base import env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process. The real-worker tests (run by .ci/run) point Celery at the
# broker named by CELERY_TEST_BROKER_URL themselves, with override_settings.
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A real test worker consumes a queue of its own test database's (tests/worker_helpers.py).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TEST_QUEUE", default="celery")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default="/tmp/khuyencong-test-private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/khuyencong-test-media")
AXES_ENABLED = False
# Static files are served from the finders in tests; no collectstatic directory exists.
WHITENOISE_AUTOREFRESH = True
