"""Applications and news move to their own apps, keeping their tables and rows.

Only Django's view of the models changes here (no SQL): applications/0001 and public/0001
take the same tables over, rename them and move their content types.
"""

from django.db import migrations

MOVED = [
    # Children before the application they point to.
    "applicationattachment",
    "applicationmessage",
    "applicationstatuschange",
    "appraisal",
    "historicalapplication",
    "application",
    "announcement",
]


class Migration(migrations.Migration):
    dependencies = [("programs", "0009_attachments_private_storage")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        )
    ]
