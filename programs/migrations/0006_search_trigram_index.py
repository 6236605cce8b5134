"""A trigram index for the accent-insensitive search of projects, on PostgreSQL (see beneficiaries 0004)."""

from django.db import migrations

INDEX = "programs_project_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON programs_project USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_project_search_text"), ("beneficiaries", "0004_search_trigram_index")]

    operations = [migrations.RunPython(create, drop)]
