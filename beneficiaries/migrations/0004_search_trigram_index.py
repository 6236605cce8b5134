"""A trigram index for the accent-insensitive search of establishments, on PostgreSQL.

`search_text LIKE '%…%'` cannot use a B-tree index; with pg_trgm it uses this GIN
index instead of reading every establishment (a national registry holds 200,000).
SQLite, used on a laptop, simply skips it.
"""

from django.db import migrations

INDEX = "beneficiaries_establishment_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON beneficiaries_establishment USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0003_role_groups")]

    operations = [migrations.RunPython(create, drop)]
