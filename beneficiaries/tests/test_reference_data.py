from collections import Counter

from django.test import TestCase

from beneficiaries import reference
from beneficiaries.models import AdministrativeUnit, Sector


class ReferenceDataTests(TestCase):
    def test_migrate_loads_can_tho_and_the_28_units_of_former_hau_giang(self):
        city = AdministrativeUnit.objects.get(code="92")
        self.assertEqual(city.kind, AdministrativeUnit.Kind.CITY)
        units = AdministrativeUnit.objects.filter(parent=city)
        self.assertEqual(units.count(), 28)
        self.assertEqual(Counter(units.values_list("kind", flat=True)), {"xa": 21, "phuong": 7})

    def test_each_unit_keeps_its_former_district(self):
        self.assertEqual(AdministrativeUnit.objects.get(code="31426").former_district, "Huyện Phụng Hiệp")
        self.assertEqual(
            set(AdministrativeUnit.objects.exclude(former_district="").values_list("former_district", flat=True)),
            {
                "Thành phố Vị Thanh",
                "Thành phố Ngã Bảy",
                "Huyện Châu Thành A",
                "Huyện Châu Thành",
                "Huyện Phụng Hiệp",
                "Huyện Vị Thủy",
                "Thị xã Long Mỹ",
                "Huyện Long Mỹ",
            },
        )

    def test_the_eligible_sectors_carry_their_legal_basis(self):
        self.assertEqual(Sector.objects.count(), len(reference.SECTORS))
        self.assertFalse(Sector.objects.filter(legal_basis="").exists())

    def test_loading_again_changes_nothing(self):
        from django.apps import apps

        before = AdministrativeUnit.objects.count(), Sector.objects.count()
        reference.load(apps)
        self.assertEqual((AdministrativeUnit.objects.count(), Sector.objects.count()), before)
