"""Reads for the public site's news."""

from django.db.models import QuerySet
from django.utils import timezone

from public.models import Announcement

# How many announcements the home page shows; the rest are on /tin-tuc/.
HOME_NEWS_COUNT = 3


def published_announcements() -> QuerySet[Announcement]:
    """Announcements visitors may read, newest first (publication dates in the future stay hidden)."""
    return Announcement.objects.filter(published=True, published_at__lte=timezone.now()).order_by(
        "-published_at", "-pk"
    )


def latest_announcements(count: int = HOME_NEWS_COUNT) -> list[Announcement]:
    """The newest published announcements for the home page (one query)."""
    return list(published_announcements()[:count])
