"""A real Celery worker for the tests that need one: on the test database (PostgreSQL) and Redis.

`.ci/run` provides both; on a laptop without them the tests that ask for `worker` are skipped, and
under CI=true they fail instead, so a missing service never hides a test.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.db import connection

from reports.tests.broker import celery_broker

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 120


def broker_answers() -> bool:
    parts = urlsplit(BROKER_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the real-worker test: {reason}", pytrace=False)
    pytest.skip(reason)


def worker_queue() -> str:
    """A queue of this test database's own: parallel test processes share Redis, never their jobs."""
    return f"test-{connection.settings_dict['NAME']}"


def sending_to_worker():
    """Within it, the test process (and its live server) sends tasks to the test worker's queue."""
    return celery_broker(BROKER_URL, queue=worker_queue())
