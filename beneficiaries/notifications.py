"""Tell users what happened: an in-app notice, and an e-mail sent by Celery after the commit."""

from collections.abc import Iterable

from django.db import transaction

from beneficiaries.models import Notification
from beneficiaries.tasks import send_email_task


def notify(*, users: Iterable, message: str, url: str = "", email_subject: str = "", email_body: str = "") -> None:
    """Write one notice per user and, when a subject is given, e-mail those who have an address.

    The e-mail leaves after the transaction commits, from a Celery task (in-process
    when no broker is configured), so the request never waits for the mail server.
    """
    users = [user for user in users if user is not None]
    Notification.objects.bulk_create([Notification(recipient=user, message=message[:300], url=url) for user in users])
    recipients = sorted({user.email for user in users if user.email})
    if email_subject and recipients:
        body = email_body or message
        transaction.on_commit(lambda: send_email_task.delay(email_subject, body, recipients))
