"""A database of the portal from before applications had an app of their own keeps every row.

Until programs/0009 the applications lived in programs (tables programs_application and the
like, content types "programs.application"...). The test puts its database back there, writes
rows with the models of that time, migrates to the latest migrations and reads them with
today's models: same rows, same links, renamed tables, and the content types (with their
permissions and admin log) moved to "applications" under the same ids.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationMessage,
    ApplicationStatusChange,
    Appraisal,
)
from programs.models import Project

# The last migrations before applications and news left programs; the new apps not yet there.
BEFORE_THE_MOVE = [("programs", "0009_attachments_private_storage"), ("applications", None), ("public", None)]
MOVED = ["application", "applicationattachment", "applicationmessage", "applicationstatuschange", "appraisal"]
HISTORY = "historicalapplication"
ATTACHMENT_NAME = "applications/7d1c2a0e-5b7f-4c35-9a43-2f0d6c1b9e11/0b5e6c9d4a2f4e8b9c1d3e5f7a9b1c3d"


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before the move, on a database migrated back there; latest again afterwards."""
    try:
        # The state migrate() returns is the database's: the old programs models, every other app as it is.
        yield MigrationExecutor(connection).migrate(BEFORE_THE_MOVE).apps
    finally:
        migrate_to_latest()


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def constraint_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def pattern_indexes() -> set[str]:
    tables = [model._meta.db_table for model in (Application, Application.history.model)]
    return {name for table in tables for name in constraint_names(table) if name.endswith("_like")}


def expected_pattern_indexes() -> set[str]:
    """The names of the varchar pattern indexes Django would look for on PostgreSQL (none elsewhere)."""
    if connection.vendor != "postgresql":
        return set()
    editor = connection.schema_editor()
    return {
        editor._create_index_name(model._meta.db_table, [field.column], suffix="_like")
        for model in (Application, Application.history.model)
        for field in model._meta.local_fields
        if editor._create_like_index_sql(model, field) is not None
    }


def write_old_rows(apps) -> dict:
    """An application converted into a project, with everything hanging from it, written by the old models."""
    model = apps.get_model
    now = timezone.now()
    staff = model("auth", "User").objects.create(username="mig-canbo", first_name="Lan")
    owner = model("auth", "User").objects.create(username="mig-coso")

    unit = model("beneficiaries", "AdministrativeUnit")
    province = unit.objects.create(code="M92", name="Thành phố Cần Thơ", kind="city")
    commune = unit.objects.create(code="M31338", name="Xã Hỏa Lựu", kind="xa", parent=province)
    establishment = model("beneficiaries", "Establishment").objects.create(
        name="Cơ sở chế biến khóm Hỏa Lựu",
        legal_form="household",
        tax_code="9399990001",
        representative="Nguyễn Văn Tâm",
        commune=commune,
    )
    content = model("programs", "SupportContent").objects.create(code="MKC03b", name="Máy móc thiết bị")
    plan = model("programs", "AnnualPlan").objects.create(
        year=2025, level="local", title="Kế hoạch khuyến công địa phương năm 2025 (thử chuyển)"
    )
    project = model("programs", "Project").objects.create(
        code="MIG-2025-001",
        title="Hỗ trợ máy sấy khóm",
        content=content,
        plan=plan,
        implementing_unit="Trung tâm Khuyến công",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 10, 31),
    )

    fields = {
        "establishment": establishment,
        "content": content,
        "title": "Máy sấy khóm năng lượng mặt trời",
        "need": "Sấy khóm quanh năm",
        "eligible_cost": Decimal("450000000"),
        "support_requested": Decimal("180000000"),
        "counterpart_committed": Decimal("270000000"),
        "planned_start": datetime.date(2025, 3, 1),
        "planned_end": datetime.date(2025, 10, 31),
        "status": "converted",
        "receipt_number": "TN-2025-000042",
        "submitted_at": now - datetime.timedelta(days=30),
        "decided_at": now - datetime.timedelta(days=5),
        "assigned_to": staff,
        "created_by": owner,
        "project": project,
    }
    application = model("programs", "Application").objects.create(**fields)
    model("programs", "HistoricalApplication").objects.create(
        id=application.id,
        uuid=application.uuid,
        created_at=application.created_at,
        history_date=now,
        history_type="~",
        history_user=staff,
        **fields,
    )
    model("programs", "ApplicationAttachment").objects.create(
        application=application,
        kind="quote",
        file=ATTACHMENT_NAME,
        original_name="Báo giá máy sấy.pdf",
        content_type="application/pdf",
        size=182_044,
        uploaded_by=owner,
    )
    message = model("programs", "ApplicationMessage").objects.create(
        application=application, author=staff, from_staff=True, body="Xin bổ sung báo giá thứ hai."
    )
    model("programs", "ApplicationStatusChange").objects.create(
        application=application, from_status="approved", to_status="converted", changed_by=staff
    )
    model("programs", "Appraisal").objects.create(
        application=application,
        appraiser=staff,
        principles_score=9,
        need_effect_score=8,
        cost_score=7,
        capacity_score=8,
        completeness_score=10,
        conclusion="Đủ điều kiện hỗ trợ.",
    )

    # What Django had made for these models: content types, their permissions, a staff
    # member holding one, and the admin's log of a change.
    content_types = model("contenttypes", "ContentType").objects
    assert not content_types.filter(app_label="applications").exists()
    type_ids = {name: content_types.get_or_create(app_label="programs", model=name)[0].pk for name in [*MOVED, HISTORY]}
    permission, _ = model("auth", "Permission").objects.get_or_create(
        content_type_id=type_ids["application"],
        codename="view_application",
        defaults={"name": "Can view hồ sơ đề nghị hỗ trợ"},
    )
    staff.user_permissions.add(permission)
    entry = model("admin", "LogEntry").objects.create(
        action_time=now,
        user=staff,
        content_type_id=type_ids["application"],
        object_id=str(application.pk),
        object_repr=application.receipt_number,
        action_flag=CHANGE,
        change_message="[]",
    )
    counts = {name: model("programs", name).objects.count() for name in [*MOVED, HISTORY]}
    return {
        "application": application.pk,
        "message": message.pk,
        "staff": staff.pk,
        "type_ids": type_ids,
        "log_entry": entry.pk,
        "counts": counts,
    }


def test_an_existing_database_keeps_its_applications_and_their_content_types(old_apps):
    assert {"programs_application", "programs_historicalapplication"} <= table_names()
    old = write_old_rows(old_apps)

    migrate_to_latest()

    # Every row, read by today's models.
    counts = {
        "application": Application.objects.count(),
        "applicationattachment": ApplicationAttachment.objects.count(),
        "applicationmessage": ApplicationMessage.objects.count(),
        "applicationstatuschange": ApplicationStatusChange.objects.count(),
        "appraisal": Appraisal.objects.count(),
        HISTORY: Application.history.count(),
    }
    assert counts == old["counts"]
    assert counts["application"] == 1

    application = Application.objects.get(receipt_number="TN-2025-000042")
    assert application.pk == old["application"]
    assert application.title == "Máy sấy khóm năng lượng mặt trời"
    assert application.support_requested == Decimal("180000000")
    assert application.status == Application.Status.CONVERTED
    assert application.establishment.name == "Cơ sở chế biến khóm Hỏa Lựu"
    assert application.assigned_to.username == "mig-canbo"
    assert application.project.code == "MIG-2025-001"
    assert Project.objects.get(code="MIG-2025-001").application == application

    attachment = application.attachments.get()
    assert attachment.file.name == ATTACHMENT_NAME
    assert attachment.original_name == "Báo giá máy sấy.pdf"
    assert attachment.size == 182_044
    assert [m.body for m in application.messages.all()] == ["Xin bổ sung báo giá thứ hai."]
    step = application.status_changes.get()
    assert (step.from_status, step.to_status) == ("approved", "converted")
    appraisal = application.appraisals.get()
    assert (appraisal.principles_score, appraisal.completeness_score) == (9, 10)
    assert appraisal.conclusion == "Đủ điều kiện hỗ trợ."
    past = application.history.get()
    assert (past.history_type, past.receipt_number, past.history_user.username) == ("~", "TN-2025-000042", "mig-canbo")

    # The tables carry the new app's names, with its constraints; the old tables are gone.
    tables = table_names()
    assert {f"applications_{name}" for name in [*MOVED, HISTORY]} <= tables
    assert not {f"programs_{name}" for name in [*MOVED, HISTORY]} & tables
    checks = ["status_valid", "dates_ordered", "support_within_cost", "project_only_when_converted"]
    names = constraint_names("applications_application")
    assert {"applications_queue", *(f"applications_application_{check}" for check in checks)} <= names
    assert not {"programs_app_queue", *(f"programs_application_{check}" for check in checks)} & names
    # PostgreSQL's pattern indexes of varchar columns: a later migration that drops one of these
    # fields' index finds it by the name Django makes from the table's, so they carry that name.
    assert pattern_indexes() == expected_pattern_indexes()

    # New rows follow the old ones (the identity sequences came along with the tables).
    reply = ApplicationMessage.objects.create(application=application, body="Đã bổ sung.")
    assert reply.pk > old["message"]

    # The content types moved under the same ids, so permissions and the admin's log follow.
    for name, type_id in old["type_ids"].items():
        content_type = ContentType.objects.get(pk=type_id)
        assert (content_type.app_label, content_type.model) == ("applications", name)
    assert ContentType.objects.get_for_model(Application).pk == old["type_ids"]["application"]
    assert not ContentType.objects.filter(app_label="programs", model__in=[*MOVED, HISTORY]).exists()
    staff = User.objects.get(pk=old["staff"])
    assert staff.has_perm("applications.view_application")
    assert not staff.has_perm("programs.view_application")
    assert LogEntry.objects.get(pk=old["log_entry"]).get_edited_object() == application
