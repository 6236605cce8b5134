"""Test overrides only: fast hashing, eager Celery, in-memory mail and cache."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 40)
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The report tests of .ci/run set CELERY_BROKER_URL to talk to a real worker; every
# other test runs tasks in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/khuyencong-test-media")
AXES_ENABLED = False
