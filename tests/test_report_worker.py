"""A real Celery worker on Redis builds a report asked for through the web (run by .ci/run).

The test starts `celery worker` as a separate process on the test database, asks for the 2025
results report as a leader would (a POST to the dashboard's form), waits for the worker, downloads
the file and reads it back. It needs PostgreSQL (the worker must see the test's committed rows) and
Redis; on a laptop without them it is skipped, under CI=true it fails instead.
"""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import JobStatus, ReportJob
from tests.browser_helpers import reference_data
from tests.worker_helpers import WAIT_SECONDS, sending_to_worker


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
