import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from core.templatetags.portal import document_date, dong, percent, person, total_minutes, vn_date, vnd

NBSP = "\u00a0"


class DongAndPercentTests(SimpleTestCase):
    def test_dong_groups_whole_dong_without_the_sign(self):
        self.assertEqual(dong(Decimal("1234567")), "1.234.567")
        self.assertEqual(dong(Decimal("1499999.5")), "1.500.000")
        self.assertEqual(dong(Decimal("-2000")), "-2.000")
        self.assertEqual(dong(0), "0")
        self.assertEqual(dong(None), "—")

    def test_percent_has_one_decimal_with_a_decimal_comma_and_a_dash_for_none(self):
        # The English pages keep the Vietnamese number format (khuyencong/formats/en).
        for language in ("vi", "en"):
            with translation.override(language):
                self.assertEqual(percent(Decimal("51.2")), "51,2%")
                self.assertEqual(percent(Decimal("100")), "100,0%")
        self.assertEqual(percent(None), "—")


class VndTests(SimpleTestCase):
    def test_it_groups_thousands_with_dots_and_a_no_break_space_before_the_sign(self):
        self.assertEqual(vnd(1500000), f"1.500.000{NBSP}₫")
        self.assertEqual(vnd(Decimal("300000000")), f"300.000.000{NBSP}₫")

    def test_it_shows_small_amounts_and_zero_without_separators(self):
        self.assertEqual(vnd(0), f"0{NBSP}₫")
        self.assertEqual(vnd(999), f"999{NBSP}₫")
        self.assertEqual(vnd(1000), f"1.000{NBSP}₫")

    def test_it_shows_negative_amounts_with_a_minus(self):
        self.assertEqual(vnd(Decimal("-1500000")), f"-1.500.000{NBSP}₫")

    def test_it_never_shows_decimals(self):
        self.assertEqual(vnd(Decimal("1500000.00")), f"1.500.000{NBSP}₫")
        self.assertEqual(vnd(Decimal("1499999.5")), f"1.500.000{NBSP}₫")

    def test_it_shows_a_dash_for_no_amount(self):
        self.assertEqual(vnd(None), "—")
        self.assertEqual(vnd(""), "—")

    def test_it_leaves_what_is_not_a_number_alone(self):
        self.assertEqual(vnd("khoảng 5 triệu"), "khoảng 5 triệu")

    def test_it_works_in_a_template(self):
        html = Template("{% load portal %}{{ amount|vnd }}").render(Context({"amount": Decimal("2500000")}))
        self.assertEqual(html, f"2.500.000{NBSP}₫")


class VnDateTests(SimpleTestCase):
    def test_it_formats_a_date_as_day_month_year(self):
        self.assertEqual(vn_date(datetime.date(2026, 1, 5)), "05/01/2026")

    def test_it_gives_an_empty_string_for_no_date(self):
        self.assertEqual(vn_date(None), "")

    def test_it_puts_an_aware_datetime_in_the_portal_time_zone_first(self):
        # 20:00 UTC on 31/12 is already 1/1 in Hồ Chí Minh City (UTC+7).
        moment = datetime.datetime(2025, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC"))
        self.assertEqual(vn_date(moment), "01/01/2026")

    def test_it_works_in_a_template(self):
        html = Template("{% load portal %}[{{ day|vn_date }}]").render(Context({"day": datetime.date(2025, 10, 15)}))
        self.assertEqual(html, "[15/10/2025]")


class TotalMinutesTests(SimpleTestCase):
    def test_it_rounds_a_lockout_up_to_whole_minutes(self):
        self.assertEqual(total_minutes(datetime.timedelta(hours=0.5)), 30)
        self.assertEqual(total_minutes(datetime.timedelta(seconds=61)), 2)
        self.assertEqual(total_minutes(None), 0)


class PersonFilterTests(SimpleTestCase):
    def test_it_writes_names_in_vietnamese_order(self):
        self.assertEqual(
            person(User(username="t", first_name="Trúc", last_name="Nguyễn Thị Thanh")), "Nguyễn Thị Thanh Trúc"
        )
        self.assertEqual(person(User(username="canbo")), "canbo")
        self.assertEqual(person(None), "")


class TestDocumentDate:
    """Decree 30/2020: days 1-9 and months 1-2 take a leading zero, nothing else does."""

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (datetime.date(2026, 1, 5), "Cần Thơ, ngày 05 tháng 01 năm 2026"),
            (datetime.date(2026, 2, 28), "Cần Thơ, ngày 28 tháng 02 năm 2026"),
            (datetime.date(2026, 3, 9), "Cần Thơ, ngày 09 tháng 3 năm 2026"),
            (datetime.date(2026, 12, 20), "Cần Thơ, ngày 20 tháng 12 năm 2026"),
        ],
    )
    def test_date_line(self, day, expected):
        assert document_date(day, "Cần Thơ") == expected

    def test_without_place_or_date(self):
        assert document_date(datetime.date(2025, 10, 1)) == "ngày 01 tháng 10 năm 2025"
        assert document_date(None) == ""
