"""News: the table programs/0008 created, taken over."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models



# The models this app took over from programs, with the tables it renames.
MODELS = ['announcement']


def _move_content_types(apps, from_label, to_label):
    """Keep each model's content type row (and so its permissions and admin log) under its new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, "programs", "public")


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, "public", "programs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('programs', '0010_move_applications_and_news'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (programs/0008): take them over without SQL...
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Announcement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='tiêu đề')),
                        ('slug', models.SlugField(max_length=220, unique=True, verbose_name='đường dẫn')),
                        ('summary', models.CharField(blank=True, max_length=300, verbose_name='tóm tắt')),
                        ('body', models.TextField(verbose_name='nội dung')),
                        ('published', models.BooleanField(default=False, verbose_name='đã đăng')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày đăng')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người viết')),
                    ],
                    options={
                        'db_table': 'programs_announcement',
                        'verbose_name': 'tin, thông báo',
                        'verbose_name_plural': 'tin, thông báo',
                        'ordering': ['-published_at', '-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('published', False), ('published_at__isnull', False), _connector='OR'), name='programs_announcement_published_has_date')],
                    },
                ),
            ],
            database_operations=[],
        ),
        # ...then give them this app's names: ALTER TABLE ... RENAME, rows untouched.
        *[migrations.AlterModelTable(name=name, table=None) for name in MODELS],
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
