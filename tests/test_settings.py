"""Settings read from the environment, checked in a fresh interpreter each time.

Each case runs `django.setup()` in a subprocess with an explicit environment, so
neither this test run's settings nor a developer's own variables leak in. The
settings also read a `.env` beside manage.py; the subprocess disables that read so
a developer's `.env` cannot change the outcome either.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key
from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = """
import json
import environ
environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)  # ignore the developer's .env
import django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY_SET": bool(settings.SECRET_KEY),
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "LANGUAGES": [code for code, name in settings.LANGUAGES],
    "TIME_ZONE": settings.TIME_ZONE,
    "USE_TZ": settings.USE_TZ,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "PRIVATE_STORAGE": settings.STORAGES["private"],
    "RECIPIENTS": settings.PORTAL["RECIPIENTS"],
}))
"""


def start(**env: str) -> subprocess.CompletedProcess:
    """Set up Django under khuyencong.settings.base with only the given variables."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings.base",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd="/tmp",
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_under(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION_KEY = get_random_secret_key()


class SecretKeyTests(SimpleTestCase):
    def assertRefuses(self, result: subprocess.CompletedProcess) -> None:
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_it_refuses_to_start_without_secret_key_when_debug_is_off(self):
        self.assertRefuses(start(DEBUG="false"))

    def test_it_refuses_to_start_without_secret_key_by_default(self):
        # DEBUG unset means production.
        self.assertRefuses(start())

    def test_it_refuses_the_startproject_placeholder_key(self):
        self.assertRefuses(start(DEBUG="false", SECRET_KEY="django-insecure-xxx"))

    def test_it_refuses_a_django_insecure_key_of_any_length(self):
        self.assertRefuses(start(DEBUG="false", SECRET_KEY="django-insecure-" + get_random_secret_key()))

    def test_it_refuses_a_short_key(self):
        self.assertRefuses(start(DEBUG="false", SECRET_KEY=PRODUCTION_KEY[:20]))

    def test_it_refuses_a_repetitive_key(self):
        self.assertRefuses(start(DEBUG="false", SECRET_KEY="ab" * 30))

    def test_it_refuses_a_mistyped_boolean_rather_than_guessing(self):
        result = start(DEBUG="ture", SECRET_KEY=PRODUCTION_KEY)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must be true or false", result.stderr)

    def test_it_starts_in_production_with_a_random_key(self):
        settings = settings_under(DEBUG="false", SECRET_KEY=PRODUCTION_KEY)
        self.assertIs(settings["DEBUG"], False)

    def test_it_takes_a_key_starting_with_a_dollar_as_it_is(self):
        # Django's generator draws "$" too; django-environ would read "$..." as another variable's name.
        settings = settings_under(DEBUG="false", SECRET_KEY="$" + PRODUCTION_KEY[1:])
        self.assertIs(settings["SECRET_KEY_SET"], True)

    def test_it_starts_in_debug_without_secret_key(self):
        settings = settings_under(DEBUG="true")
        self.assertIs(settings["DEBUG"], True)
        self.assertIs(settings["SECRET_KEY_SET"], True)


class EnvironmentDefaultsTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One interpreter for all the defaults: nothing but a valid key is set.
        cls.defaults = settings_under(SECRET_KEY=PRODUCTION_KEY)

    def test_it_defaults_to_sqlite_in_the_project(self):
        self.assertEqual(self.defaults["ENGINE"], "django.db.backends.sqlite3")
        self.assertEqual(self.defaults["NAME"], str(BASE_DIR / "db.sqlite3"))

    def test_it_reads_database_url(self):
        settings = settings_under(SECRET_KEY=PRODUCTION_KEY, DATABASE_URL="postgres://kc@db.example:5432/khuyencong")
        self.assertEqual(settings["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(settings["NAME"], "khuyencong")

    def test_it_runs_celery_eagerly_without_a_broker(self):
        self.assertEqual(self.defaults["CELERY_BROKER_URL"], "")
        self.assertIs(self.defaults["CELERY_TASK_ALWAYS_EAGER"], True)

    def test_it_uses_the_broker_when_one_is_set(self):
        settings = settings_under(SECRET_KEY=PRODUCTION_KEY, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
        self.assertEqual(settings["CELERY_BROKER_URL"], "redis://127.0.0.1:6379/0")
        self.assertIs(settings["CELERY_TASK_ALWAYS_EAGER"], False)

    def test_it_speaks_vietnamese_first_with_english_available(self):
        self.assertEqual(self.defaults["LANGUAGE_CODE"], "vi")
        self.assertEqual(self.defaults["LANGUAGES"], ["vi", "en"])

    def test_it_keeps_time_in_ho_chi_minh_city(self):
        self.assertEqual(self.defaults["TIME_ZONE"], "Asia/Ho_Chi_Minh")
        self.assertIs(self.defaults["USE_TZ"], True)

    def test_it_prints_mail_to_the_console_by_default(self):
        self.assertEqual(self.defaults["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend")

    def test_it_is_not_in_debug_by_default(self):
        self.assertIs(self.defaults["DEBUG"], False)

    def test_report_files_go_to_the_private_folder_by_default(self):
        storage = self.defaults["PRIVATE_STORAGE"]
        self.assertEqual(storage["BACKEND"], "django.core.files.storage.FileSystemStorage")
        self.assertEqual(storage["OPTIONS"], {"location": str(BASE_DIR / "private"), "base_url": None})

    def test_the_private_storage_is_a_matter_of_configuration(self):
        # An S3-compatible bucket is set the same way (storages.backends.s3.S3Storage, once installed);
        # a backend Django ships stands in for it here.
        settings = settings_under(
            SECRET_KEY=PRODUCTION_KEY,
            PRIVATE_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
            PRIVATE_STORAGE_OPTIONS='{"location": "khuyencong-private", "base_url": null}',
        )
        self.assertEqual(
            settings["PRIVATE_STORAGE"],
            {
                "BACKEND": "django.core.files.storage.InMemoryStorage",
                "OPTIONS": {"location": "khuyencong-private", "base_url": None},
            },
        )

    def test_report_recipients_keep_their_commas(self):
        self.assertEqual(self.defaults["RECIPIENTS"][-1], "Lưu: VT, TTKC.")
        settings = settings_under(SECRET_KEY=PRODUCTION_KEY, PORTAL_RECIPIENTS="UBND tỉnh;|Lưu: VT, KHTC.")
        self.assertEqual(settings["RECIPIENTS"], ["UBND tỉnh;", "Lưu: VT, KHTC."])
