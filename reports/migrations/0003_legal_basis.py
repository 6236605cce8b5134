"""The legal bases (căn cứ) a plan cites, kept as data staff can edit, seeded with those known in 2026.

Dates are from the texts (DOMAIN.md §1.1). The city's resolution on local spending levels exists but
its number and date were not found: it is seeded unconfirmed, so it is not printed until staff fill
them in and tick "đã kiểm tra".
"""

import datetime

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


D = datetime.date
BASES = [
    {
        "title": "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công",
        "amended_by": "Nghị định số 235/2025/NĐ-CP ngày 27/8/2025 của Chính phủ",
        "amended_from": D(2025, 10, 15),
        "effective_from": D(2012, 7, 5),
        "confirmed": True,
    },
    {
        "title": (
            "Thông tư số 46/2012/TT-BCT ngày 28/12/2012 của Bộ trưởng Bộ Công Thương quy định chi tiết "
            "một số nội dung của Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công"
        ),
        "amended_by": "Thông tư số 20/2017/TT-BCT ngày 29/9/2017 của Bộ trưởng Bộ Công Thương",
        "effective_from": D(2013, 2, 10),
        "confirmed": True,
        "note": "Kiểm tra: Bộ Công Thương có thể ban hành thông tư mới hướng dẫn Nghị định 235/2025/NĐ-CP.",
    },
    {
        "title": (
            "Thông tư số 36/2013/TT-BCT ngày 27/12/2013 của Bộ trưởng Bộ Công Thương quy định về xây dựng "
            "kế hoạch, tổ chức thực hiện và quản lý kinh phí khuyến công quốc gia"
        ),
        "effective_from": D(2014, 2, 10),
        "confirmed": True,
        "note": "Có thể đã được sửa đổi bởi Thông tư 17/2018/TT-BCT (chưa kiểm chứng).",
    },
    {
        "title": (
            "Thông tư số 28/2018/TT-BTC ngày 28/3/2018 của Bộ trưởng Bộ Tài chính hướng dẫn lập, quản lý, "
            "sử dụng kinh phí khuyến công"
        ),
        "amended_by": "Thông tư số 64/2024/TT-BTC ngày 28/8/2024 của Bộ trưởng Bộ Tài chính",
        "effective_from": D(2018, 5, 11),
        "confirmed": True,
        "note": "Ngày có hiệu lực của Thông tư 64/2024/TT-BTC chưa rõ: văn bản sửa đổi luôn được ghi kèm.",
    },
    {
        "title": (
            "Quyết định số 1881/QĐ-TTg ngày 20/11/2020 của Thủ tướng Chính phủ phê duyệt Chương trình "
            "khuyến công quốc gia giai đoạn 2021 - 2025"
        ),
        "effective_from": D(2020, 11, 20),
        "effective_to": D(2025, 12, 31),
        "confirmed": True,
    },
    {
        "title": (
            "Quyết định số 2646/QĐ-BCT ngày 23/9/2025 của Bộ trưởng Bộ Công Thương phê duyệt Chương trình "
            "khuyến công quốc gia giai đoạn 2026 - 2030"
        ),
        "effective_from": D(2025, 9, 23),
        "confirmed": True,
    },
    {
        "title": (
            "Nghị quyết số …/NQ-HĐND ngày … của Hội đồng nhân dân thành phố Cần Thơ quy định nội dung, "
            "mức chi hỗ trợ hoạt động khuyến công địa phương (điền số, ngày rồi đánh dấu đã kiểm tra)"
        ),
        "confirmed": False,
        "note": "Thông qua sau Tờ trình 74/TTr-UBND ngày 02/02/2026; số và ngày chưa tìm được.",
    },
]


def seed_bases(apps, schema_editor):
    LegalBasis = apps.get_model("reports", "LegalBasis")
    for order, basis in enumerate(BASES, start=1):
        LegalBasis.objects.create(order=order * 10, **basis)


def remove_bases(apps, schema_editor):
    apps.get_model("reports", "LegalBasis").objects.filter(title__in=[basis["title"] for basis in BASES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_document_parts_and_issue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalLegalBasis",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        help_text="Số, ngày, cơ quan ban hành và trích yếu, ví dụ: Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công",
                        max_length=400,
                        verbose_name="văn bản",
                    ),
                ),
                (
                    "amended_by",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Nghị định số 235/2025/NĐ-CP ngày 27/8/2025 của Chính phủ",
                        max_length=400,
                        verbose_name="được sửa đổi, bổ sung bởi",
                    ),
                ),
                (
                    "amended_from",
                    models.DateField(
                        blank=True,
                        help_text="Để trống nếu chưa rõ: khi đó văn bản sửa đổi luôn được ghi kèm.",
                        null=True,
                        verbose_name="văn bản sửa đổi có hiệu lực từ",
                    ),
                ),
                ("effective_from", models.DateField(blank=True, null=True, verbose_name="có hiệu lực từ")),
                (
                    "effective_to",
                    models.DateField(
                        blank=True,
                        help_text="Để trống nếu còn hiệu lực.",
                        null=True,
                        verbose_name="hết hiệu lực từ sau ngày",
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(
                        default=False,
                        help_text="Chỉ văn bản đã kiểm tra số, ngày với bản gốc mới được in trong kế hoạch.",
                        verbose_name="đã kiểm tra",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("active", models.BooleanField(default=True, verbose_name="đang dùng")),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Nguồn, điều cần kiểm tra; không in ra.", verbose_name="ghi chú"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical căn cứ pháp lý",
                "verbose_name_plural": "historical căn cứ pháp lý",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="LegalBasis",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        help_text="Số, ngày, cơ quan ban hành và trích yếu, ví dụ: Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công",
                        max_length=400,
                        verbose_name="văn bản",
                    ),
                ),
                (
                    "amended_by",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Nghị định số 235/2025/NĐ-CP ngày 27/8/2025 của Chính phủ",
                        max_length=400,
                        verbose_name="được sửa đổi, bổ sung bởi",
                    ),
                ),
                (
                    "amended_from",
                    models.DateField(
                        blank=True,
                        help_text="Để trống nếu chưa rõ: khi đó văn bản sửa đổi luôn được ghi kèm.",
                        null=True,
                        verbose_name="văn bản sửa đổi có hiệu lực từ",
                    ),
                ),
                ("effective_from", models.DateField(blank=True, null=True, verbose_name="có hiệu lực từ")),
                (
                    "effective_to",
                    models.DateField(
                        blank=True,
                        help_text="Để trống nếu còn hiệu lực.",
                        null=True,
                        verbose_name="hết hiệu lực từ sau ngày",
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(
                        default=False,
                        help_text="Chỉ văn bản đã kiểm tra số, ngày với bản gốc mới được in trong kế hoạch.",
                        verbose_name="đã kiểm tra",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("active", models.BooleanField(default=True, verbose_name="đang dùng")),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Nguồn, điều cần kiểm tra; không in ra.", verbose_name="ghi chú"
                    ),
                ),
            ],
            options={
                "verbose_name": "căn cứ pháp lý",
                "verbose_name_plural": "căn cứ pháp lý",
                "ordering": ["order", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("effective_to__isnull", True),
                            ("effective_from__isnull", True),
                            ("effective_to__gte", models.F("effective_from")),
                            _connector="OR",
                        ),
                        name="reports_legalbasis_period_ordered",
                    )
                ],
            },
        ),
        migrations.RunPython(seed_bases, remove_bases),
    ]
