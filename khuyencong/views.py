"""The wiring's own view: the health probe."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

# A health probe must answer well inside the orchestrator's own timeout: without
# these, a silent broker keeps the socket read (and the request) waiting forever.
BROKER_TIMEOUT_SECONDS = 2


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Tasks run inside the web process: there is no broker to be down.
        return "eager"
    # A fresh connection to the configured URL rather than Celery's pooled one:
    # the pool retries for about 19 s before it gives up.
    transport_options = {
        **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=BROKER_TIMEOUT_SECONDS,
            transport_options=transport_options,
        ) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        # Kombu raises its own OperationalError, socket errors or the transport
        # library's errors depending on the broker: any of them means "down".
        return "down"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    """Tell a load balancer or `docker compose` whether this instance can serve.

    Costs one `SELECT 1` and, unless Celery runs eagerly, one broker connection
    (at most about 2 s when the broker does not answer). Open to anyone: it says
    only "ok", "eager" or "down", never a host name or a URL.
    """
    database = _database_state()
    broker = _broker_state()
    healthy = database == "ok" and broker in ("ok", "eager")
    return JsonResponse(
        {"database": database, "broker": broker, "status": "ok" if healthy else "down"},
        status=200 if healthy else 503,
    )
