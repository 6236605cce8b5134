"""Annual plans (kế hoạch khuyến công năm) and the budget assigned to them per source."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programs.models.catalogue import FundingSource
from programs.models.fields import money_field


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
