"""Real Celery workers on Redis build reports asked for through the web, even when one dies (run by .ci/run).

The test starts `celery worker` as a separate process on the test database, asks for the 2025
results report as a leader would (a POST to the dashboard's form), waits for the worker, downloads
the file and reads it back. It needs PostgreSQL (the worker must see the test's committed rows) and
Redis; on a laptop without them it is skipped, under CI=true it fails instead.
"""

import io
import os
import signal
import time
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import JobStatus, ReportJob
from tests.browser_helpers import reference_data
from tests.worker_helpers import WAIT_SECONDS, sending_to_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_results_report_a_leader_asked_for(worker, client, tmp_path):
    from django.contrib.auth.models import Group

    from beneficiaries.tests.personas import make_user
    from reports.tests import build_year

    reference_data()
    build_year(2025)
    leader = make_user("lanhdao-worker", None)
    leader.groups.add(Group.objects.get(name="leader"))
    client.force_login(leader)

    with sending_to_worker():
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


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the pool's children), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.django_db(transaction=True)
def test_a_build_whose_worker_process_dies_is_run_again_not_left_running(prefork_worker, tmp_path):
    from beneficiaries.tests.personas import make_user
    from reports import services
    from reports.tests import build_year

    reference_data()
    for tag in "ABCDEF":  # enough projects for the build to take a moment
        build_year(2025, tag)
    leader = make_user("lanhdao-kill", "leader")

    with sending_to_worker():
        job = services.report_job_request(user=leader, kind="plan", year=2025, fmt="pdf")

    # Kill the pool's child as soon as it has started on the job: the power cut, the OOM killer.
    deadline = time.monotonic() + WAIT_SECONDS
    while ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).count() == 0:
        assert time.monotonic() < deadline, "the worker never started the job"
        time.sleep(0.02)
    [child] = _children(prefork_worker.pid)
    os.kill(child, signal.SIGKILL)

    # Late acknowledgement: the message goes back to the queue and a new child builds the report.
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    log = (tmp_path / "worker.log").read_text()
    assert job.status == JobStatus.DONE, f"job {job.status} ({job.error}); worker log:\n{log[-3000:]}"
    assert job.attempts == 2, log[-3000:]
    assert "WorkerLostError" in log or "signal 9" in log
    assert job.file.read(5) == b"%PDF-"
