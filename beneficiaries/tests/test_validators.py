from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from beneficiaries.validators import format_tax_code, normalize_personal_id, normalize_phone, normalize_tax_code


class TaxCodeTests(SimpleTestCase):
    def test_it_accepts_a_ten_digit_code_with_its_check_digit(self):
        self.assertEqual(normalize_tax_code("0100233488"), "0100233488")

    def test_it_strips_dots_spaces_and_dashes(self):
        self.assertEqual(normalize_tax_code(" 01.00.233.488 "), "0100233488")

    def test_it_refuses_a_wrong_check_digit_in_vietnamese(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_tax_code("0100233480")
        self.assertEqual(caught.exception.code, "tax_code_checksum")
        self.assertIn("sai chữ số kiểm tra", caught.exception.messages[0])

    def test_it_refuses_a_code_whose_check_digit_would_be_ten(self):
        # A weighted sum divisible by 11 gives "10": no single digit matches, so
        # such serials are never issued and every completion must be refused.
        from stdnum.vn import mst

        body = next(f"93{n:07d}" for n in range(1, 10_000) if mst.calc_check_digit(f"93{n:07d}") == "10")
        for last in "0123456789":
            with self.assertRaises(ValidationError):
                normalize_tax_code(body + last)

    def test_it_accepts_a_branch_code_written_with_a_dash(self):
        self.assertEqual(normalize_tax_code("0314409058-002"), "0314409058002")
        self.assertEqual(format_tax_code("0314409058002"), "0314409058-002")

    def test_it_refuses_branch_000(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_tax_code("0314409058-000")
        self.assertEqual(caught.exception.code, "tax_code_component")

    def test_it_refuses_wrong_lengths_saying_how_many_digits_were_typed(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_tax_code("12345")
        self.assertIn("5 chữ số", caught.exception.messages[0])

    def test_it_refuses_letters(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_tax_code("01002A3488")
        self.assertEqual(caught.exception.code, "tax_code_format")

    def test_it_accepts_the_twelve_digit_personal_id_of_a_household_business(self):
        self.assertEqual(normalize_tax_code("093185001234"), "093185001234")


class PersonalIdTests(SimpleTestCase):
    def test_it_refuses_an_unknown_province_code(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_personal_id("097185001234")
        self.assertEqual(caught.exception.code, "personal_id_province")

    def test_it_refuses_a_gender_century_digit_above_five(self):
        with self.assertRaises(ValidationError) as caught:
            normalize_personal_id("093785001234")
        self.assertEqual(caught.exception.code, "personal_id_century")

    def test_it_refuses_eleven_digits(self):
        with self.assertRaises(ValidationError):
            normalize_personal_id("09318500123")


class PhoneTests(SimpleTestCase):
    def test_it_accepts_mobile_numbers_of_every_prefix(self):
        for number in ("0912345678", "0387654321", "0561234567", "0701234567", "0812345678"):
            self.assertEqual(normalize_phone(number), number)

    def test_it_turns_the_international_form_into_the_national_one(self):
        self.assertEqual(normalize_phone("+84 912 345 678"), "0912345678")
        self.assertEqual(normalize_phone("0084912345678"), "0912345678")

    def test_it_accepts_a_hau_giang_landline(self):
        self.assertEqual(normalize_phone("0293 3876 543"), "02933876543")

    def test_it_refuses_a_mobile_with_an_unused_prefix_or_wrong_length(self):
        for number in ("0112345678", "091234567", "09123456789", "abc"):
            with self.subTest(number=number), self.assertRaises(ValidationError) as caught:
                normalize_phone(number)
            self.assertIn("Số điện thoại không hợp lệ", caught.exception.messages[0])
