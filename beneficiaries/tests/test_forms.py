import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from beneficiaries.forms import EstablishmentForm, MoneyField, YearStatFormSet
from beneficiaries.models import AdministrativeUnit, Establishment, Sector
from beneficiaries.tests.factories import CraftVillageFactory, EstablishmentFactory, _tax_code


def form_data(**overrides) -> dict:
    data = {
        "name": "Cơ sở chế biến khóm Cầu Đúc",
        "legal_form": "household",
        "tax_code": _tax_code(7001),
        "representative": "Trần Thị Hoa",
        "phone": "0912 345 678",
        "commune": AdministrativeUnit.objects.get(code="31338").pk,
        "sectors": [Sector.objects.get(code="a").pk],
        "founding_year": "2015",
    }
    data.update(overrides)
    return data


class EstablishmentFormTests(TestCase):
    def test_it_stores_tax_code_and_phone_as_digits(self):
        code = _tax_code(7002)
        form = EstablishmentForm(
            form_data(tax_code=f"{code[:4]} {code[4:7]}.{code[7:]} - 001", phone="+84 912-345-678")
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["tax_code"], code + "001")
        self.assertEqual(form.cleaned_data["phone"], "0912345678")

    def test_it_puts_a_wrong_check_digit_on_the_tax_code_field(self):
        code = _tax_code(7003)
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        form = EstablishmentForm(form_data(tax_code=wrong))
        self.assertFalse(form.is_valid())
        self.assertIn("sai chữ số kiểm tra", form.errors["tax_code"][0])

    def test_it_names_the_establishment_that_already_has_the_tax_code(self):
        existing = EstablishmentFactory(name="Hợp tác xã dệt chiếu Long Mỹ")
        form = EstablishmentForm(form_data(tax_code=existing.tax_code))
        self.assertFalse(form.is_valid())
        self.assertIn("Hợp tác xã dệt chiếu Long Mỹ", form.errors["tax_code"][0])
        self.assertEqual(len(form.errors["tax_code"]), 1)

    def test_it_lets_an_establishment_keep_its_own_tax_code(self):
        existing = EstablishmentFactory()
        form = EstablishmentForm(form_data(tax_code=existing.tax_code), instance=existing)
        self.assertTrue(form.is_valid(), form.errors)

    def test_it_refuses_a_craft_village_of_another_commune(self):
        village = CraftVillageFactory(name="Làng nghề đan đát Ngã Bảy")  # phường Ngã Bảy
        form = EstablishmentForm(form_data(craft_village=village.pk))
        self.assertFalse(form.is_valid())
        self.assertIn("không thuộc Xã Hỏa Lựu", form.errors["craft_village"][0])

    def test_it_accepts_a_craft_village_of_the_chosen_commune(self):
        village = CraftVillageFactory()
        form = EstablishmentForm(form_data(commune=village.commune.pk, craft_village=village.pk))
        self.assertTrue(form.is_valid(), form.errors)

    def test_it_refuses_a_founding_year_after_this_year(self):
        next_year = datetime.date.today().year + 1
        form = EstablishmentForm(form_data(founding_year=str(next_year)))
        self.assertFalse(form.is_valid())
        self.assertIn("không thể sau năm hiện tại", form.errors["founding_year"][0])

    def test_it_refuses_a_bad_phone_number_in_vietnamese(self):
        form = EstablishmentForm(form_data(phone="12345"))
        self.assertFalse(form.is_valid())
        self.assertIn("Số điện thoại không hợp lệ", form.errors["phone"][0])

    def test_it_offers_active_communes_grouped_by_former_district(self):
        AdministrativeUnit.objects.filter(code="31492").update(active=False)  # xã Lương Tâm
        choices = EstablishmentForm().fields["commune"].choices
        groups = dict(choices[1:])
        self.assertIn("Huyện Phụng Hiệp (cũ)", groups)
        phung_hiep = [label for _pk, label in groups["Huyện Phụng Hiệp (cũ)"]]
        self.assertEqual(phung_hiep[0], "Xã Hiệp Hưng")  # names in order within the group
        labels = [label for group in groups.values() for _pk, label in group]
        self.assertNotIn("Xã Lương Tâm", labels)
        self.assertNotIn("Thành phố Cần Thơ", labels)
        self.assertEqual(len(labels), 27)

    def test_its_fields_have_real_labels(self):
        html = EstablishmentForm().as_p()
        self.assertIn('<label for="id_tax_code"', html)
        self.assertIn('<label for="id_commune"', html)


class YearStatFormSetTests(TestCase):
    def test_it_says_which_row_repeats_a_year(self):
        establishment = EstablishmentFactory()
        data = {
            "stats-TOTAL_FORMS": "2",
            "stats-INITIAL_FORMS": "0",
            "stats-0-year": "2024",
            "stats-0-revenue": "1.500.000",
            "stats-0-employees": "5",
            "stats-1-year": "2024",
            "stats-1-revenue": "2.000.000",
            "stats-1-employees": "6",
        }
        formset = YearStatFormSet(data, instance=establishment, prefix="stats")
        self.assertFalse(formset.is_valid())
        self.assertIn("Năm 2024 đã được nhập ở dòng khác.", formset.forms[1].errors["year"])

    def test_it_ignores_blank_rows(self):
        establishment = Establishment()
        data = {"stats-TOTAL_FORMS": "2", "stats-INITIAL_FORMS": "0"}
        formset = YearStatFormSet(data, instance=establishment, prefix="stats")
        self.assertTrue(formset.is_valid(), formset.errors)
        self.assertEqual(formset.save(commit=False), [])


class MoneyFieldTests(SimpleTestCase):
    def test_it_reads_amounts_as_people_write_them(self):
        field = MoneyField()
        for typed in ("1.500.000", "1 500 000", "1500000 đ", "1.500.000₫"):
            self.assertEqual(field.clean(typed), Decimal("1500000"), typed)

    def test_it_refuses_fractions_and_words(self):
        field = MoneyField()
        for typed in ("1,5", "một triệu", "-5"):
            with self.assertRaises(ValidationError, msg=typed):
                field.clean(typed)

    def test_it_shows_a_stored_amount_with_dots(self):
        self.assertEqual(MoneyField().prepare_value(Decimal("435709000")), "435.709.000")
