"""The path from an establishment's request to a project: applications, files, messages, appraisal."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import MONEY_DIGITS, MONEY_PLACES, Establishment
from core.dates import vn_date
from core.workdays import add_working_days
from programs.models import ProjectStatus


def _money(verbose_name):
    """A whole-đồng amount an applicant may leave empty while the application is a draft."""
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )


class ApplicationStatus(models.TextChoices):
    # Names a citizen understands (issue #4), not the office's jargon.
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    UNDER_REVIEW = "under_review", _("Đang xem xét")
    NEEDS_CORRECTION = "needs_correction", _("Cần bổ sung, sửa đổi")
    APPROVED = "approved", _("Được chấp thuận")
    REFUSED = "refused", _("Không được chấp thuận")
    CONVERTED = "converted", _("Đã thành đề án")
    WITHDRAWN = "withdrawn", _("Đã rút")


class ApplicationQuerySet(models.QuerySet):
    def filed(self) -> "ApplicationQuerySet":
        """Applications staff may see: drafts stay the establishment's own until submitted."""
        return self.filter(status__in=Application.FILED)

    def waiting(self) -> "ApplicationQuerySet":
        """Applications waiting for an officer (new or resubmitted, and under review), oldest first."""
        return self.filter(status__in=Application.WAITING).order_by("submitted_at")

    def status_counts(self) -> dict[str, int]:
        """How many of these applications are in each status, and `all` of them (one aggregate query)."""
        counts = {status: models.Count("pk", filter=Q(status=status)) for status in ApplicationStatus.values}
        return self.aggregate(all=models.Count("pk"), **counts)

    def for_review_queue(self) -> "ApplicationQuerySet":
        """The staff queue's rows, with `waiting_since`: the last (re)submission, else the first one.

        Waiting applications come first, the longest waiting on top; then the rest, newest first.
        One query: the establishment's commune, the content and the officer come joined.
        """
        last_submission = (
            ApplicationStatusChange.objects.filter(application=OuterRef("pk"), to_status=ApplicationStatus.SUBMITTED)
            .order_by("-changed_at", "-pk")
            .values("changed_at")[:1]
        )
        waiting = Q(status__in=Application.WAITING)
        return (
            self.select_related("establishment__commune", "content", "assigned_to")
            .annotate(waiting_since=Coalesce(Subquery(last_submission), F("submitted_at")))
            .annotate(
                queue_rank=Case(When(waiting, then=Value(0)), default=Value(1)),
                waiting_order=Case(When(waiting, then=F("waiting_since")), default=None),
            )
            .order_by(
                "queue_rank",
                F("waiting_order").asc(nulls_last=True),
                F("waiting_since").desc(nulls_last=True),
                "-created_at",
            )
        )

    def for_staff_detail(self) -> "ApplicationQuerySet":
        """One application with everything its staff page shows: one query, and one per related list (6)."""
        return self.select_related(
            "establishment__commune__parent",
            "establishment__craft_village",
            "content",
            "assigned_to",
            "created_by",
            "project__plan",
            "priority_ground",
        ).prefetch_related(
            "establishment__sectors",
            "attachments",
            Prefetch("messages", queryset=ApplicationMessage.objects.select_related("author")),
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.select_related("changed_by")),
            Prefetch("appraisals", queryset=Appraisal.objects.select_related("appraiser")),
        )

    def for_portal_home(self) -> "ApplicationQuerySet":
        """The establishment's list: each application with its content and project (one query)."""
        return self.select_related("content", "project")

    def for_portal_detail(self) -> "ApplicationQuerySet":
        """The establishment's page of one application: one query, and one per list (timeline, files, thread)."""
        return self.select_related("establishment", "content", "project").prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("changed_at", "pk")),
            Prefetch("attachments", queryset=ApplicationAttachment.objects.order_by("uploaded_at", "pk")),
            Prefetch("messages", queryset=ApplicationMessage.objects.select_related("author").order_by("created_at")),
        )

    def for_staff_home(self) -> "ApplicationQuerySet":
        """The staff home's card: waiting applications, oldest first, with establishment and content (one query)."""
        return self.waiting().select_related("establishment", "content")

    def for_establishment_page(self) -> "ApplicationQuerySet":
        """An establishment's staff page: its filed applications, newest first, with content and project."""
        return self.filed().select_related("content", "project").order_by("-submitted_at")


class Application(models.Model):
    """An establishment's request for support (đơn đề nghị hỗ trợ kinh phí khuyến công)."""

    Status = ApplicationStatus
    # The only place that says which step may follow which.
    TRANSITIONS = {
        ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
        ApplicationStatus.SUBMITTED: (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.WITHDRAWN),
        ApplicationStatus.UNDER_REVIEW: (
            ApplicationStatus.NEEDS_CORRECTION,
            ApplicationStatus.APPROVED,
            ApplicationStatus.REFUSED,
        ),
        ApplicationStatus.NEEDS_CORRECTION: (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
        ApplicationStatus.APPROVED: (ApplicationStatus.CONVERTED,),
        ApplicationStatus.REFUSED: (),
        ApplicationStatus.CONVERTED: (),
        ApplicationStatus.WITHDRAWN: (),
    }
    # Every status but the draft: what staff see and count.
    FILED = tuple(status for status in ApplicationStatus if status != ApplicationStatus.DRAFT)
    # An officer has a step to take on these.
    WAITING = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)
    # What the establishment (or staff filing on its behalf) types: the portal form, filing on
    # behalf, the draft service and the conversion into a project all read this one list.
    APPLICANT_FIELDS = (
        "content",
        "variant",
        "title",
        "need",
        "expected_results",
        "eligible_cost",
        "support_requested",
        "counterpart_committed",
        "planned_start",
        "planned_end",
    )
    # What the establishment is asked to do next, by status (its portal's home and page).
    NEXT_STEP = {
        ApplicationStatus.DRAFT: _("Hoàn thiện các mục, đính kèm giấy đăng ký kinh doanh và nộp hồ sơ."),
        ApplicationStatus.SUBMITTED: _("Chờ cán bộ xem xét hồ sơ."),
        ApplicationStatus.UNDER_REVIEW: _("Cán bộ đang xem xét; hãy theo dõi tin nhắn."),
        ApplicationStatus.NEEDS_CORRECTION: _("Đọc yêu cầu của cán bộ, sửa hồ sơ và nộp lại."),
        ApplicationStatus.APPROVED: _("Chờ hồ sơ được đưa vào đề án khuyến công."),
        ApplicationStatus.REFUSED: _("Xem lý do không được chấp thuận."),
        ApplicationStatus.CONVERTED: _("Hồ sơ đã thành đề án; theo dõi việc thực hiện."),
        ApplicationStatus.WITHDRAWN: _("Hồ sơ đã rút, không cần làm gì thêm."),
    }
    # The establishment reports its results once its project is accepted (nghiệm thu) or settled.
    RESULTS_OPEN = (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("cơ sở"), on_delete=models.PROTECT, related_name="applications"
    )
    content = models.ForeignKey(
        "programs.SupportContent",
        verbose_name=_("nội dung đề nghị hỗ trợ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    variant = models.SlugField(_("biến thể mức hỗ trợ"), max_length=40, default="standard")
    title = models.CharField(_("tên đề nghị"), max_length=255, blank=True)
    need = models.TextField(_("nhu cầu, mục đích"), blank=True)
    expected_results = models.TextField(_("kết quả mong đợi"), blank=True)
    eligible_cost = _money(_("tổng chi phí (đồng)"))
    support_requested = _money(_("kinh phí đề nghị hỗ trợ (đồng)"))
    counterpart_committed = _money(_("vốn đối ứng cam kết (đồng)"))
    planned_start = models.DateField(_("dự kiến bắt đầu"), null=True, blank=True)
    planned_end = models.DateField(_("dự kiến hoàn thành"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.DRAFT
    )
    # Giấy tiếp nhận hồ sơ: numbered on the first submission, e.g. TN-2026-000123.
    receipt_number = models.CharField(_("số tiếp nhận"), max_length=20, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decision_reason = models.TextField(_("lý do"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
    )
    project = models.OneToOneField(
        "programs.Project",
        verbose_name=_("đề án"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    # Why staff go on although the establishment had the same content within the double-support
    # window (programs.repeat_support): recorded on approval or filing, carried to the project.
    repeat_support_reason = models.CharField(_("lý do hỗ trợ lại"), max_length=255, blank=True)
    # Recorded by staff in the review (never by the establishment); conversion carries it to the project.
    priority_ground = models.ForeignKey(
        "programs.PriorityGround",
        verbose_name=_("diện ưu tiên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    filed_by_staff = models.BooleanField(
        _("cán bộ nộp thay"), default=False, help_text=_("Hồ sơ nhận qua điện thoại hoặc giấy, do cán bộ nhập thay.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị hỗ trợ")
        verbose_name_plural = _("hồ sơ đề nghị hỗ trợ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="applications_application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="applications_application_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(eligible_cost__isnull=True)
                | Q(support_requested__isnull=True)
                | Q(support_requested__lte=F("eligible_cost")),
                name="applications_application_support_within_cost",
            ),
            # Only a converted application points to its project.
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(status="converted"),
                name="applications_application_project_only_when_converted",
            ),
        ]
        indexes = [
            # The staff review queue: by status, oldest submission first.
            models.Index(fields=["status", "submitted_at"], name="applications_queue"),
        ]

    def __str__(self) -> str:
        return self.receipt_number or self.title or str(self.uuid)

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS[ApplicationStatus(self.status)]

    # The row rules: each reads TRANSITIONS, and views, templates and services all ask them,
    # so a button is shown exactly when the service behind it would accept the step.

    def can_move_to(self, status: str) -> bool:
        return status in self.allowed_transitions()

    @property
    def can_submit(self) -> bool:
        """The establishment may (re)submit: a draft, or an application sent back for correction."""
        return self.can_move_to(ApplicationStatus.SUBMITTED)

    @property
    def can_edit(self) -> bool:
        """The establishment may change the fields and files exactly while it may (re)submit them."""
        return self.can_submit

    @property
    def can_withdraw(self) -> bool:
        """The establishment may withdraw until an officer starts the review (or after a correction request)."""
        return self.can_move_to(ApplicationStatus.WITHDRAWN)

    @property
    def can_take(self) -> bool:
        """An officer may take a submitted application to review it."""
        return self.can_move_to(ApplicationStatus.UNDER_REVIEW)

    @property
    def can_request_correction(self) -> bool:
        return self.can_move_to(ApplicationStatus.NEEDS_CORRECTION)

    @property
    def can_decide(self) -> bool:
        return self.can_move_to(ApplicationStatus.APPROVED) or self.can_move_to(ApplicationStatus.REFUSED)

    @property
    def can_appraise(self) -> bool:
        """An appraisal prepares the decision: it is written while the decision is open."""
        return self.can_decide

    @property
    def can_convert(self) -> bool:
        """An approved application may become a project of a plan."""
        return self.can_move_to(ApplicationStatus.CONVERTED)

    @property
    def awaits_correction(self) -> bool:
        """Staff sent it back: the next submission is a resubmission."""
        return self.status == ApplicationStatus.NEEDS_CORRECTION

    @property
    def can_report_results(self) -> bool:
        """The establishment may report its results: its project was accepted (reads `project`)."""
        return (
            self.status == ApplicationStatus.CONVERTED
            and self.project is not None
            and self.project.status in self.RESULTS_OPEN
        )

    @property
    def refusal_reason(self) -> str:
        """Why staff refused it, or "" (an approval may carry a reason too, which is not a refusal's)."""
        return self.decision_reason if self.status == ApplicationStatus.REFUSED else ""

    @property
    def awaits_result(self) -> bool:
        """Filed and not yet decided: the due date of the result is the one to show."""
        return self.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)

    @property
    def result_due_date(self) -> datetime.date | None:
        """The day the result is promised by: settings.APPLICATION_RESULT working days after submission."""
        if self.submitted_at is None:
            return None
        return add_working_days(timezone.localdate(self.submitted_at), settings.APPLICATION_RESULT["WORKING_DAYS"])

    @property
    def next_step(self) -> str:
        return str(self.NEXT_STEP[ApplicationStatus(self.status)])

    def correction_request(self) -> "ApplicationStatusChange | None":
        """The officer's last request for a correction while one is awaited (reads `status_changes.all()`)."""
        if not self.awaits_correction:
            return None
        changes = [c for c in self.status_changes.all() if c.to_status == ApplicationStatus.NEEDS_CORRECTION]
        return max(changes, key=lambda change: (change.changed_at, change.pk), default=None)


def _attachment_path(instance, filename: str) -> str:
    # A random name: what the applicant called the file is kept in `original_name` only.
    return f"applications/{instance.application.uuid}/{uuid.uuid4().hex}"


def private_storage():
    """The storage of applicants' documents (settings.STORAGES["private"]), never a public URL."""
    return storages["private"]


class ApplicationAttachment(models.Model):
    """A document attached to an application; served only through a view that checks the viewer."""

    class Kind(models.TextChoices):
        BUSINESS_REGISTRATION = "registration", _("Giấy đăng ký kinh doanh")
        QUOTE = "quote", _("Báo giá")
        PHOTO = "photo", _("Hình ảnh")
        OTHER = "other", _("Tài liệu khác")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=15, choices=Kind, default=Kind.OTHER)
    file = models.FileField(_("tệp"), upload_to=_attachment_path, storage=private_storage, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=150)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")
        ordering = ["application", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["registration", "quote", "photo", "other"]),
                name="applications_attachment_kind_valid",
            ),
            # 10 MB, the most an attachment may weigh (issue #4).
            models.CheckConstraint(
                condition=Q(size__lte=10 * 1024 * 1024), name="applications_attachment_at_most_10mb"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class ApplicationMessage(models.Model):
    """A message between the establishment and staff about one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_staff = models.BooleanField(_("của cán bộ"), default=False)
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("trao đổi")
        verbose_name_plural = _("trao đổi")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} – {self.created_at:%d/%m/%Y %H:%M}"


class ApplicationStatusChange(models.Model):
    """One step of an application's path, with its reason: the citizen's timeline."""

    application = models.ForeignKey(
        Application, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("từ"), max_length=20, choices=ApplicationStatus)
    to_status = models.CharField(_("sang"), max_length=20, choices=ApplicationStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái hồ sơ")
        verbose_name_plural = _("chuyển trạng thái hồ sơ")
        ordering = ["application", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"

    @property
    def is_conversion(self) -> bool:
        """The step that made the application a project."""
        return self.to_status == ApplicationStatus.CONVERTED


class Appraisal(models.Model):
    """Staff appraisal of an application with the points of TT 36/2013/TT-BCT (Mẫu 4a/4b).

    Each point has a score from 0 to 10 and a comment. TT 36/2013 checks (1) the fit with the
    principles, (2) the need, effect and reasonable cost, (3) the capacity of the units, (4) the
    links with other programmes and (5) the completeness of the file; appraisals written before
    the portal scored point (4) have no `links_score` and are totalled over the other points.
    """

    POINTS = ("principles", "need_effect", "cost", "capacity", "links", "completeness")
    POINT_LABELS = {
        "principles": _("Phù hợp nguyên tắc, đối tượng"),
        "need_effect": _("Sự cần thiết, hiệu quả"),
        "cost": _("Tính hợp lý của kinh phí"),
        "capacity": _("Năng lực các đơn vị"),
        "links": _("Liên kết với các chương trình khác"),
        "completeness": _("Tính đầy đủ của hồ sơ"),
    }
    MAX_POINT_SCORE = 10

    application = models.ForeignKey(
        Application, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="appraisals"
    )
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    principles_score = models.PositiveSmallIntegerField(
        _("phù hợp nguyên tắc, đối tượng: điểm"), validators=[MaxValueValidator(10)]
    )
    principles_comment = models.TextField(_("phù hợp nguyên tắc, đối tượng: nhận xét"), blank=True)
    need_effect_score = models.PositiveSmallIntegerField(
        _("sự cần thiết, hiệu quả: điểm"), validators=[MaxValueValidator(10)]
    )
    need_effect_comment = models.TextField(_("sự cần thiết, hiệu quả: nhận xét"), blank=True)
    cost_score = models.PositiveSmallIntegerField(
        _("tính hợp lý của kinh phí: điểm"), validators=[MaxValueValidator(10)]
    )
    cost_comment = models.TextField(_("tính hợp lý của kinh phí: nhận xét"), blank=True)
    capacity_score = models.PositiveSmallIntegerField(
        _("năng lực các đơn vị: điểm"), validators=[MaxValueValidator(10)]
    )
    capacity_comment = models.TextField(_("năng lực các đơn vị: nhận xét"), blank=True)
    # Nullable only for appraisals written before this point was scored; the form requires it.
    links_score = models.PositiveSmallIntegerField(
        _("liên kết với các chương trình khác: điểm"),
        null=True,
        validators=[MaxValueValidator(10)],
        help_text=_("Chương trình xây dựng nông thôn mới, OCOP, giảm nghèo và các chương trình khác."),
    )
    links_comment = models.TextField(_("liên kết với các chương trình khác: nhận xét"), blank=True)
    completeness_score = models.PositiveSmallIntegerField(
        _("tính đầy đủ của hồ sơ: điểm"), validators=[MaxValueValidator(10)]
    )
    completeness_comment = models.TextField(_("tính đầy đủ của hồ sơ: nhận xét"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("phiếu thẩm định")
        verbose_name_plural = _("phiếu thẩm định")
        ordering = ["application", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    principles_score__lte=10,
                    need_effect_score__lte=10,
                    cost_score__lte=10,
                    capacity_score__lte=10,
                    completeness_score__lte=10,
                ),
                name="applications_appraisal_scores_out_of_ten",
            ),
            models.CheckConstraint(
                condition=Q(links_score__isnull=True) | Q(links_score__lte=10),
                name="applications_appraisal_links_out_of_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {vn_date(timezone.localdate(self.created_at))}"

    def scored_points(self) -> list[tuple[str, int, str]]:
        """(label, score, comment) of each point this appraisal scored, in the order of TT 36/2013."""
        rows = []
        for point in self.POINTS:
            score = getattr(self, f"{point}_score")
            if score is not None:
                rows.append((str(self.POINT_LABELS[point]), score, getattr(self, f"{point}_comment")))
        return rows

    @property
    def total_score(self) -> int:
        return sum(score for _label, score, _comment in self.scored_points())

    @property
    def max_score(self) -> int:
        """What the total is out of: 10 for each point scored (60 today, 50 before point (4))."""
        return self.MAX_POINT_SCORE * len(self.scored_points())
