"""Report jobs: queued after commit, built by the task, kept when the queue is down, never stuck running."""

import datetime
import io
import socket
import time
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from beneficiaries.models import Notification
from beneficiaries.tests.personas import StaffTestCase
from reports import services
from reports.models import JobStatus, ReportJob
from reports.tests import build_year
from reports.tests.broker import DEAD_BROKER_URL, celery_broker


class ReportJobTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(2025)
        cls.leader.email = "lanhdao@soct.example.vn"
        cls.leader.save()

    def request(self, **kwargs):
        options = {"user": self.leader, "kind": "results", "year": 2025, "fmt": "xlsx", **kwargs}
        with self.captureOnCommitCallbacks(execute=True):
            job = services.report_job_request(**options)
        job.refresh_from_db()
        return job

    def test_a_request_is_built_after_commit_and_the_requester_told(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            job = services.report_job_request(user=self.leader, kind="plan", year=2025, fmt="xlsx")
        # Nothing is sent before the row is committed: the worker must find it.
        self.assertEqual(job.status, JobStatus.QUEUED)
        self.assertEqual(len(callbacks), 1)

        with self.captureOnCommitCallbacks(execute=True):
            callbacks[0]()
        job.refresh_from_db()

        self.assertEqual((job.status, job.progress, job.attempts, job.error), (JobStatus.DONE, 100, 1, ""))
        self.assertIsNotNone(job.finished_at)
        self.assertTrue(job.file.name.endswith(".xlsx"))
        workbook = load_workbook(io.BytesIO(job.file.read()))
        self.assertIn("Kế hoạch", workbook.sheetnames)
        notice = Notification.objects.get(recipient=self.leader)
        self.assertIn("Kế hoạch khuyến công năm 2025", notice.message)
        self.assertIn("sẵn sàng", notice.message)
        self.assertEqual(notice.url, "/reports/jobs/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["lanhdao@soct.example.vn"])
        self.assertIn("đã sẵn sàng", mail.outbox[0].subject)

    def test_bad_requests_are_refused_and_nothing_is_saved(self):
        for bad in ({"year": 1999}, {"kind": "budget"}, {"fmt": "docx"}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.request(**bad)
        self.assertFalse(ReportJob.objects.exists())

    def test_an_unreachable_queue_keeps_the_request_and_says_so(self):
        started = time.monotonic()
        with celery_broker(DEAD_BROKER_URL):
            job = self.request()
        self.assertLess(time.monotonic() - started, 3, "the person who asked must not wait for the broker")

        self.assertEqual(job.status, JobStatus.QUEUED)
        self.assertTrue(job.queue_unavailable)
        self.assertFalse(job.file)

        # The queue is back (eager here): the periodic sweep sends the request again.
        with self.captureOnCommitCallbacks(execute=True):
            result = services.report_jobs_sweep()
        job.refresh_from_db()
        self.assertEqual(result["sent"], 1)
        self.assertEqual(job.status, JobStatus.DONE)
        self.assertFalse(job.queue_unavailable)

    def test_a_broker_that_never_answers_keeps_the_request_within_seconds(self):
        # A socket that accepts connections but never speaks: a firewalled or overloaded broker.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(5)
            started = time.monotonic()
            with celery_broker(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
                job = self.request()
            elapsed = time.monotonic() - started
        self.assertLess(elapsed, 8)  # the transport's socket timeout (5 s), not Celery's long retries
        self.assertEqual(job.status, JobStatus.QUEUED)
        self.assertTrue(job.queue_unavailable)

    def test_a_failed_build_says_why_and_can_be_retried(self):
        with mock.patch("reports.services.build_report", side_effect=RuntimeError("disk full")):
            job = self.request()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("lỗi khi lập báo cáo", job.error)
        self.assertNotIn("disk full", job.error)  # no internals shown to a leader
        self.assertTrue(Notification.objects.filter(recipient=self.leader, message__contains="Không lập được").exists())

        with self.captureOnCommitCallbacks(execute=True):
            services.report_job_retry(job=job)
        job.refresh_from_db()
        self.assertEqual((job.status, job.error, job.attempts), (JobStatus.DONE, "", 1))

    def test_a_storage_failure_fails_the_job_with_a_message(self):
        with mock.patch("django.core.files.storage.FileSystemStorage.save", side_effect=OSError("no space left")):
            job = self.request()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("lỗi khi lập báo cáo", job.error)
        self.assertFalse(job.queue_unavailable)  # the queue was fine: the message must not blame it

    def test_only_failed_or_unsent_jobs_can_be_retried(self):
        job = self.request()
        with self.assertRaises(ValidationError):
            services.report_job_retry(job=job)

    def test_a_redelivered_job_runs_again_until_attempts_run_out(self):
        job = ReportJob.objects.create(
            requested_by=self.leader, kind="results", year=2025, format="xlsx", status=JobStatus.RUNNING, attempts=1
        )
        # The worker that had it died; the broker hands the message to another one.
        with self.captureOnCommitCallbacks(execute=True):
            services.report_job_run(job_id=job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.DONE, 2))

        doomed = ReportJob.objects.create(
            requested_by=self.leader,
            kind="results",
            year=2025,
            format="xlsx",
            status=JobStatus.RUNNING,
            attempts=ReportJob.MAX_ATTEMPTS,
        )
        services.report_job_run(job_id=doomed.pk)
        doomed.refresh_from_db()
        self.assertEqual(doomed.status, JobStatus.FAILED)
        self.assertIn("3 lần thử", doomed.error)

    def test_a_finished_job_is_not_built_twice(self):
        job = self.request()
        built_at = job.finished_at
        services.report_job_run(job_id=job.pk)
        job.refresh_from_db()
        self.assertEqual((job.attempts, job.finished_at), (1, built_at))

    def test_the_sweep_ends_runs_whose_worker_is_gone(self):
        long_ago = timezone.now() - datetime.timedelta(hours=2)
        kwargs = {"requested_by": self.leader, "kind": "plan", "year": 2025, "format": "xlsx"}
        lost = ReportJob.objects.create(**kwargs, status=JobStatus.RUNNING, attempts=1, started_at=long_ago)
        spent = ReportJob.objects.create(
            **kwargs, status=JobStatus.RUNNING, attempts=ReportJob.MAX_ATTEMPTS, started_at=long_ago
        )
        recent = ReportJob.objects.create(**kwargs, status=JobStatus.RUNNING, attempts=1, started_at=timezone.now())

        with self.captureOnCommitCallbacks(execute=True):
            result = services.report_jobs_sweep()

        for job in (lost, spent, recent):
            job.refresh_from_db()
        self.assertEqual(lost.status, JobStatus.DONE)  # queued again and built
        self.assertEqual(spent.status, JobStatus.FAILED)
        self.assertIn("gián đoạn", spent.error)
        self.assertEqual(recent.status, JobStatus.RUNNING)  # still within its time limit
        self.assertEqual(result["failed"], 1)


class BuildReportCommandTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(2025)

    def test_it_writes_the_report_to_the_given_path(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bao-cao.xlsx"
            out = io.StringIO()
            call_command("build_report", kind="results", year=2025, format="xlsx", output=str(path), stdout=out)
            workbook = load_workbook(path)
        self.assertIn("Chỉ tiêu", workbook.sheetnames)
        self.assertIn("bao-cao.xlsx", out.getvalue())
