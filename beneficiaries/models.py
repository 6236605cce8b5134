"""Who the programme supports, and where: the registry of rural-industry establishments."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.validators import format_tax_code, validate_phone, validate_tax_code
from core.text import fold
from core.validators import check_year_figures

# Whole đồng: every amount of money in the portal uses these two numbers.
MONEY_DIGITS = 18
MONEY_PLACES = 0


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class AdministrativeUnit(models.Model):
    """A province or a commune-level unit of the two-tier system in force since 1/7/2025."""

    Kind = UnitKind

    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    # Districts were abolished on 1/7/2025; the old name is kept for pre-2025
    # records and for reports "by former district".
    former_district = models.CharField(_("huyện cũ"), max_length=100, blank=True)
    former_units = models.CharField(_("đơn vị cũ sáp nhập"), max_length=255, blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="beneficiaries_unit_kind_valid"),
            # A province has no parent; a commune, ward or special zone has one.
            models.CheckConstraint(
                condition=Q(kind__in=["province", "city"], parent__isnull=True)
                | Q(kind__in=["xa", "phuong", "dac_khu"], parent__isnull=False),
                name="beneficiaries_unit_parent_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.kind in self.PROVINCE_KINDS:
            return self.name
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_ward_of_centrally_run_city(self) -> bool:
        """Reads `parent`: select_related("parent") to avoid a query."""
        return self.kind == self.Kind.WARD and self.parent is not None and self.parent.kind == self.Kind.CITY


class Sector(models.Model):
    """An eligible sector of NĐ 45/2012 Art. 5, as amended by NĐ 235/2025."""

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên ngành nghề"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    is_priority = models.BooleanField(_("ngành ưu tiên"), default=False)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("ngành nghề")
        verbose_name_plural = _("ngành nghề")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CraftVillage(models.Model):
    """A craft village (làng nghề) recognised by the provincial People's Committee."""

    name = models.CharField(_("tên làng nghề"), max_length=200)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="craft_villages"
    )
    crafts = models.CharField(_("nghề"), max_length=200, blank=True)
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=100, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    active = models.BooleanField(_("đang được công nhận"), default=True)

    class Meta:
        verbose_name = _("làng nghề")
        verbose_name_plural = _("làng nghề")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="beneficiaries_craftvillage_unique_in_commune")
        ]

    def __str__(self) -> str:
        return self.name


class EstablishmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, text: str):
        """Match name, tax code or representative, with or without diacritics."""
        folded = fold(text)
        if not folded:
            return self
        digits = "".join(ch for ch in text if ch.isdigit())
        query = Q(search_text__contains=folded)
        if digits:
            query |= Q(tax_code__startswith=digits)
        return self.filter(query)

    def for_staff_list(self):
        """The staff list: each row with its commune (no query per row)."""
        return self.select_related("commune")

    def for_staff_detail(self):
        """One establishment's page: commune and province (for eligibility), craft village, sectors (2 queries)."""
        return self.select_related("commune__parent", "craft_village").prefetch_related("sectors")

    def for_export(self):
        """Excel rows: commune, craft village, sectors (one query per chunk) and the latest year's figures.

        The latest figures are correlated subqueries on the (establishment, year) unique index.
        """
        latest = EstablishmentYearStat.objects.filter(establishment=models.OuterRef("pk")).order_by("-year")
        return (
            self.select_related("commune", "craft_village")
            .prefetch_related("sectors")
            .annotate(
                latest_year=models.Subquery(latest.values("year")[:1]),
                latest_revenue=models.Subquery(latest.values("revenue")[:1]),
                latest_employees=models.Subquery(latest.values("employees")[:1]),
            )
        )


class LegalForm(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ kinh doanh")
    COOPERATIVE_GROUP = "coop_group", _("Tổ hợp tác")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_UNION = "coop_union", _("Liên hiệp hợp tác xã")
    SME = "sme", _("Doanh nghiệp nhỏ và vừa")


class Establishment(models.Model):
    """A rural-industry establishment (cơ sở công nghiệp nông thôn)."""

    LegalForm = LegalForm

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("tên cơ sở"), max_length=255)
    legal_form = models.CharField(_("loại hình"), max_length=20, choices=LegalForm)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=13,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("10 chữ số, 13 chữ số cho chi nhánh, hoặc số định danh cá nhân 12 chữ số của hộ kinh doanh."),
    )
    representative = models.CharField(_("người đại diện"), max_length=120)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã/phường/đặc khu"),
        on_delete=models.PROTECT,
        related_name="establishments",
        limit_choices_to={"kind__in": ["xa", "phuong", "dac_khu"]},
    )
    craft_village = models.ForeignKey(
        CraftVillage,
        verbose_name=_("làng nghề"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="establishments",
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("ngành nghề"), related_name="establishments", blank=True)
    founding_year = models.PositiveSmallIntegerField(
        _("năm thành lập"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    main_products = models.CharField(_("sản phẩm chính"), max_length=255, blank=True)
    # Priorities added by NĐ 235/2025.
    woman_owned = models.BooleanField(_("do phụ nữ làm chủ"), default=False)
    ethnic_minority_owner = models.BooleanField(_("chủ cơ sở là người dân tộc thiểu số"), default=False)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    # Folded copy of name, tax code and representative for accent-insensitive search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở CNNT")
        verbose_name_plural = _("cơ sở CNNT")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_form__in=LegalForm.values),
                name="beneficiaries_establishment_legal_form_valid",
            ),
            models.CheckConstraint(
                condition=Q(founding_year__isnull=True) | Q(founding_year__gte=1900, founding_year__lte=2100),
                name="beneficiaries_establishment_founding_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.tax_code} {self.representative}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def tax_code_display(self) -> str:
        return format_tax_code(self.tax_code)

    @property
    def is_priority_owner(self) -> bool:
        return self.woman_owned or self.ethnic_minority_owner

    def eligibility(self, *, location_limited: bool = True, location_basis: str = ""):
        """The eligibility answer and its reason (reads commune, parent and sectors).

        Without arguments, the answer for a content with the place limits of NĐ 45 Art. 1(2)(a);
        programs' `establishment_eligibility` passes a content's own.
        """
        from beneficiaries.eligibility import check_eligibility

        return check_eligibility(
            legal_form=self.legal_form,
            commune=self.commune,
            craft_village=self.craft_village,
            sectors=list(self.sectors.all()),
            location_limited=location_limited,
            location_basis=location_basis,
        )


class EstablishmentYearStat(models.Model):
    """Yearly figures of an establishment, for the before/after impact of support."""

    establishment = models.ForeignKey(
        Establishment, verbose_name=_("cơ sở"), on_delete=models.CASCADE, related_name="year_stats"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    revenue = models.DecimalField(
        _("doanh thu (đồng)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
    )
    employees = models.PositiveIntegerField(_("số lao động"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu năm")
        verbose_name_plural = _("số liệu năm")
        ordering = ["establishment", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "year"], name="beneficiaries_yearstat_one_per_year"),
            models.CheckConstraint(condition=Q(revenue__gte=0), name="beneficiaries_yearstat_revenue_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} – {self.year}"

    def clean(self):
        super().clean()
        # The same bounds on every path (staff form, portal, import, admin): a past or current
        # year, figures the database holds (core.validators).
        if None not in (self.year, self.revenue, self.employees):
            check_year_figures(year=self.year, revenue=self.revenue, employees=self.employees)


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REFUSED = "refused", _("Bị từ chối")


class EstablishmentAccount(models.Model):
    """The link between a user account and the establishment it speaks for."""

    Status = AccountStatus

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="establishment_account",
    )
    establishment = models.ForeignKey(
        Establishment, verbose_name=_("cơ sở"), on_delete=models.CASCADE, related_name="accounts"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("thời điểm xác minh"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tài khoản cơ sở")
        verbose_name_plural = _("tài khoản cơ sở")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AccountStatus.values), name="beneficiaries_account_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.establishment}"


class Notification(models.Model):
    """An in-app notice to one user: a status change, a message, a report ready for download.

    Every app may write one (it lives in the lowest app so that all can); e-mail copies
    are sent by Celery tasks of the app that raises the event.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("nội dung"), max_length=300)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The unread count shown on every page for a signed-in user.
            models.Index(fields=["recipient", "read_at"], name="beneficiaries_notif_unread"),
        ]

    def __str__(self) -> str:
        return self.message
