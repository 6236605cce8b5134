"""Celery tasks of the registry: thin adapters, discovered by the worker through this module."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_email_task(self, subject: str, body: str, recipients: list[str]) -> None:
    """Send one e-mail; retried when the mail server is away."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError as error:
        raise self.retry(exc=error) from error
