"""What the reports app stores: the narrative texts of a year and the jobs that build report files."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import check_date_between

# The years a report can be asked for (the same bounds as AnnualPlan.year).
MIN_YEAR, MAX_YEAR = 2000, 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def report_storage():
    """Report files live with the private files: web and worker share them, nobody reaches them by URL."""
    return storages["private"]


class ReportKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch khuyến công năm")
    RESULTS = "results", _("Báo cáo kết quả thực hiện khuyến công năm")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


RECIPIENTS_HELP = _(
    "Mỗi dòng một nơi nhận, ví dụ: Bộ Công Thương (Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công);"
)


def report_filename(kind: str, year: int, fmt: str) -> str:
    """The name a leader saves: ke-hoach-khuyen-cong-2026.pdf, bao-cao-ket-qua-khuyen-cong-2025.xlsx."""
    stem = "ke-hoach-khuyen-cong" if kind == ReportKind.PLAN else "bao-cao-ket-qua-khuyen-cong"
    return f"{stem}-{year}.{fmt}"


class ReportNarrative(models.Model):
    """The texts staff write for a year, printed in that year's plan and results reports."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True, validators=YEAR_VALIDATORS)
    # Annual plan (the registration report structure: previous year, this year, goals), then the
    # parts every plan carries: purpose and requirements, and who does what.
    previous_results = models.TextField(_("Kết quả thực hiện năm trước"), blank=True)
    current_evaluation = models.TextField(_("Đánh giá tình hình thực hiện năm nay"), blank=True)
    goals = models.TextField(_("Mục tiêu, nhiệm vụ"), blank=True)
    purpose = models.TextField(_("Mục đích, yêu cầu"), blank=True)
    organisation = models.TextField(_("Tổ chức thực hiện"), blank=True)
    # Annual results: what was done, the overall assessment and its causes, what next.
    achievements = models.TextField(_("Kết quả đạt được"), blank=True)
    strengths = models.TextField(_("Ưu điểm"), blank=True)
    weaknesses = models.TextField(_("Hạn chế"), blank=True)
    causes = models.TextField(_("Nguyên nhân của hạn chế"), blank=True)
    difficulties = models.TextField(_("Khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("Giải pháp, kiến nghị"), blank=True)
    next_year_tasks = models.TextField(_("Phương hướng, nhiệm vụ năm sau"), blank=True)
    # Each document's number (given by the clerical office), date line, signer and recipients.
    plan_number = models.CharField(
        _("số, ký hiệu kế hoạch"), max_length=40, blank=True, help_text=_("Ví dụ: 15/KH-SCT")
    )
    plan_date = models.DateField(
        _("ngày ban hành kế hoạch"), null=True, blank=True, help_text=_("Để trống: ngày lập tệp.")
    )
    plan_signer_authority = models.CharField(
        _("quyền hạn, chức vụ người ký kế hoạch"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"),
    )
    plan_signer_name = models.CharField(_("người ký kế hoạch"), max_length=120, blank=True)
    plan_recipients = models.TextField(_("nơi nhận kế hoạch"), blank=True, help_text=RECIPIENTS_HELP)
    results_number = models.CharField(
        _("số, ký hiệu báo cáo"), max_length=40, blank=True, help_text=_("Ví dụ: 210/BC-SCT")
    )
    results_date = models.DateField(
        _("ngày ban hành báo cáo"), null=True, blank=True, help_text=_("Để trống: ngày lập tệp.")
    )
    results_signer_authority = models.CharField(
        _("quyền hạn, chức vụ người ký báo cáo"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"),
    )
    results_signer_name = models.CharField(_("người ký báo cáo"), max_length=120, blank=True)
    results_recipients = models.TextField(_("nơi nhận báo cáo"), blank=True, help_text=RECIPIENTS_HELP)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung báo cáo năm")
        verbose_name_plural = _("nội dung báo cáo năm")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Nội dung báo cáo năm %(year)s") % {"year": self.year})

    def clean(self) -> None:
        """A document of year N is dated between the year before (a plan drafted ahead) and the year after
        (a results report sent in January); any other date is a typing slip."""
        super().clean()
        earliest, latest = datetime.date(self.year - 1, 1, 1), datetime.date(self.year + 1, 12, 31)
        errors = {}
        for name in ("plan_date", "results_date"):
            try:
                check_date_between(
                    getattr(self, name),
                    earliest=earliest,
                    latest=latest,
                    label=self._meta.get_field(name).verbose_name.capitalize(),
                )
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    def issue(self, kind: str) -> "DocumentIssue":
        """The number, date, signer and recipients staff gave the document of `kind` (ReportKind)."""
        prefix = "plan" if kind == ReportKind.PLAN else "results"
        recipients = getattr(self, f"{prefix}_recipients")
        return DocumentIssue(
            number=getattr(self, f"{prefix}_number"),
            date=getattr(self, f"{prefix}_date"),
            signer_authority=getattr(self, f"{prefix}_signer_authority"),
            signer_name=getattr(self, f"{prefix}_signer_name"),
            recipients=[line.strip() for line in recipients.splitlines() if line.strip()],
        )


@dataclass(frozen=True)
class DocumentIssue:
    """What staff set for one document; a blank part takes the portal's default (reports.documents)."""

    number: str
    date: datetime.date | None
    signer_authority: str
    signer_name: str
    recipients: list[str]


class ReportJob(models.Model):
    """One request for a report file: who asked for what, and how far the worker has got."""

    MAX_ATTEMPTS = 3

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    kind = models.CharField(_("báo cáo"), max_length=10, choices=ReportKind)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    format = models.CharField(_("định dạng"), max_length=4, choices=ReportFormat)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    # True while the broker could not be reached: the request is kept and sent again later.
    queue_unavailable = models.BooleanField(_("hàng đợi không khả dụng"), default=False)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    file = models.FileField(_("tệp"), storage=report_storage, upload_to="reports/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu lập báo cáo")
        verbose_name_plural = _("yêu cầu lập báo cáo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="reports_job_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_job_progress_max_100"),
            models.CheckConstraint(condition=Q(kind__in=["plan", "results"]), name="reports_job_kind_valid"),
            models.CheckConstraint(condition=Q(format__in=["pdf", "xlsx"]), name="reports_job_format_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="reports_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.get_format_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def filename(self) -> str:
        return report_filename(self.kind, self.year, self.format)


class LegalBasisQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "LegalBasisQuerySet":
        """The confirmed, active bases in force on `day`, in print order."""
        return (
            self.filter(active=True, confirmed=True)
            .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day))
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
            .order_by("order", "pk")
        )


class LegalBasis(models.Model):
    """One instrument a plan is made under (căn cứ), kept with the rules so staff can follow the law.

    A plan prints the confirmed, active bases in force on its date; an amendment is named beside
    the instrument from the day it took effect. An entry whose number or date is still unknown stays
    unconfirmed, and so is never printed with an invented number.
    """

    title = models.CharField(
        _("văn bản"),
        max_length=400,
        help_text=_(
            "Số, ngày, cơ quan ban hành và trích yếu, ví dụ: Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 "
            "của Chính phủ về khuyến công"
        ),
    )
    amended_by = models.CharField(
        _("được sửa đổi, bổ sung bởi"),
        max_length=400,
        blank=True,
        help_text=_("Ví dụ: Nghị định số 235/2025/NĐ-CP ngày 27/8/2025 của Chính phủ"),
    )
    amended_from = models.DateField(
        _("văn bản sửa đổi có hiệu lực từ"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chưa rõ: khi đó văn bản sửa đổi luôn được ghi kèm."),
    )
    effective_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(
        _("hết hiệu lực từ sau ngày"), null=True, blank=True, help_text=_("Để trống nếu còn hiệu lực.")
    )
    confirmed = models.BooleanField(
        _("đã kiểm tra"),
        default=False,
        help_text=_("Chỉ văn bản đã kiểm tra số, ngày với bản gốc mới được in trong kế hoạch."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Nguồn, điều cần kiểm tra; không in ra."))

    objects = LegalBasisQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="reports_legalbasis_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def citation(self, day: datetime.date) -> str:
        """The instrument as cited on `day`: with its amendment once that is in force."""
        if self.amended_by and (self.amended_from is None or self.amended_from <= day):
            return str(_("%(title)s, được sửa đổi, bổ sung bởi %(amendment)s")) % {
                "title": self.title,
                "amendment": self.amended_by,
            }
        return self.title
