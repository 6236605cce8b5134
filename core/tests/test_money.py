from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from core.money import format_decimal, format_quantity


class FormatDecimalTests(SimpleTestCase):
    def test_it_writes_a_quantity_as_staff_type_it_with_a_decimal_comma(self):
        self.assertEqual(format_decimal(Decimal("3.00")), "3")
        self.assertEqual(format_decimal(Decimal("15.50")), "15,5")
        self.assertEqual(format_decimal(Decimal("0.25")), "0,25")
        self.assertEqual(format_decimal(Decimal("0.00")), "0")

    def test_a_round_number_keeps_its_zeros_before_the_comma(self):
        # Decimal("100").normalize() is 1E+2: the formatter still writes 100.
        self.assertEqual(format_decimal(Decimal("100.00")), "100")
        self.assertEqual(format_decimal(Decimal("1500")), "1500")
        self.assertEqual(format_decimal(1.5), "1,5")
        self.assertEqual(format_decimal(12), "12")

    def test_with_places_it_rounds_half_up_and_keeps_the_zeros(self):
        self.assertEqual(format_decimal(Decimal("51.25"), places=1), "51,3")
        self.assertEqual(format_decimal(Decimal("51.24"), places=1), "51,2")
        self.assertEqual(format_decimal(Decimal("100"), places=1), "100,0")
        self.assertEqual(format_decimal(Decimal("-2.5"), places=0), "-3")

    def test_it_is_the_same_in_every_language(self):
        for language in ("vi", "en"):
            with translation.override(language):
                self.assertEqual(format_decimal(Decimal("1.5")), "1,5")

    def test_nothing_is_a_dash_and_text_is_left_as_it_is(self):
        self.assertEqual(format_decimal(None), "—")
        self.assertEqual(format_decimal(""), "—")
        self.assertEqual(format_decimal("n/a"), "n/a")


class FormatQuantityTests(SimpleTestCase):
    """An indicator's figure in a table: grouped like money, a decimal comma, in either language."""

    def test_it_groups_thousands_and_drops_trailing_zeros(self):
        self.assertEqual(format_quantity(Decimal("1234.50")), "1.234,5")
        self.assertEqual(format_quantity(Decimal("30.00")), "30")
        self.assertEqual(format_quantity(Decimal("23.634")), "23,63")
        self.assertEqual(format_quantity(Decimal("-0.5")), "-0,5")
        self.assertEqual(format_quantity(None), "—")

    def test_english_pages_write_it_the_same_way(self):
        with translation.override("en"):
            self.assertEqual(format_quantity(Decimal("1234.5")), "1.234,5")
