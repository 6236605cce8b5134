"""Settings of the khuyến công portal.

Everything that differs between a laptop, CI and production comes from the
environment (or a `.env` file beside manage.py); every variable is documented in
`.env.example`. Test overrides live in `test.py`.
"""

import os
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_bool(name: str, default: bool) -> bool:
    """Read "true" or "false" (any case); refuse anything else, so a typo never flips a setting."""
    raw = env.str(name, default="true" if default else "false").strip().lower()
    if raw not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")
    return raw == "true"


# Safe by default: DEBUG is off unless the environment says otherwise
# (`make run` turns it on for the demo).
DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-dev-only-khuyencong"
# Read as it is: django-environ would take a key starting with "$" (Django's own generator uses
# that letter) for the name of another variable.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = _DEV_SECRET_KEY
if not DEBUG and (len(SECRET_KEY) < 40 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5):
    # A production server with a guessable key lets anyone forge sessions and
    # password-reset links: refuse to start rather than run insecurely.
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off (see .env.example)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "js_lib_bootstrap_icons",
    # The portal's apps, lowest first: each may import only those above it in this list
    # (docs: "Where things are" in README.md; tests/test_architecture.py checks it).
    "core",
    "beneficiaries",
    "programs",
    "applications",
    "public",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khuyencong.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English kept. Dates are dd/mm/yyyy and money uses "." as the
# thousands separator in both languages (khuyencong/formats/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["khuyencong.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from a pip package and is served by the portal itself:
    # provincial intranets are often offline, so no CDN.
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Applicants' documents: outside MEDIA_ROOT, so no web server or DEBUG route can serve them;
# the portal hands them out only through views that check the viewer.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Applicants' documents and report files. Web and worker must share it: one volume in
    # docker-compose, or an S3-compatible bucket by configuration, e.g.
    # PRIVATE_STORAGE_BACKEND=storages.backends.s3.S3Storage and
    # PRIVATE_STORAGE_OPTIONS={"bucket_name": "khuyencong-private", "endpoint_url": "https://…"}
    # (with django-storages and boto3 installed).
    "private": {
        "BACKEND": env("PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("PRIVATE_STORAGE_OPTIONS", default={"location": str(PRIVATE_MEDIA_ROOT), "base_url": None}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Celery: with no broker configured, tasks run eagerly in the web process, so a
# fresh machine needs no Redis. Production sets CELERY_BROKER_URL.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A worker killed mid-task must not lose the task: acknowledge after the work is
# done, give the message back if the worker dies, and bound every task in time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=660)
# An unreachable broker answers within seconds, not after the client's long default.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900, "socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_TIMEZONE = TIME_ZONE
# Report jobs the queue lost are sent again; runs whose worker died end (reports.services).
CELERY_BEAT_SCHEDULE = {
    "sweep-report-jobs": {"task": "reports.tasks.sweep_report_jobs", "schedule": 300.0},
}

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng khuyến công <khuyencong@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Login protection against password guessing (django-axes answers HTTP 429).
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Who issues the portal's documents; shown in the header and in reports.
PORTAL = {
    "PROVINCE_CODE": env("PORTAL_PROVINCE_CODE", default="92"),
    "PARENT_AGENCY": env("PORTAL_PARENT_AGENCY", default="UBND THÀNH PHỐ CẦN THƠ"),
    "AGENCY": env("PORTAL_AGENCY", default="SỞ CÔNG THƯƠNG"),
    "CENTRE": env("PORTAL_CENTRE", default="Trung tâm Khuyến công thành phố Cần Thơ"),
    "PLACE": env("PORTAL_PLACE", default="Cần Thơ"),
    # Decree 30/2020/NĐ-CP (Appendix I): symbol of the issuing agency in "Số: 15/KH-SCT", and the
    # signer and recipients printed when a year's narrative does not name its own.
    "AGENCY_SYMBOL": env("PORTAL_AGENCY_SYMBOL", default="SCT"),
    "SIGNER_AUTHORITY": env("PORTAL_SIGNER_AUTHORITY", default="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"),
    "SIGNER_NAME": env("PORTAL_SIGNER_NAME", default=""),
    # Recipients separated by "|" (their own text holds commas and semicolons).
    "RECIPIENTS": env(
        "PORTAL_RECIPIENTS",
        # The ministry's department for khuyến công since 2025 (named so in QĐ 2646/QĐ-BCT).
        default="Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);"
        "|UBND thành phố;|Ban Giám đốc Sở;|Lưu: VT, TTKC.",
    ).split("|"),
}

# The double-support window (programs.repeat_support): the same content for an establishment within
# this many years of an earlier start, before or after, needs a recorded reason. The legal basis
# shown beside it stays the module's unless REPEAT_SUPPORT_LEGAL_BASIS names the confirmed article.
REPEAT_SUPPORT: dict[str, object] = {"YEARS": env.int("REPEAT_SUPPORT_YEARS", default=3)}
if env("REPEAT_SUPPORT_LEGAL_BASIS", default=""):
    REPEAT_SUPPORT["LEGAL_BASIS"] = env("REPEAT_SUPPORT_LEGAL_BASIS")

# The date the result of an application is promised by on its receipt (applications.Application.
# result_due_date): this many working days after submission, weekends and public holidays skipped
# (core.workdays). UNCONFIRMED: DOMAIN.md gives no processing time for an application for khuyến
# công support (TT 36/2013 sets deadlines for the Department's steps, not for answering a request),
# so 15 working days is the portal's working assumption until the city's procedure names one; set
# APPLICATION_RESULT_LEGAL_BASIS to the article that does, and the receipt cites it.
APPLICATION_RESULT = {
    "WORKING_DAYS": env.int("APPLICATION_RESULT_WORKING_DAYS", default=15),
    "LEGAL_BASIS": env("APPLICATION_RESULT_LEGAL_BASIS", default=""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
