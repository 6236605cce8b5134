"""Celery tasks of the reports: thin adapters that take ids and call the services."""

from celery import shared_task
from django.db import OperationalError

from reports import services


@shared_task(
    acks_late=True,  # a worker killed mid-build gives the message back (see CELERY_TASK_REJECT_ON_WORKER_LOST)
    autoretry_for=(OperationalError,),  # the database restarting is worth waiting for
    retry_backoff=5,
    max_retries=3,
)
def build_report_task(job_id: int) -> None:
    """Build the report of one job; the soft and hard time limits come from CELERY_TASK_*_TIME_LIMIT."""
    services.report_job_run(job_id=job_id)


@shared_task
def sweep_report_jobs() -> dict[str, int]:
    """Run by beat: send again what the queue lost, end runs whose worker is gone."""
    return services.report_jobs_sweep()
