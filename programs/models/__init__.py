"""What the state supports and with how much money: contents, ceilings, plans, projects."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import MONEY_DIGITS, MONEY_PLACES, AdministrativeUnit, Establishment
from core.money import format_vnd
from core.text import fold

ZERO = Decimal("0")


def money_field(verbose_name, **kwargs):
    """A whole-đồng amount, never negative."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class SupportContent(models.Model):
    """An activity content of NĐ 45/2012 Art. 4 (as amended), e.g. KC03b advanced machinery.

    A versioned lookup table rather than hard-coded choices: NĐ 235/2025 changed the
    list and its final numbering is still to be confirmed (DOMAIN.md 2.2).
    """

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên nội dung"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    version = models.CharField(_("phiên bản danh mục"), max_length=60, default="NĐ 45/2012, sửa đổi NĐ 235/2025")
    # TT 36/2013/TT-BCT: advances up to 70% for most contents, 30% for cluster
    # infrastructure, 100% (after acceptance) for setting up an enterprise.
    advance_cap_percent = models.DecimalField(
        _("tạm ứng tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text=_("Tỷ lệ tạm ứng tối đa trên kinh phí hỗ trợ được duyệt (Thông tư 36/2013/TT-BCT)."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("nội dung khuyến công")
        verbose_name_plural = _("nội dung khuyến công")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(advance_cap_percent__gte=0, advance_cap_percent__lte=100),
                name="programs_content_advance_cap_is_percentage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class RuleSet(models.TextChoices):
    NATIONAL = "national", _("Khuyến công quốc gia")
    LOCAL = "local", _("Khuyến công địa phương")


class RuleUnit(models.TextChoices):
    ESTABLISHMENT = "establishment", _("cơ sở")
    MODEL = "model", _("mô hình")
    ROUND = "round", _("đợt bình chọn")
    PRODUCT = "product", _("sản phẩm")
    BRAND = "brand", _("thương hiệu")
    CLUSTER = "cluster", _("cụm công nghiệp")
    ASSOCIATION = "association", _("hiệp hội/cụm liên kết")
    ENTERPRISE = "enterprise", _("doanh nghiệp")
    PROJECT = "project", _("đề án")


class SupportRuleQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)


class SupportRule(models.Model):
    """The ceiling of a content under a rule set: min(pct × cost, cap × multiplier).

    Every figure carries its legal basis and whether it has been checked against
    the official text; unconfirmed figures are loaded so staff can correct them.
    """

    RuleSet = RuleSet
    Unit = RuleUnit

    content = models.ForeignKey(
        SupportContent, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="rules"
    )
    rule_set = models.CharField(_("nguồn quy định"), max_length=10, choices=RuleSet, default=RuleSet.NATIONAL)
    variant = models.SlugField(_("biến thể"), max_length=40, default="standard")
    variant_label = models.CharField(_("tên biến thể"), max_length=120, blank=True)
    pct_cap = models.DecimalField(
        _("tỷ lệ hỗ trợ tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text=_("Để trống nếu không giới hạn theo tỷ lệ (hỗ trợ đến 100% chi phí)."),
    )
    amount_cap = models.DecimalField(
        _("mức tối đa (đồng)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Để trống nếu không giới hạn theo số tiền."),
    )
    unit = models.CharField(_("đơn vị tính"), max_length=15, choices=RuleUnit, default=RuleUnit.ESTABLISHMENT)
    priority_multiplier = models.DecimalField(
        _("hệ số ưu tiên tối đa"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("3"))],
        help_text=_("Mức tối đa được nhân với hệ số này khi đề án có lý do ưu tiên (đến 1,5 lần)."),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("đã đối chiếu văn bản"),
        default=False,
        help_text=_("Bỏ chọn nếu con số chưa được đối chiếu với văn bản chính thức."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()
    objects = SupportRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mức hỗ trợ tối đa")
        verbose_name_plural = _("mức hỗ trợ tối đa")
        ordering = ["content__order", "content__code", "rule_set", "variant", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["content", "rule_set", "variant", "effective_from"], name="programs_rule_unique_version"
            ),
            models.CheckConstraint(condition=Q(rule_set__in=RuleSet.values), name="programs_rule_rule_set_valid"),
            models.CheckConstraint(condition=Q(unit__in=RuleUnit.values), name="programs_rule_unit_valid"),
            models.CheckConstraint(
                condition=Q(pct_cap__isnull=True) | Q(pct_cap__gte=0, pct_cap__lte=100),
                name="programs_rule_pct_cap_is_percentage",
            ),
            models.CheckConstraint(
                condition=Q(amount_cap__isnull=True) | Q(amount_cap__gte=0),
                name="programs_rule_amount_cap_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(priority_multiplier__gte=1), name="programs_rule_multiplier_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="programs_rule_effective_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        label = self.variant_label or self.variant
        return f"{self.content.code} {label} ({self.get_rule_set_display()}, {self.legal_basis})"


class FundingSource(models.Model):
    """Where money comes from: national and local khuyến công funds, counterpart, other programmes."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Ngân sách khuyến công quốc gia")
        LOCAL = "local", _("Ngân sách khuyến công địa phương")
        COUNTERPART = "counterpart", _("Vốn đối ứng của cơ sở")
        OTHER = "other", _("Chương trình, nguồn khác")

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên nguồn"), max_length=160)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind)
    # State money counts against ceilings and disbursement rates; counterpart money does not.
    is_state_budget = models.BooleanField(_("là ngân sách nhà nước"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["national", "local", "counterpart", "other"]),
                name="programs_source_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="counterpart", is_state_budget=True), name="programs_source_counterpart_not_state"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("Quốc gia")
    LOCAL = "local", _("Địa phương")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    APPROVED = "approved", _("Đã phê duyệt")


class AnnualPlan(models.Model):
    """The yearly plan of projects (kế hoạch khuyến công năm N) at one level."""

    Level = PlanLevel
    Status = PlanStatus
    TRANSITIONS = {
        PlanStatus.DRAFT: (PlanStatus.SUBMITTED,),
        PlanStatus.SUBMITTED: (PlanStatus.APPROVED, PlanStatus.DRAFT),
        PlanStatus.APPROVED: (),
    }

    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    level = models.CharField(_("cấp"), max_length=10, choices=PlanLevel)
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus, default=PlanStatus.DRAFT)
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch khuyến công năm")
        verbose_name_plural = _("kế hoạch khuyến công năm")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="programs_plan_one_per_year_and_level"),
            models.CheckConstraint(condition=Q(level__in=PlanLevel.values), name="programs_plan_level_valid"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="programs_plan_status_valid"),
            # An approved plan names the decision that approved it.
            models.CheckConstraint(
                condition=~Q(status="approved") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="programs_plan_approved_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_level_display()} {self.year}"

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS[PlanStatus(self.status)]


class PlanBudget(models.Model):
    """The budget assigned to a plan from one source (dự toán được giao)."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="budgets")
    source = models.ForeignKey(FundingSource, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+")
    assigned = money_field(_("dự toán được giao (đồng)"))

    class Meta:
        verbose_name = _("dự toán được giao")
        verbose_name_plural = _("dự toán được giao")
        ordering = ["plan", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "source"], name="programs_planbudget_one_per_source"),
            models.CheckConstraint(condition=Q(assigned__gte=0), name="programs_planbudget_assigned_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.source}"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPRAISED = "appraised", _("Đã thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    SETTLED = "settled", _("Đã quyết toán")
    CANCELLED = "cancelled", _("Đã hủy")


def _sum_per_project(model, field: str, **filters):
    """A correlated subquery summing `field` of `model` rows of the outer project.

    Subqueries rather than joins, so that summing budget lines and disbursements in
    the same query does not multiply rows.
    """
    rows = (
        model.objects.filter(project=models.OuterRef("pk"), **filters)
        .order_by()
        .values("project")
        .annotate(total=models.Sum(field))
        .values("total")
    )
    return Coalesce(
        models.Subquery(rows),
        models.Value(ZERO),
        output_field=models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES),
    )


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

        Budget lines carry `disbursed`, the money paid from their source, summed in the database.
        """
        paid = (
            Disbursement.objects.filter(project=models.OuterRef("project"), source=models.OuterRef("source"))
            .order_by()
            .values("project")
            .annotate(total=models.Sum("amount"))
            .values("total")
        )
        money = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
        # The application it came from, if any (reverse one-to-one): joined, no extra query.
        return self.select_related("content", "plan", "application").prefetch_related(
            "communes",
            models.Prefetch(
                "shares",
                queryset=ProjectBeneficiary.objects.select_related("establishment__commune").order_by(
                    "establishment__name"
                ),
            ),
            models.Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.select_related("source").annotate(
                    disbursed=Coalesce(models.Subquery(paid), models.Value(ZERO), output_field=money)
                ),
            ),
            models.Prefetch("outcomes", queryset=ProjectOutcome.objects.select_related("indicator")),
            models.Prefetch(
                "disbursements",
                queryset=Disbursement.objects.select_related("source", "created_by").order_by("date", "pk"),
            ),
            models.Prefetch("status_changes", queryset=ProjectStatusChange.objects.select_related("changed_by")),
        )

    def with_money(self):
        """Annotate total planned cost, state planned/approved and disbursed money (no extra queries)."""
        return self.annotate(
            total_planned=_sum_per_project(BudgetLine, "planned"),
            state_planned=_sum_per_project(BudgetLine, "planned", source__is_state_budget=True),
            state_approved=_sum_per_project(BudgetLine, "approved", source__is_state_budget=True),
            disbursed=_sum_per_project(Disbursement, "amount"),
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
    # Statuses in which money has been approved and may be paid out.
    FUNDED = (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)

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
    priority_reason = models.CharField(
        _("lý do ưu tiên"),
        max_length=255,
        blank=True,
        help_text=_(
            "Chỉ khi có lý do ưu tiên (địa bàn, ngành nghề, chủ cơ sở là phụ nữ hoặc người dân tộc thiểu số) "
            "mới được áp dụng hệ số ưu tiên của mức hỗ trợ."
        ),
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
                    % {"end": self.end_date.strftime("%d/%m/%Y"), "start": self.start_date.strftime("%d/%m/%Y")}
                }
            )

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


class BudgetLine(models.Model):
    """A project's money from one source: planned in the proposal, approved in the decision."""

    project = models.ForeignKey(Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="budget_lines")
    source = models.ForeignKey(FundingSource, verbose_name=_("nguồn"), on_delete=models.PROTECT, related_name="+")
    planned = money_field(_("dự kiến (đồng)"))
    approved = money_field(_("được duyệt (đồng)"))

    history = HistoricalRecords()

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


class Disbursement(models.Model):
    """Money paid out to a project from one source: an advance or the final payment."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Tạm ứng")
        FINAL = "final", _("Thanh toán")

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
    kind = models.CharField(_("loại"), max_length=10, choices=Kind)
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


class OutcomeIndicator(models.Model):
    """A result measured on projects: trainees, machines, fairs, jobs created…"""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("chỉ tiêu"), max_length=160)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    contents = models.ManyToManyField(
        SupportContent, verbose_name=_("áp dụng cho nội dung"), related_name="indicators", blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu kết quả")
        verbose_name_plural = _("chỉ tiêu kết quả")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class ProjectOutcome(models.Model):
    """A project's planned and achieved value of one indicator."""

    project = models.ForeignKey(Project, verbose_name=_("đề án"), on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.ForeignKey(
        OutcomeIndicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="outcomes"
    )
    planned = models.DecimalField(_("kế hoạch"), max_digits=18, decimal_places=2, default=ZERO)
    achieved = models.DecimalField(_("thực hiện"), max_digits=18, decimal_places=2, null=True, blank=True)

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
