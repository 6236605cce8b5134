from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from beneficiaries.models import AdministrativeUnit, Establishment, EstablishmentYearStat
from beneficiaries.tests.factories import EstablishmentFactory


class EstablishmentTests(TestCase):
    def test_it_refuses_a_wrong_tax_code_on_full_clean(self):
        establishment = EstablishmentFactory.build(
            tax_code="0100233480", commune=AdministrativeUnit.objects.get(code="31338")
        )
        with self.assertRaises(ValidationError) as caught:
            establishment.full_clean()
        self.assertIn("tax_code", caught.exception.message_dict)

    def test_it_keeps_tax_codes_unique_in_the_database(self):
        EstablishmentFactory(tax_code="0100233488")
        with self.assertRaises(IntegrityError), transaction.atomic():
            EstablishmentFactory(tax_code="0100233488")

    def test_it_refuses_an_unknown_legal_form_in_the_database(self):
        establishment = EstablishmentFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Establishment.objects.filter(pk=establishment.pk).update(legal_form="corporation")

    def test_it_finds_names_typed_without_diacritics_in_any_case(self):
        EstablishmentFactory(name="Cơ sở đan lục bình Đặng Thị Hà", representative="Đặng Thị Hà")
        EstablishmentFactory(name="Công ty TNHH Cơ khí Phú Hữu")
        found = Establishment.objects.search("DAN LUC BINH")
        self.assertEqual([e.name for e in found], ["Cơ sở đan lục bình Đặng Thị Hà"])
        self.assertEqual(Establishment.objects.search("đặng thị hà").count(), 1)

    def test_it_finds_by_the_start_of_a_tax_code(self):
        target = EstablishmentFactory(tax_code="0100233488")
        self.assertEqual(list(Establishment.objects.search("0100 233")), [target])

    def test_it_refreshes_search_text_on_a_partial_save(self):
        establishment = EstablishmentFactory(name="Cơ sở A")
        establishment.name = "Cơ sở rèn Bảy Ngàn"
        establishment.save(update_fields=["name"])
        self.assertTrue(Establishment.objects.search("ren bay ngan").exists())

    def test_it_records_history_of_changes(self):
        establishment = EstablishmentFactory(phone="0912345678")
        establishment.phone = "0987654321"
        establishment.save()
        latest, previous = establishment.history.all()[:2]
        changes = latest.diff_against(previous).changes
        self.assertEqual([(c.field, c.old, c.new) for c in changes], [("phone", "0912345678", "0987654321")])


class YearStatTests(TestCase):
    def test_it_allows_one_row_per_year(self):
        establishment = EstablishmentFactory()
        EstablishmentYearStat.objects.create(establishment=establishment, year=2024, revenue=1, employees=3)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EstablishmentYearStat.objects.create(establishment=establishment, year=2024, revenue=2, employees=3)

    def test_it_refuses_negative_revenue_in_the_database(self):
        establishment = EstablishmentFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            EstablishmentYearStat.objects.create(
                establishment=establishment, year=2024, revenue=Decimal("-1"), employees=3
            )


class AdministrativeUnitTests(TestCase):
    def test_it_refuses_a_commune_without_its_province(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            AdministrativeUnit.objects.create(code="T1", name="Xã Lạc", kind="xa")
