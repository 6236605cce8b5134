"""A database of the portal from before news had an app of its own keeps every announcement.

Until programs/0009 the news lived in programs (table programs_announcement, content type
"programs.announcement"). The test puts its database back there, writes an announcement with
the models of that time, migrates to the latest migrations and reads it with today's model.
"""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from public.models import Announcement

# The last migrations before applications and news left programs; the new apps not yet there.
BEFORE_THE_MOVE = [("programs", "0009_attachments_private_storage"), ("applications", None), ("public", None)]
PUBLISHED_AT = datetime.datetime(2025, 11, 20, 8, 30, tzinfo=datetime.UTC)


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before the move, on a database migrated back there; latest again afterwards."""
    try:
        yield MigrationExecutor(connection).migrate(BEFORE_THE_MOVE).apps
    finally:
        migrate_to_latest()


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_an_existing_database_keeps_its_news(old_apps):
    assert "programs_announcement" in table_names()
    author = old_apps.get_model("auth", "User").objects.create(username="mig-bientap")
    old = old_apps.get_model("programs", "Announcement").objects.create(
        title="Mở đợt đăng ký hỗ trợ khuyến công năm 2026",
        slug="mo-dot-dang-ky-2026",
        summary="Cơ sở nộp hồ sơ trực tuyến đến hết tháng 12.",
        body="Nội dung chi tiết của thông báo.",
        published=True,
        published_at=PUBLISHED_AT,
        author=author,
    )
    content_type = old_apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="programs", model="announcement"
    )[0]
    entry = old_apps.get_model("admin", "LogEntry").objects.create(
        user=author,
        content_type=content_type,
        object_id=str(old.pk),
        object_repr=old.title,
        action_flag=ADDITION,
        change_message="[]",
    )

    migrate_to_latest()

    announcement = Announcement.objects.get()
    assert announcement.pk == old.pk
    assert announcement.title == "Mở đợt đăng ký hỗ trợ khuyến công năm 2026"
    assert announcement.slug == "mo-dot-dang-ky-2026"
    assert announcement.published_at == PUBLISHED_AT
    assert announcement.author.username == "mig-bientap"
    tables = table_names()
    assert "public_announcement" in tables
    assert "programs_announcement" not in tables
    # PostgreSQL's pattern index of the slug carries the name a later migration would look for.
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "public_announcement")
    pattern_indexes = {name for name in names if name.endswith("_like")}
    if connection.vendor == "postgresql":
        assert pattern_indexes == {"public_announcement_slug_98f5b7e1_like"}
    else:
        assert pattern_indexes == set()
    moved = ContentType.objects.get(pk=content_type.pk)
    assert (moved.app_label, moved.model) == ("public", "announcement")
    assert ContentType.objects.get_for_model(Announcement).pk == content_type.pk
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == announcement
