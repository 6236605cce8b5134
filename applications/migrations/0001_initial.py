"""Applications, their files, messages, steps and appraisals: the tables programs/0008 created, taken over."""

import applications.models
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
import uuid
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models



# The models this app took over from programs, with the tables it renames.
MODELS = ['application', 'applicationattachment', 'applicationmessage', 'applicationstatuschange', 'appraisal', 'historicalapplication']


def _move_content_types(apps, from_label, to_label):
    """Keep each model's content type row (and so its permissions and admin log) under its new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, "programs", "applications")


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, "applications", "programs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('programs', '0010_move_applications_and_news'),
        ('beneficiaries', '0005_notification'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (programs/0008): take them over without SQL...
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Application',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('variant', models.SlugField(default='standard', max_length=40, verbose_name='biến thể mức hỗ trợ')),
                        ('title', models.CharField(blank=True, max_length=255, verbose_name='tên đề nghị')),
                        ('need', models.TextField(blank=True, verbose_name='nhu cầu, mục đích')),
                        ('expected_results', models.TextField(blank=True, verbose_name='kết quả mong đợi')),
                        ('eligible_cost', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='tổng chi phí (đồng)')),
                        ('support_requested', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='kinh phí đề nghị hỗ trợ (đồng)')),
                        ('counterpart_committed', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='vốn đối ứng cam kết (đồng)')),
                        ('planned_start', models.DateField(blank=True, null=True, verbose_name='dự kiến bắt đầu')),
                        ('planned_end', models.DateField(blank=True, null=True, verbose_name='dự kiến hoàn thành')),
                        ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('under_review', 'Đang xem xét'), ('needs_correction', 'Cần bổ sung, sửa đổi'), ('approved', 'Được chấp thuận'), ('refused', 'Không được chấp thuận'), ('converted', 'Đã thành đề án'), ('withdrawn', 'Đã rút')], default='draft', max_length=20, verbose_name='trạng thái')),
                        ('receipt_number', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='số tiếp nhận')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày nộp')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày quyết định')),
                        ('decision_reason', models.TextField(blank=True, verbose_name='lý do')),
                        ('filed_by_staff', models.BooleanField(default=False, help_text='Hồ sơ nhận qua điện thoại hoặc giấy, do cán bộ nhập thay.', verbose_name='cán bộ nộp thay')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật')),
                        ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_applications', to=settings.AUTH_USER_MODEL, verbose_name='cán bộ xử lý')),
                        ('content', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='programs.supportcontent', verbose_name='nội dung đề nghị hỗ trợ')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='beneficiaries.establishment', verbose_name='cơ sở')),
                        ('project', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='application', to='programs.project', verbose_name='đề án')),
                    ],
                    options={
                        'db_table': 'programs_application',
                        'verbose_name': 'hồ sơ đề nghị hỗ trợ',
                        'verbose_name_plural': 'hồ sơ đề nghị hỗ trợ',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('kind', models.CharField(choices=[('registration', 'Giấy đăng ký kinh doanh'), ('quote', 'Báo giá'), ('photo', 'Hình ảnh'), ('other', 'Tài liệu khác')], default='other', max_length=15, verbose_name='loại tài liệu')),
                        ('file', models.FileField(max_length=255, storage=applications.models.private_storage, upload_to=applications.models._attachment_path, verbose_name='tệp')),
                        ('original_name', models.CharField(max_length=150, verbose_name='tên tệp')),
                        ('content_type', models.CharField(max_length=100, verbose_name='kiểu tệp')),
                        ('size', models.PositiveIntegerField(verbose_name='dung lượng (byte)')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm tải lên')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='applications.application', verbose_name='hồ sơ')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tải lên')),
                    ],
                    options={
                        'db_table': 'programs_applicationattachment',
                        'verbose_name': 'tài liệu đính kèm',
                        'verbose_name_plural': 'tài liệu đính kèm',
                        'ordering': ['application', 'uploaded_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_staff', models.BooleanField(default=False, verbose_name='của cán bộ')),
                        ('body', models.TextField(verbose_name='nội dung')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='applications.application', verbose_name='hồ sơ')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người gửi')),
                    ],
                    options={
                        'db_table': 'programs_applicationmessage',
                        'verbose_name': 'trao đổi',
                        'verbose_name_plural': 'trao đổi',
                        'ordering': ['application', 'created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('under_review', 'Đang xem xét'), ('needs_correction', 'Cần bổ sung, sửa đổi'), ('approved', 'Được chấp thuận'), ('refused', 'Không được chấp thuận'), ('converted', 'Đã thành đề án'), ('withdrawn', 'Đã rút')], max_length=20, verbose_name='từ')),
                        ('to_status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('under_review', 'Đang xem xét'), ('needs_correction', 'Cần bổ sung, sửa đổi'), ('approved', 'Được chấp thuận'), ('refused', 'Không được chấp thuận'), ('converted', 'Đã thành đề án'), ('withdrawn', 'Đã rút')], max_length=20, verbose_name='sang')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm')),
                        ('reason', models.TextField(blank=True, verbose_name='lý do')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='applications.application', verbose_name='hồ sơ')),
                        ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện')),
                    ],
                    options={
                        'db_table': 'programs_applicationstatuschange',
                        'verbose_name': 'chuyển trạng thái hồ sơ',
                        'verbose_name_plural': 'chuyển trạng thái hồ sơ',
                        'ordering': ['application', 'changed_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Appraisal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('principles_score', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)], verbose_name='phù hợp nguyên tắc, đối tượng: điểm')),
                        ('principles_comment', models.TextField(blank=True, verbose_name='phù hợp nguyên tắc, đối tượng: nhận xét')),
                        ('need_effect_score', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)], verbose_name='sự cần thiết, hiệu quả: điểm')),
                        ('need_effect_comment', models.TextField(blank=True, verbose_name='sự cần thiết, hiệu quả: nhận xét')),
                        ('cost_score', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)], verbose_name='tính hợp lý của kinh phí: điểm')),
                        ('cost_comment', models.TextField(blank=True, verbose_name='tính hợp lý của kinh phí: nhận xét')),
                        ('capacity_score', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)], verbose_name='năng lực các đơn vị: điểm')),
                        ('capacity_comment', models.TextField(blank=True, verbose_name='năng lực các đơn vị: nhận xét')),
                        ('completeness_score', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(10)], verbose_name='tính đầy đủ của hồ sơ: điểm')),
                        ('completeness_comment', models.TextField(blank=True, verbose_name='tính đầy đủ của hồ sơ: nhận xét')),
                        ('conclusion', models.TextField(blank=True, verbose_name='kết luận')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appraisals', to='applications.application', verbose_name='hồ sơ')),
                        ('appraiser', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thẩm định')),
                    ],
                    options={
                        'db_table': 'programs_appraisal',
                        'verbose_name': 'phiếu thẩm định',
                        'verbose_name_plural': 'phiếu thẩm định',
                        'ordering': ['application', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalApplication',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('uuid', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ('variant', models.SlugField(default='standard', max_length=40, verbose_name='biến thể mức hỗ trợ')),
                        ('title', models.CharField(blank=True, max_length=255, verbose_name='tên đề nghị')),
                        ('need', models.TextField(blank=True, verbose_name='nhu cầu, mục đích')),
                        ('expected_results', models.TextField(blank=True, verbose_name='kết quả mong đợi')),
                        ('eligible_cost', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='tổng chi phí (đồng)')),
                        ('support_requested', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='kinh phí đề nghị hỗ trợ (đồng)')),
                        ('counterpart_committed', models.DecimalField(blank=True, decimal_places=0, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='vốn đối ứng cam kết (đồng)')),
                        ('planned_start', models.DateField(blank=True, null=True, verbose_name='dự kiến bắt đầu')),
                        ('planned_end', models.DateField(blank=True, null=True, verbose_name='dự kiến hoàn thành')),
                        ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('under_review', 'Đang xem xét'), ('needs_correction', 'Cần bổ sung, sửa đổi'), ('approved', 'Được chấp thuận'), ('refused', 'Không được chấp thuận'), ('converted', 'Đã thành đề án'), ('withdrawn', 'Đã rút')], default='draft', max_length=20, verbose_name='trạng thái')),
                        ('receipt_number', models.CharField(blank=True, db_index=True, max_length=20, null=True, verbose_name='số tiếp nhận')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày nộp')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày quyết định')),
                        ('decision_reason', models.TextField(blank=True, verbose_name='lý do')),
                        ('filed_by_staff', models.BooleanField(default=False, help_text='Hồ sơ nhận qua điện thoại hoặc giấy, do cán bộ nhập thay.', verbose_name='cán bộ nộp thay')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày tạo')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assigned_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cán bộ xử lý')),
                        ('content', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programs.supportcontent', verbose_name='nội dung đề nghị hỗ trợ')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('establishment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='beneficiaries.establishment', verbose_name='cơ sở')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programs.project', verbose_name='đề án')),
                    ],
                    options={
                        'db_table': 'programs_historicalapplication',
                        'verbose_name': 'historical hồ sơ đề nghị hỗ trợ',
                        'verbose_name_plural': 'historical hồ sơ đề nghị hỗ trợ',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name='application',
                    index=models.Index(fields=['status', 'submitted_at'], name='programs_app_queue'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'under_review', 'needs_correction', 'approved', 'refused', 'converted', 'withdrawn'])), name='programs_application_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_start__isnull', True), ('planned_end__isnull', True), ('planned_end__gte', models.F('planned_start')), _connector='OR'), name='programs_application_dates_ordered'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.CheckConstraint(condition=models.Q(('eligible_cost__isnull', True), ('support_requested__isnull', True), ('support_requested__lte', models.F('eligible_cost')), _connector='OR'), name='programs_application_support_within_cost'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.CheckConstraint(condition=models.Q(('project__isnull', True), ('status', 'converted'), _connector='OR'), name='programs_application_project_only_when_converted'),
                ),
                migrations.AddConstraint(
                    model_name='applicationattachment',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['registration', 'quote', 'photo', 'other'])), name='programs_attachment_kind_valid'),
                ),
                migrations.AddConstraint(
                    model_name='applicationattachment',
                    constraint=models.CheckConstraint(condition=models.Q(('size__lte', 10485760)), name='programs_attachment_at_most_10mb'),
                ),
                migrations.AddConstraint(
                    model_name='appraisal',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity_score__lte', 10), ('completeness_score__lte', 10), ('cost_score__lte', 10), ('need_effect_score__lte', 10), ('principles_score__lte', 10)), name='programs_appraisal_scores_out_of_ten'),
                ),
            ],
            database_operations=[],
        ),
        # ...then give them this app's names: ALTER TABLE ... RENAME, rows untouched.
        *[migrations.AlterModelTable(name=name, table=None) for name in MODELS],
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
