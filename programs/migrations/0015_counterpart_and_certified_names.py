"""One label for counterpart money ("Vốn đối ứng") and the certified-products indicator's wording.

The reference rows are renamed only where they still carry the old default, so a name staff
changed is kept.
"""

from django.db import migrations, models

RENAMES = [
    ("FundingSource", "DOIUNG", "Vốn đối ứng của cơ sở", "Vốn đối ứng"),
    (
        "OutcomeIndicator",
        "CERTIFIED",
        "Sản phẩm CNNT tiêu biểu được công nhận",
        "Sản phẩm CNNT tiêu biểu được cấp Giấy chứng nhận",
    ),
]


def rename(apps, schema_editor, backwards=False):
    for model, code, old, new in RENAMES:
        before, after = (new, old) if backwards else (old, new)
        apps.get_model("programs", model).objects.filter(code=code, name=before).update(name=after)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0014_priority_grounds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fundingsource",
            name="kind",
            field=models.CharField(
                choices=[
                    ("national", "Ngân sách khuyến công quốc gia"),
                    ("local", "Ngân sách khuyến công địa phương"),
                    ("counterpart", "Vốn đối ứng"),
                    ("other", "Chương trình, nguồn khác"),
                ],
                max_length=12,
                verbose_name="loại",
            ),
        ),
        migrations.RunPython(rename, rename_back),
    ]
