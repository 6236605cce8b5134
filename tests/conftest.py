"""Fixtures of the tests in tests/: a real Celery worker for the report tests."""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests.worker_helpers import BROKER_URL, WAIT_SECONDS, broker_answers, require, worker_queue


@contextmanager
def _celery_worker(log_path: Path, pool: str):
    """A Celery worker process on the test database and the test broker, stopped on the way out."""
    require(connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL), not SQLite")
    require(broker_answers(), f"needs Redis at {BROKER_URL} (CELERY_TEST_BROKER_URL)")
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings.test",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
        # The worker's own tasks (the "report ready" e-mail) go to the same queue (settings/test.py).
        "CELERY_TEST_QUEUE": worker_queue(),
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = log_path.open("w", buffering=1)
    process = subprocess.Popen(
        # -Q: this test database's queue only. --purge: messages an earlier run left behind name rows
        # this database never had.
        [celery, "-A", "khuyencong", "-b", BROKER_URL, "worker", "-Q", worker_queue(), f"--pool={pool}",
         "--concurrency=1", "--purge", "-l", "info", "--max-tasks-per-child=5", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # --purge empties the queue at start-up: ask for the report only once the worker is ready.
        deadline = time.monotonic() + WAIT_SECONDS
        while "ready." not in log_path.read_text():
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "the Celery worker did not start"
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A worker that builds in its own process (solo pool); its log is tmp_path / "worker.log"."""
    with _celery_worker(tmp_path / "worker.log", "solo") as process:
        yield process


@pytest.fixture
def prefork_worker(transactional_db, tmp_path):
    """A worker that builds in a child process, as in production: the child can be killed mid-task."""
    with _celery_worker(tmp_path / "worker.log", "prefork") as process:
        yield process
