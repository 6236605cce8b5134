"""Point the Celery app at a real (or dead) broker for one test, then back to eager mode."""

from contextlib import contextmanager

from celery import current_app

# Nothing listens on port 1: the connection is refused at once.
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


@contextmanager
def celery_broker(url: str, queue: str | None = None):
    """Send tasks to `url` (into `queue` when given) instead of running them in-process."""
    conf = current_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    conf.broker_url, conf.task_always_eager = url, False
    conf.task_default_queue = queue or conf.task_default_queue
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
