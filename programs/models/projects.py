"""Projects (đề án khuyến công): their beneficiaries, budget lines, payments, outcomes and steps."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import MONEY_DIGITS, MONEY_PLACES, AdministrativeUnit, Establishment
from core.dates import vn_date
from core.money import format_vnd
from core.text import fold
from programs.models.catalogue import FundingSource, OutcomeIndicator, PriorityGround, SupportContent
from programs.models.fields import MONEY, ZERO, money_field, subtotal
from programs.models.plans import AnnualPlan


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    SETTLED = "settled", _("Đã quyết toán")
    CANCELLED = "cancelled", _("Đã hủy")


class DisbursementKind(models.TextChoices):
    ADVANCE = "advance", _("Tạm ứng")
    FINAL = "final", _("Thanh toán")


class ProjectQuerySet(models.QuerySet):
    def search(self, text: str):
        """Match code or title with or without diacritics, or a beneficiary's name, tax code or representative.

        No join: beneficiaries are matched through a subquery, so rows are never repeated.
        """
        folded = fold(text)
        if not folded:
            return self
        beneficiaries = ProjectBeneficiary.objects.filter(
            establishment__in=Establishment.objects.search(text).values("pk")
        ).values("project")
        return self.filter(Q(search_text__contains=folded) | Q(pk__in=beneficiaries))

    def with_status_rank(self):
        """Alias `status_rank`: the lifecycle order of the status, for sorting (proposed first)."""
        ranks = [models.When(status=value, then=models.Value(rank)) for rank, value in enumerate(ProjectStatus.values)]
        return self.alias(status_rank=models.Case(*ranks, output_field=models.IntegerField()))

    def money_totals(self) -> dict[str, Decimal]:
        """Total planned cost, state-approved and disbursed money of every project in this QuerySet.

        Two aggregate queries over the projects' ids as a subquery: a project matched
        through several communes or sources still counts once.
        """
        ids = self.order_by().values("pk")
        lines = BudgetLine.objects.filter(project__in=ids).aggregate(
            planned=Coalesce(models.Sum("planned"), ZERO),
            approved=Coalesce(models.Sum("approved", filter=Q(source__is_state_budget=True)), ZERO),
        )
        paid = Disbursement.objects.filter(project__in=ids).aggregate(disbursed=Coalesce(models.Sum("amount"), ZERO))
        return {**lines, **paid}

    def for_staff_detail(self):
        """The staff project page: the project, then one query per related list (seven in all).

        Budget lines carry `disbursed`, the money paid from their source (`BudgetLineQuerySet.with_disbursed`).
        """
        # The application it came from, if any (reverse one-to-one): joined, no extra query.
        return self.select_related("content", "plan", "application", "priority_ground").prefetch_related(
            "communes",
            models.Prefetch(
                "shares",
                queryset=ProjectBeneficiary.objects.select_related("establishment__commune").order_by(
                    "establishment__name"
                ),
            ),
            models.Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("source").with_disbursed()),
            models.Prefetch("outcomes", queryset=ProjectOutcome.objects.select_related("indicator")),
            models.Prefetch(
                "disbursements",
                queryset=Disbursement.objects.select_related("source", "created_by").order_by("date", "pk"),
            ),
            models.Prefetch("status_changes", queryset=ProjectStatusChange.objects.select_related("changed_by")),
        )

    def with_money(self):
        """Annotate total planned cost, state planned/approved and disbursed money (no extra queries)."""
        state = Q(source__is_state_budget=True)
        return self.annotate(
            total_planned=subtotal(BudgetLine, "planned", outer="project"),
            state_planned=subtotal(BudgetLine, "planned", outer="project", condition=state),
            state_approved=subtotal(BudgetLine, "approved", outer="project", condition=state),
            disbursed=subtotal(Disbursement, "amount", outer="project"),
        )

    def for_staff_list(self):
        """The staff project list: one query for the rows, one for beneficiaries, one for communes."""
        return (
            self.select_related("content", "plan")
            .prefetch_related(
                models.Prefetch("shares", queryset=ProjectBeneficiary.objects.select_related("establishment")),
                "communes",
            )
            .with_money()
        )


class Project(models.Model):
    """A support project (đề án khuyến công) of an annual plan."""

    Status = ProjectStatus
    # The lifecycle of TT 36/2013: the only place that says which step may follow which.
    TRANSITIONS = {
        ProjectStatus.PROPOSED: (ProjectStatus.APPRAISED, ProjectStatus.CANCELLED),
        ProjectStatus.APPRAISED: (ProjectStatus.APPROVED, ProjectStatus.PROPOSED, ProjectStatus.CANCELLED),
        ProjectStatus.APPROVED: (ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED),
        ProjectStatus.IN_PROGRESS: (ProjectStatus.ACCEPTED, ProjectStatus.CANCELLED),
        ProjectStatus.ACCEPTED: (ProjectStatus.SETTLED,),
        ProjectStatus.SETTLED: (),
        ProjectStatus.CANCELLED: (),
    }
    # Statuses in which money has been approved: from here on the support counts as received.
    FUNDED = (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)
    # The payments each status accepts (TT 36/2013), the only place that says so: advances from
    # approval until acceptance, then the final payment; nothing before approval, nor once the
    # project is settled (its accounts are closed) or cancelled.
    PAYMENTS = {
        ProjectStatus.APPROVED: (DisbursementKind.ADVANCE,),
        ProjectStatus.IN_PROGRESS: (DisbursementKind.ADVANCE,),
        ProjectStatus.ACCEPTED: (DisbursementKind.FINAL,),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã đề án"), max_length=30, unique=True)
    title = models.CharField(_("tên đề án"), max_length=255)
    content = models.ForeignKey(
        SupportContent, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="projects"
    )
    variant = models.SlugField(
        _("biến thể mức hỗ trợ"),
        max_length=40,
        default="standard",
        help_text=_("Ví dụ: máy móc riêng lẻ (standard) hay cả dây chuyền (production_line)."),
    )
    plan = models.ForeignKey(AnnualPlan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="projects")
    implementing_unit = models.CharField(_("đơn vị thực hiện"), max_length=255)
    beneficiaries = models.ManyToManyField(
        Establishment,
        verbose_name=_("cơ sở thụ hưởng"),
        through="ProjectBeneficiary",
        related_name="projects",
        blank=True,
    )
    communes = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("địa bàn"), related_name="projects", blank=True
    )
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    objectives = models.TextField(_("mục tiêu"), blank=True)
    expected_results = models.TextField(_("kết quả dự kiến"), blank=True)
    priority_ground = models.ForeignKey(
        PriorityGround,
        verbose_name=_("diện ưu tiên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_(
            "Do cán bộ ghi nhận theo kết quả thẩm định. Chỉ khi có diện ưu tiên, mức tối đa mới được nhân "
            "(một lần) với hệ số ưu tiên của mức hỗ trợ."
        ),
    )
    priority_reason = models.CharField(
        _("ghi chú ưu tiên"),
        max_length=255,
        blank=True,
        help_text=_("Ghi chú kèm theo; không làm thay đổi mức hỗ trợ tối đa."),
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=ProjectStatus, default=ProjectStatus.PROPOSED)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    # Folded copy of code and title for accent-insensitive search (core.text.fold):
    # stored, because folding 10,000 titles on every search costs seconds.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề án")
        verbose_name_plural = _("đề án")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="programs_project_dates_ordered"),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="programs_project_status_valid"),
        ]
        indexes = [
            # The staff project list's default order: the first page reads 25 rows, not all.
            models.Index(F("start_date").desc(), "code", name="programs_project_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.title}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS[ProjectStatus(self.status)]

    def clean(self):
        # Mirrors programs_project_dates_ordered, with a message naming the dates.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _("Ngày kết thúc (%(end)s) phải bằng hoặc sau ngày bắt đầu (%(start)s).")
                    % {"end": vn_date(self.end_date), "start": vn_date(self.start_date)}
                }
            )

    # What the ceiling depends on: fixed with the money by the approval decision.
    CEILING_INPUTS = ("content", "variant", "plan", "priority_ground", "priority_reason")

    @property
    def money_editable(self) -> bool:
        """Beneficiaries, budget lines and the ceiling's inputs change only before approval.

        From approval on, the decision fixes them (the admin freezes them too); a
        cancelled project keeps what it had.
        """
        return self.status in (ProjectStatus.PROPOSED, ProjectStatus.APPRAISED)

    @property
    def approved_editable(self) -> bool:
        """Approved amounts come out of the appraisal: typed once appraised, fixed by the approval."""
        return self.status == ProjectStatus.APPRAISED

    def payment_kinds(self) -> tuple[str, ...]:
        """The kinds of payment the project's status accepts now (`PAYMENTS`; no query)."""
        return self.PAYMENTS.get(ProjectStatus(self.status), ())

    def payment_refusal(self, kind: str) -> ValidationError | None:
        """Why the status refuses a payment of `kind` now, in words staff can act on; None if it accepts it."""
        accepted = self.payment_kinds()
        if kind in accepted:
            return None
        if not accepted:
            return ValidationError(
                _("Chỉ giải ngân cho đề án đã phê duyệt, đang thực hiện hoặc đã nghiệm thu."), code="not_funded"
            )
        if kind == DisbursementKind.FINAL:
            return ValidationError(
                _("Chỉ thanh toán phần còn lại sau khi đề án được nghiệm thu."), code="final_too_early"
            )
        return ValidationError(
            _("Đề án đã nghiệm thu: hãy ghi khoản thanh toán, không phải tạm ứng."), code="late_advance"
        )

    def payable_sources(self) -> list[FundingSource]:
        """The sources a payment may still come from: approved money not all paid out yet.

        One query; none when the budget lines were prefetched with what was paid from each
        (`for_staff_detail`).
        """
        lines = self.budget_lines.all()
        if "budget_lines" not in getattr(self, "_prefetched_objects_cache", {}):
            lines = lines.select_related("source").with_disbursed()
        return [line.source for line in lines if line.remaining > 0]

    def accepts_payment(self, kind: str, source: FundingSource | None = None) -> bool:
        """Whether a payment of `kind` may be recorded now, and from `source` when one is named.

        The status must accept that kind (`PAYMENTS`, as `disbursement_create` checks); a named
        source must have approved money not yet paid (`payable_sources`, and its query).
        """
        if self.payment_refusal(kind) is not None:
            return False
        return source is None or source in self.payable_sources()


class ProjectBeneficiary(models.Model):
    """An establishment that benefits from a project, and the state support it receives."""

    project = models.ForeignKey(Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="shares")
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("cơ sở"), on_delete=models.PROTECT, related_name="project_shares"
    )
    eligible_cost = money_field(_("chi phí được hỗ trợ (đồng)"))
    support_amount = money_field(_("kinh phí hỗ trợ (đồng)"))
    # Why an establishment supported with the same content in the previous three years is
    # supported again (the double-support guard of the project form).
    repeat_support_reason = models.CharField(_("lý do hỗ trợ lại"), max_length=255, blank=True)
    # Why an establishment outside the beneficiaries of NĐ 45/2012 Art. 1(2) for the project's
    # content is supported all the same (staff record it; the plan's appendix shows it).
    eligibility_exception_reason = models.CharField(_("lý do ngoại lệ về đối tượng"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ sở thụ hưởng")
        verbose_name_plural = _("cơ sở thụ hưởng")
        constraints = [
            models.UniqueConstraint(fields=["project", "establishment"], name="programs_share_once_per_project"),
            models.CheckConstraint(condition=Q(eligible_cost__gte=0), name="programs_share_cost_non_negative"),
            models.CheckConstraint(condition=Q(support_amount__gte=0), name="programs_share_support_non_negative"),
            models.CheckConstraint(
                condition=Q(support_amount__lte=F("eligible_cost")), name="programs_share_support_within_cost"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} → {self.establishment}"


class BudgetLineQuerySet(models.QuerySet):
    def with_disbursed(self):
        """Annotate `disbursed`: the money paid to the line's project from its source (a subquery)."""
        paid = (
            Disbursement.objects.filter(project=models.OuterRef("project"), source=models.OuterRef("source"))
            .order_by()
            .values("project")
            .annotate(total=models.Sum("amount"))
            .values("total")
        )
        return self.annotate(disbursed=Coalesce(models.Subquery(paid), models.Value(ZERO), output_field=MONEY))


class BudgetLine(models.Model):
    """A project's money from one source: planned in the proposal, approved in the decision."""

    project = models.ForeignKey(Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="budget_lines")
    source = models.ForeignKey(FundingSource, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+")
    planned = money_field(_("dự kiến (đồng)"))
    approved = money_field(_("được duyệt (đồng)"))

    history = HistoricalRecords()
    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["project", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="programs_budgetline_one_per_source"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="programs_budgetline_planned_non_negative"),
            models.CheckConstraint(condition=Q(approved__gte=0), name="programs_budgetline_approved_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} – {self.source}"

    @property
    def remaining(self) -> Decimal:
        """Approved money not yet paid out; the line must carry `disbursed` (`with_disbursed`)."""
        return self.approved - self.disbursed


class Disbursement(models.Model):
    """Money paid out to a project from one source: an advance or the final payment."""

    Kind = DisbursementKind

    project = models.ForeignKey(
        Project, verbose_name=_("đề án"), on_delete=models.PROTECT, related_name="disbursements"
    )
    source = models.ForeignKey(FundingSource, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("ngày chi"))
    amount = models.DecimalField(
        _("số tiền (đồng)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("1"))],
    )
    kind = models.CharField(_("loại"), max_length=10, choices=DisbursementKind)
    voucher_number = models.CharField(_("số chứng từ"), max_length=60, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL, null=True, blank=True
    )
    # A default, not auto_now_add: payments entered late or imported keep their real time.
    created_at = models.DateTimeField(_("thời điểm nhập"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="programs_disbursement_amount_positive"),
            models.CheckConstraint(condition=Q(kind__in=["advance", "final"]), name="programs_disbursement_kind_valid"),
        ]
        indexes = [
            # Sums of disbursed money per project and source (ledger checks, reports).
            models.Index(fields=["project", "source"], name="programs_disb_project_source"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_kind_display()} {format_vnd(self.amount)}"


class ProjectOutcome(models.Model):
    """A project's planned and achieved value of one indicator."""

    project = models.ForeignKey(Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.ForeignKey(
        OutcomeIndicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="outcomes"
    )
    planned = models.DecimalField(_("kế hoạch"), max_digits=18, decimal_places=2, default=ZERO)
    achieved = models.DecimalField(_("thực hiện"), max_digits=18, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả đề án")
        verbose_name_plural = _("kết quả đề án")
        ordering = ["project", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "indicator"], name="programs_outcome_once_per_indicator"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="programs_outcome_planned_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} – {self.indicator}"


class ProjectStatusChange(models.Model):
    """One step of a project's lifecycle: who moved it, from what, to what, when and why."""

    project = models.ForeignKey(
        Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("từ"), max_length=12, choices=ProjectStatus)
    to_status = models.CharField(_("sang"), max_length=12, choices=ProjectStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.SET_NULL, null=True
    )
    changed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái đề án")
        verbose_name_plural = _("chuyển trạng thái đề án")
        ordering = ["project", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.from_status} → {self.to_status}"
