"""The generic bounds of `core.validators`: exactly at each bound passes, one unit outside is refused."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import timezone

from core.validators import (
    EMPLOYEES_MAX,
    INT_MAX,
    MONEY_MAX,
    SaneDateValidator,
    YearValidator,
    check_integer,
    check_money,
    check_sane_date,
    check_year,
    check_year_figures,
    vn_date,
    years_after,
)

DAY = datetime.timedelta(days=1)


class SaneDateTests(SimpleTestCase):
    def test_it_accepts_01_01_2000_and_today_and_refuses_the_day_outside_each(self):
        today = timezone.localdate()
        for day in (datetime.date(2000, 1, 1), today):
            check_sane_date(day)
        for day, message in (
            (
                datetime.date(1999, 12, 31),
                f"Ngày 31/12/1999 nằm ngoài khoảng cho phép: từ 01/01/2000 đến {vn_date(today)}.",
            ),
            (today + DAY, f"Ngày {vn_date(today + DAY)} chưa tới: không được sau hôm nay ({vn_date(today)})."),
        ):
            with self.subTest(day=day), self.assertRaisesMessage(ValidationError, message):
                check_sane_date(day)

    def test_it_allows_the_years_ahead_asked_and_not_one_day_more(self):
        validator = SaneDateValidator(future_years=3)
        last = years_after(timezone.localdate(), 3)
        validator(last)
        with self.assertRaises(ValidationError):
            validator(last + DAY)

    def test_it_writes_year_one_and_9999_in_four_digits(self):
        self.assertEqual(vn_date(datetime.date(1, 1, 1)), "01/01/0001")
        self.assertEqual(vn_date(datetime.date(9999, 12, 31)), "31/12/9999")


class NumberTests(SimpleTestCase):
    def test_integers_stop_at_what_the_database_holds(self):
        check_integer(0)
        check_integer(INT_MAX)
        for value in (-1, INT_MAX + 1):
            with self.subTest(value=value), self.assertRaisesMessage(ValidationError, "từ 0 đến 2.147.483.647"):
                check_integer(value)

    def test_money_stops_at_18_digits_of_whole_dong(self):
        check_money(Decimal(0))
        check_money(MONEY_MAX)
        for value in (Decimal(-1), MONEY_MAX + 1, Decimal("1.5")):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                check_money(value)

    def test_years_run_from_2000_to_the_current_year(self):
        year = timezone.localdate().year
        check_year(2000)
        check_year(year)
        for value in (1999, year + 1):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                check_year(value)
        YearValidator(earliest=1900)(1900)
        with self.assertRaises(ValidationError):
            YearValidator(earliest=1900)(1899)

    def test_yearly_figures_list_every_problem(self):
        year = timezone.localdate().year
        check_year_figures(year=year, revenue=MONEY_MAX, employees=EMPLOYEES_MAX)
        with self.assertRaises(ValidationError) as caught:
            check_year_figures(year=year + 1, revenue=MONEY_MAX + 1, employees=EMPLOYEES_MAX + 1)
        self.assertEqual(len(caught.exception.messages), 3)
