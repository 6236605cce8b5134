"""Bounds every typed date and number keeps: a sane calendar range, nothing in the future where
the thing has already happened, integers and amounts the database can hold.

Each `check_*` function raises `ValidationError` with a Vietnamese message naming the allowed
range, so forms and services say the same words; the `*Validator` classes wrap them for form
fields. The rules that need a plan or a project (disbursements, project periods, decisions)
are in `programs.validators`, built on these.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.dates import vn_date
from core.money import group_thousands

# The programme's records start with the 2000s: annual plans are numbered from 2000
# (AnnualPlan.year), and khuyến công itself dates from NĐ 134/2004/NĐ-CP.
EARLIEST_DATE = datetime.date(2000, 1, 1)
EARLIEST_YEAR = EARLIEST_DATE.year
# Founding years and the like may be older than the programme.
EARLIEST_FOUNDING_YEAR = 1900
# The largest value an integer column holds on every database the portal runs on
# (PostgreSQL `integer`, Django's PositiveIntegerField): past it PostgreSQL refuses the row.
INT_MAX = 2_147_483_647
# Workers of one establishment, within reason: the programme supports small and medium rural
# industry (NĐ 80/2021/NĐ-CP: a medium enterprise has at most 200 insured workers); no
# establishment of any size comes near 100,000, so a larger figure is a typing error.
EMPLOYEES_MAX = 100_000
# Whole đồng: the money columns hold 18 digits (beneficiaries.models.MONEY_DIGITS).
MONEY_MAX = Decimal(10**18 - 1)

# What a message calls the value when the caller names nothing more precise.
DATE = _("Ngày")
YEAR = _("Năm")
NUMBER = _("Số")
AMOUNT = _("Số tiền")
REVENUE = _("Doanh thu")
EMPLOYEES = _("Số lao động")


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Ho_Chi_Minh), not the server's."""
    return timezone.localdate()


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def check_date_between(
    value: datetime.date | None,
    *,
    earliest: datetime.date,
    latest: datetime.date,
    label=DATE,
    code: str = "date_out_of_range",
) -> None:
    """Refuse a date outside [earliest, latest], naming the range; None passes (required is the form's job)."""
    if value is None or earliest <= value <= latest:
        return
    raise ValidationError(
        _("%(label)s %(value)s nằm ngoài khoảng cho phép: từ %(earliest)s đến %(latest)s.")
        % {"label": label, "value": vn_date(value), "earliest": vn_date(earliest), "latest": vn_date(latest)},
        code=code,
    )


def check_not_future(value: datetime.date | None, *, label=DATE, code: str = "date_in_future") -> None:
    """Refuse a date after today, for what has already happened (a payment, a decision)."""
    if value is None:
        return
    now = today()
    if value > now:
        raise ValidationError(
            _("%(label)s %(value)s chưa tới: không được sau hôm nay (%(today)s).")
            % {"label": label, "value": vn_date(value), "today": vn_date(now)},
            code=code,
        )


def check_sane_date(value: datetime.date | None, *, future_years: int = 0, label=DATE) -> None:
    """A date from 01/01/2000 to today plus `future_years` years (0: not after today)."""
    if value is None:
        return
    if future_years == 0:
        check_not_future(value, label=label)
    check_date_between(value, earliest=EARLIEST_DATE, latest=years_after(today(), future_years), label=label)


def check_year(value: int | None, *, earliest: int = EARLIEST_YEAR, latest: int | None = None, label=YEAR) -> None:
    """A year from `earliest` to `latest` (default: the current year, for figures already known)."""
    if value is None:
        return
    latest = today().year if latest is None else latest
    if not earliest <= value <= latest:
        raise ValidationError(
            _("%(label)s %(value)s nằm ngoài khoảng cho phép: từ %(earliest)s đến %(latest)s.")
            % {"label": label, "value": value, "earliest": earliest, "latest": latest},
            code="year_out_of_range",
        )


def check_integer(value: int | None, *, minimum: int = 0, maximum: int = INT_MAX, label=NUMBER) -> None:
    """An integer from `minimum` to `maximum` (default: what an integer column holds)."""
    if value is None:
        return
    if not minimum <= value <= maximum:
        raise ValidationError(
            _("%(label)s phải từ %(minimum)s đến %(maximum)s.")
            % {"label": label, "minimum": group_thousands(minimum), "maximum": group_thousands(maximum)},
            code="integer_out_of_range",
        )


def check_money(value: Decimal | None, *, label=AMOUNT) -> None:
    """Whole đồng from 0 to the largest amount a money column holds (18 digits)."""
    if value is None:
        return
    if not Decimal(0) <= value <= MONEY_MAX or value != value.to_integral_value():
        raise ValidationError(
            _("%(label)s phải là số đồng nguyên từ 0 đến %(maximum)s.")
            % {"label": label, "maximum": group_thousands(MONEY_MAX)},
            code="money_out_of_range",
        )


def check_year_figures(*, year: int, revenue: Decimal, employees: int) -> None:
    """An establishment's figures for one year: a past or current year, amounts the database holds.

    Raises one ValidationError listing every problem (a form shows it above its rows).
    """
    errors = []
    checks = (
        lambda: check_year(year),
        lambda: check_money(revenue, label=REVENUE),
        lambda: check_integer(employees, maximum=EMPLOYEES_MAX, label=EMPLOYEES),
    )
    for check in checks:
        try:
            check()
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)


@deconstructible
class SaneDateValidator:
    """A form field's date from 01/01/2000 to today plus `future_years` years (`check_sane_date`)."""

    def __init__(self, future_years: int = 0):
        self.future_years = future_years

    def __call__(self, value):
        check_sane_date(value, future_years=self.future_years)

    def __eq__(self, other):
        return isinstance(other, SaneDateValidator) and other.future_years == self.future_years


@deconstructible
class YearValidator:
    """A form field's year from `earliest` to the current year plus `future_years` (`check_year`)."""

    def __init__(self, earliest: int = EARLIEST_YEAR, future_years: int = 0):
        self.earliest, self.future_years = earliest, future_years

    def __call__(self, value):
        check_year(value, earliest=self.earliest, latest=today().year + self.future_years)

    def __eq__(self, other):
        return isinstance(other, YearValidator) and (other.earliest, other.future_years) == (
            self.earliest,
            self.future_years,
        )


@deconstructible
class IntegerRangeValidator:
    """A form field's integer from `minimum` to `maximum` (`check_integer`), one message for both ends."""

    def __init__(self, minimum: int = 0, maximum: int = INT_MAX, label=NUMBER):
        self.minimum, self.maximum, self.label = minimum, maximum, label

    def __call__(self, value):
        check_integer(value, minimum=self.minimum, maximum=self.maximum, label=self.label)

    def __eq__(self, other):
        return isinstance(other, IntegerRangeValidator) and (other.minimum, other.maximum) == (
            self.minimum,
            self.maximum,
        )
