"""The plan's and the results report's missing parts, and a number, date, signer and recipients per document.

The signer and recipients the two documents shared become the plan's, and the results report
starts with a copy of them.
"""

from django.db import migrations, models

PARTS = {
    "purpose": "Mục đích, yêu cầu",
    "organisation": "Tổ chức thực hiện",
    "strengths": "Ưu điểm",
    "weaknesses": "Hạn chế",
    "causes": "Nguyên nhân của hạn chế",
    "next_year_tasks": "Phương hướng, nhiệm vụ năm sau",
}
SHARED = ("signer_authority", "signer_name", "recipients")


def copy_signer_to_results(apps, schema_editor):
    Narrative = apps.get_model("reports", "ReportNarrative")
    for narrative in Narrative.objects.all():
        for name in SHARED:
            setattr(narrative, f"results_{name}", getattr(narrative, f"plan_{name}"))
        narrative.save(update_fields=[f"results_{name}" for name in SHARED])


def fields(model):
    operations = []
    for name, label in PARTS.items():
        operations.append(migrations.AddField(model, name, models.TextField(blank=True, verbose_name=label)))
    for name in SHARED:
        operations.append(migrations.RenameField(model, name, f"plan_{name}"))
    for prefix, noun in (("plan", "kế hoạch"), ("results", "báo cáo")):
        operations.append(
            migrations.AddField(
                model,
                f"{prefix}_date",
                models.DateField(
                    blank=True, null=True, help_text="Để trống: ngày lập tệp.", verbose_name=f"ngày ban hành {noun}"
                ),
            )
        )
    operations += [
        migrations.AddField(
            model,
            "results_signer_authority",
            models.CharField(blank=True, max_length=120, verbose_name="quyền hạn, chức vụ người ký báo cáo"),
        ),
        migrations.AddField(
            model, "results_signer_name", models.CharField(blank=True, max_length=120, verbose_name="người ký báo cáo")
        ),
        migrations.AddField(model, "results_recipients", models.TextField(blank=True, verbose_name="nơi nhận báo cáo")),
    ]
    return operations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports")]

    operations = [
        *fields("reportnarrative"),
        *fields("historicalreportnarrative"),
        # Labels and help texts of the renamed and added fields.
        migrations.AlterField(
            model_name="historicalreportnarrative",
            name="plan_recipients",
            field=models.TextField(
                blank=True,
                help_text="Mỗi dòng một nơi nhận, ví dụ: Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);",
                verbose_name="nơi nhận kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreportnarrative",
            name="plan_signer_authority",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
                max_length=120,
                verbose_name="quyền hạn, chức vụ người ký kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreportnarrative",
            name="plan_signer_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="người ký kế hoạch"),
        ),
        migrations.AlterField(
            model_name="historicalreportnarrative",
            name="results_recipients",
            field=models.TextField(
                blank=True,
                help_text="Mỗi dòng một nơi nhận, ví dụ: Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);",
                verbose_name="nơi nhận báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreportnarrative",
            name="results_signer_authority",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
                max_length=120,
                verbose_name="quyền hạn, chức vụ người ký báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="reportnarrative",
            name="plan_recipients",
            field=models.TextField(
                blank=True,
                help_text="Mỗi dòng một nơi nhận, ví dụ: Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);",
                verbose_name="nơi nhận kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="reportnarrative",
            name="plan_signer_authority",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
                max_length=120,
                verbose_name="quyền hạn, chức vụ người ký kế hoạch",
            ),
        ),
        migrations.AlterField(
            model_name="reportnarrative",
            name="plan_signer_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="người ký kế hoạch"),
        ),
        migrations.AlterField(
            model_name="reportnarrative",
            name="results_recipients",
            field=models.TextField(
                blank=True,
                help_text="Mỗi dòng một nơi nhận, ví dụ: Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);",
                verbose_name="nơi nhận báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="reportnarrative",
            name="results_signer_authority",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
                max_length=120,
                verbose_name="quyền hạn, chức vụ người ký báo cáo",
            ),
        ),
        migrations.RunPython(copy_signer_to_results, migrations.RunPython.noop),
    ]
