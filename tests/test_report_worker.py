"""A real Celery worker on Redis builds a report asked for through the web (run by .ci/run).

The test starts `celery worker` as a separate process on the test database, asks for the 2025
results report as a leader would (a POST to the dashboard's form), waits for the worker, downloads
the file and reads it back. It needs PostgreSQL (the worker must see the test's committed rows) and
Redis; on a laptop without them it is skipped, under CI=true it fails instead.
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from reports.models import JobStatus, ReportJob
from reports.tests.broker import celery_broker
from tests.browser_helpers import reference_data

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 120


def _broker_answers() -> bool:
    parts = urlsplit(BROKER_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the real-worker test: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A Celery worker process on the test database and the test broker, stopped after the test."""
    _require(connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL), not SQLite")
    _require(_broker_answers(), f"needs Redis at {BROKER_URL} (CELERY_TEST_BROKER_URL)")
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khuyencong.settings.test",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = (tmp_path / "worker.log").open("w", buffering=1)
    process = subprocess.Popen(
        # --purge: messages an earlier run left behind name rows this database never had.
        [celery, "-A", "khuyencong", "-b", BROKER_URL, "worker", "--pool=solo", "--purge", "-l", "info",
         "--max-tasks-per-child=5", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # --purge empties the queue at start-up: ask for the report only once the worker is ready.
        deadline = time.monotonic() + WAIT_SECONDS
        while "ready." not in (tmp_path / "worker.log").read_text():
            assert process.poll() is None, (tmp_path / "worker.log").read_text()
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


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_results_report_a_leader_asked_for(worker, client, tmp_path):
    from django.contrib.auth.models import Group

    from programs.tests.personas import make_user
    from reports.tests import build_year

    reference_data()
    build_year(2025)
    leader = make_user("lanhdao-worker", None)
    leader.groups.add(Group.objects.get(name="leader"))
    client.force_login(leader)

    with celery_broker(BROKER_URL):
        response = client.post(reverse("reports:job_create"), {"kind": "results", "year": 2025, "format": "pdf"})
    assert response.status_code in (200, 302)
    job = ReportJob.objects.get(requested_by=leader)
    assert not job.queue_unavailable

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished or worker.poll() is not None:
            break
        time.sleep(0.5)
    log = (tmp_path / "worker.log").read_text()
    assert job.status == JobStatus.DONE, f"job {job.status} ({job.error}); worker log:\n{log[-3000:]}"
    assert job.attempts == 1

    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert "bao-cao-ket-qua-khuyen-cong-2025.pdf" in download["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kết quả thực hiện công tác khuyến công năm 2025".upper() in text.upper()
    # The state money approved in 2025 (build_year: 200 + 60 million; proposed and cancelled do not count).
    assert "260.000.000" in text
