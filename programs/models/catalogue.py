"""The catalogue: support contents and their ceilings (rules), funding sources, outcome indicators."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import MONEY_DIGITS, MONEY_PLACES
from programs.models.fields import ZERO


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
    # A project runs within its plan's year; TT 36/2013/TT-BCT makes carrying one into the next
    # year a decision of the Minister, so only contents whose work spans years (e.g. cluster
    # infrastructure) allow it (programs.validators.project_period_check).
    multi_year = models.BooleanField(
        _("được kéo dài sang năm sau"),
        default=False,
        help_text=_(
            "Chọn nếu đề án của nội dung này được kết thúc trong năm sau năm kế hoạch "
            "(Thông tư 36/2013/TT-BCT: kéo dài sang năm sau do Bộ trưởng Bộ Công Thương quyết định)."
        ),
    )
    # NĐ 45/2012 Art. 1(2)(a) limits rural industrial establishments to certain places (in a
    # centrally-run city, no ward outside a recognised craft village); Art. 1(2)(b) sets no such
    # limit for establishments applying cleaner production or sustainable production and
    # consumption, nor for investors in industrial-cluster infrastructure.
    location_limited = models.BooleanField(
        _("giới hạn địa bàn"),
        default=True,
        help_text=_(
            "Bỏ chọn cho nội dung không giới hạn địa bàn của cơ sở (sản xuất sạch hơn, sản xuất và tiêu dùng "
            "bền vững, đầu tư hạ tầng cụm công nghiệp: Điều 1 khoản 2 điểm b Nghị định 45/2012/NĐ-CP, "
            "sửa đổi bởi Nghị định 235/2025/NĐ-CP)."
        ),
    )
    location_basis = models.CharField(
        _("căn cứ không giới hạn địa bàn"),
        max_length=255,
        blank=True,
        help_text=_("Văn bản, điều khoản cho phép hỗ trợ cơ sở ở mọi địa bàn với nội dung này."),
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
        help_text=_(
            "Mức tối đa được nhân với hệ số này (một lần) khi cán bộ ghi nhận diện ưu tiên cho đề án. "
            "Để 1 cho biến thể đã là bội số của mức cơ bản (dây chuyền = 1,5 lần mức máy móc)."
        ),
    )
    priority_multiplier_confirmed = models.BooleanField(
        _("hệ số ưu tiên đã đối chiếu văn bản"),
        default=False,
        help_text=_("Bỏ chọn nếu hệ số ưu tiên chưa được đối chiếu với văn bản hiện hành."),
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


class PriorityGroundQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)


class PriorityGround(models.Model):
    """A ground on which the approving authority may raise a ceiling (NĐ 45 Art. 6, NĐ 235/2025).

    Being on a priority list makes a project eligible to be considered for a higher level;
    only a ground recorded by staff on the project (or the application's review) applies
    the rule's multiplier, once, to the base cap. An establishment's attributes never do.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("diện ưu tiên"), max_length=255)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("đã đối chiếu văn bản"),
        default=False,
        help_text=_("Bỏ chọn nếu căn cứ chưa được đối chiếu với nguyên văn văn bản chính thức."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    history = HistoricalRecords()
    objects = PriorityGroundQuerySet.as_manager()

    class Meta:
        verbose_name = _("diện ưu tiên")
        verbose_name_plural = _("diện ưu tiên")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="programs_ground_effective_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class FundingSource(models.Model):
    """Where money comes from: national and local khuyến công funds, counterpart, other programmes."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Ngân sách khuyến công quốc gia")
        LOCAL = "local", _("Ngân sách khuyến công địa phương")
        COUNTERPART = "counterpart", _("Vốn đối ứng")
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
