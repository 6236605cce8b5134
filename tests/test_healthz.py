import os
import socket
import time
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings

from tests.worker_helpers import BROKER_URL, broker_answers

# Nothing listens on port 1: the connection is refused at once.
DEAD_BROKER_URL = "redis://:s3cret-password@127.0.0.1:1/0"


# Eager unless a test says otherwise, whatever a developer's environment holds.
@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
class HealthzTests(TestCase):
    def test_it_reports_eager_celery_as_healthy(self):
        response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"database": "ok", "broker": "eager", "status": "ok"})

    def test_it_needs_no_login(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")

    def test_it_rejects_post(self):
        response = self.client.post("/healthz")
        self.assertEqual(response.status_code, 405)

    def test_it_is_never_cached(self):
        response = self.client.get("/healthz")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_it_reports_a_database_outage(self):
        broken = mock.MagicMock()
        broken.cursor.side_effect = OperationalError("connection refused")
        with mock.patch("khuyencong.views.connection", broken):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"database": "down", "broker": "eager", "status": "down"})

    @override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_BROKER_URL)
    def test_it_reports_an_unreachable_broker_quickly(self):
        started = time.monotonic()
        response = self.client.get("/healthz")
        elapsed = time.monotonic() - started

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"database": "ok", "broker": "down", "status": "down"})
        # Celery's own connection would retry for about 19 s.
        self.assertLess(elapsed, 5)

    def test_it_gives_up_on_a_broker_that_never_answers(self):
        # A socket that accepts connections (through the listen backlog) but never
        # speaks: the hang a firewalled or overloaded broker produces.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(1)
            port = silent.getsockname()[1]
            with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"):
                started = time.monotonic()
                response = self.client.get("/healthz")
                elapsed = time.monotonic() - started

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["broker"], "down")
        self.assertLess(elapsed, 5)

    @override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_BROKER_URL)
    def test_it_does_not_leak_the_broker_url(self):
        response = self.client.get("/healthz")

        body = response.content.decode()
        self.assertNotIn("s3cret", body)
        self.assertNotIn("127.0.0.1", body)

    def test_it_reports_a_live_broker(self):
        if not broker_answers():
            if os.environ.get("CI") == "true":
                self.fail(f"CI needs Redis at {BROKER_URL} (set CELERY_TEST_BROKER_URL)")
            self.skipTest(f"no Redis answers at {BROKER_URL}")

        with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=BROKER_URL):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"database": "ok", "broker": "ok", "status": "ok"})
