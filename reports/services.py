"""Asking for a report, building it, and keeping no job waiting or running forever."""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from beneficiaries.notifications import notify
from reports.builders import build_report
from reports.models import JobStatus, ReportJob, ReportNarrative

logger = logging.getLogger(__name__)

# A queued job not started after this long is sent again (Redis may have lost the message).
QUEUED_PATIENCE = datetime.timedelta(minutes=10)
BROKER_TIMEOUT = 3  # seconds


def _send(job_id: int) -> None:
    """Hand the job to the broker; when the broker cannot be reached, keep the job and say so."""
    from reports.tasks import build_report_task

    app = build_report_task.app
    try:
        if app.conf.task_always_eager:
            build_report_task.apply_async(args=[job_id])
        else:
            # One connection tried once: Celery's own publishing retries for many seconds,
            # and the person who asked is waiting for the page.
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
                build_report_task.apply_async(args=[job_id], retry=False, connection=connection)
    except (KombuError, RedisError, OSError):
        logger.warning("Report job %s kept: the task queue cannot be reached", job_id, exc_info=True)
        ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(queue_unavailable=True)
    else:
        ReportJob.objects.filter(pk=job_id, queue_unavailable=True).update(queue_unavailable=False)


def _send_after_commit(job: ReportJob) -> None:
    transaction.on_commit(lambda: _send(job.pk))


def report_job_request(*, user: User, kind: str, year: int, fmt: str) -> ReportJob:
    """Record a request for a report and queue it once the row is committed (the task gets the id only)."""
    job = ReportJob(requested_by=user, kind=kind, year=year, format=fmt)
    job.full_clean()
    with transaction.atomic():
        job.save()
        _send_after_commit(job)
    return job


def report_job_retry(*, job: ReportJob) -> ReportJob:
    """Ask again for a failed job, or send again a request the queue could not take."""
    if not (job.status == JobStatus.FAILED or (job.status == JobStatus.QUEUED and job.queue_unavailable)):
        raise ValidationError(_("Chỉ yêu cầu bị lỗi hoặc chưa gửi được mới có thể thử lại."))
    with transaction.atomic():
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED, progress=0, attempts=0, error="", started_at=None, finished_at=None
        )
        _send_after_commit(job)
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> ReportJob | None:
    """Mark the job running and count the attempt; None when there is nothing to do.

    A job found "running" was being built by a worker that died: this is its redelivery. After
    `MAX_ATTEMPTS` it fails for good rather than bringing down worker after worker.
    """
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.attempts >= ReportJob.MAX_ATTEMPTS:
            _fail(job, _("Báo cáo không lập được sau %(n)s lần thử; vui lòng thử lại sau.") % {"n": job.attempts})
            return None
        job.status, job.progress, job.queue_unavailable = JobStatus.RUNNING, 5, False
        job.attempts += 1
        job.started_at, job.error = timezone.now(), ""
        job.save(update_fields=["status", "progress", "queue_unavailable", "attempts", "started_at", "error"])
    return job


def _fail(job: ReportJob, message: str) -> None:
    job.status, job.error, job.finished_at = JobStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    notify(
        users=[job.requested_by],
        message=_("Không lập được %(report)s: %(error)s") % {"report": job, "error": message},
        url=reverse("reports:jobs"),
    )


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Build the job's file, store it and tell the requester (in the portal and by e-mail)."""
    job = _claim(job_id)
    if job is None:
        return None

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent)

    try:
        built = build_report(kind=job.kind, year=job.year, fmt=job.format, progress=progress)
        job.file.save(built.filename, ContentFile(built.content), save=False)
    except SoftTimeLimitExceeded:
        _fail(job, _("Lập báo cáo quá thời gian cho phép."))
        return job
    except DatabaseError:
        raise  # the task tries again once the database is back (build_report_task's autoretry)
    except Exception:
        # A template, a font or the storage: the leader gets a clear message, the log the details.
        logger.exception("Report job %s failed", job.pk)
        _fail(job, _("Đã xảy ra lỗi khi lập báo cáo. Bộ phận kỹ thuật đã được ghi nhận; vui lòng thử lại."))
        return job
    job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    url = reverse("reports:jobs")
    notify(
        users=[job.requested_by],
        message=_("%(report)s đã lập xong, sẵn sàng tải về.") % {"report": job},
        url=url,
        email_subject=_("[Khuyến công] %(report)s đã sẵn sàng") % {"report": job},
        email_body=_("%(report)s đã lập xong. Anh/chị tải tệp tại mục Báo cáo của cổng khuyến công.") % {"report": job},
    )
    return job


def report_jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The periodic check: send again what the queue lost, and end runs that outlived the time limit.

    A run older than the hard time limit (plus a margin) belongs to a worker that is gone: it is
    queued again while attempts remain, else failed. Nothing stays "running" forever.
    """
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stale = ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - limit)
    failed, requeued = 0, []
    for job in stale.select_related("requested_by"):
        if job.attempts >= ReportJob.MAX_ATTEMPTS:
            _fail(job, _("Quá trình lập báo cáo bị gián đoạn; vui lòng thử lại."))
            failed += 1
        elif ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED, progress=0):
            requeued.append(job.pk)
    waiting = ReportJob.objects.filter(status=JobStatus.QUEUED).filter(
        Q(queue_unavailable=True) | Q(created_at__lt=now - QUEUED_PATIENCE)
    )
    sent = sorted(set(requeued) | set(waiting.values_list("pk", flat=True)))
    for job_id in sent:
        _send(job_id)
    return {"failed": failed, "sent": len(sent)}


def narrative_save(*, narrative: ReportNarrative, user: User) -> ReportNarrative:
    """Save a year's narrative texts, recording who wrote them (the history keeps every version)."""
    narrative.updated_by = user
    narrative.full_clean()
    narrative.save()
    return narrative
