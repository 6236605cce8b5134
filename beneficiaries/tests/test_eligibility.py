from django.test import TestCase

from beneficiaries.eligibility import check_eligibility
from beneficiaries.models import AdministrativeUnit, LegalForm, Sector
from beneficiaries.tests.factories import CraftVillageFactory, EstablishmentFactory


class EligibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.commune = AdministrativeUnit.objects.get(code="31338")  # xã Hỏa Lựu
        cls.ward = AdministrativeUnit.objects.get(code="31340")  # phường Ngã Bảy
        cls.food = Sector.objects.get(code="a")
        cls.village = CraftVillageFactory(commune=cls.ward, name="Làng nghề bánh tráng Ngã Bảy")

    def check(self, **overrides):
        args = {
            "legal_form": LegalForm.HOUSEHOLD,
            "commune": self.commune,
            "craft_village": None,
            "sectors": [self.food],
        }
        args.update(overrides)
        return check_eligibility(**args)

    def test_it_accepts_an_establishment_in_a_commune(self):
        answer = self.check()
        self.assertTrue(answer.eligible)
        self.assertIn("Hỏa Lựu", answer.reason)
        self.assertIn("235/2025", answer.legal_basis)

    def test_it_refuses_a_ward_of_a_centrally_run_city_outside_a_craft_village(self):
        answer = self.check(commune=self.ward)
        self.assertFalse(answer.eligible)
        self.assertIn("làng nghề", answer.reason)
        self.assertIn("Ngã Bảy", answer.reason)

    def test_it_accepts_a_ward_inside_a_recognised_craft_village(self):
        answer = self.check(commune=self.ward, craft_village=self.village)
        self.assertTrue(answer.eligible)
        self.assertIn("Làng nghề bánh tráng Ngã Bảy", answer.reason)

    def test_it_refuses_a_craft_village_of_another_commune(self):
        other = CraftVillageFactory(commune=self.commune)
        self.assertFalse(self.check(commune=self.ward, craft_village=other).eligible)

    def test_it_refuses_a_village_whose_recognition_was_withdrawn(self):
        withdrawn = CraftVillageFactory(commune=self.ward, active=False)
        self.assertFalse(self.check(commune=self.ward, craft_village=withdrawn).eligible)

    def test_it_accepts_a_ward_of_an_ordinary_province(self):
        province = AdministrativeUnit.objects.create(code="T99", name="Tỉnh Thử", kind="province")
        ward = AdministrativeUnit.objects.create(code="T9901", name="Phường Một", kind="phuong", parent=province)
        self.assertTrue(self.check(commune=ward).eligible)

    def test_it_refuses_without_an_eligible_sector(self):
        answer = self.check(sectors=[])
        self.assertFalse(answer.eligible)
        self.assertIn("ngành nghề", answer.reason)

    def test_it_refuses_an_unknown_legal_form(self):
        self.assertFalse(self.check(legal_form="large_enterprise").eligible)

    def test_an_establishment_answers_for_itself(self):
        establishment = EstablishmentFactory(commune=self.ward)
        self.assertFalse(establishment.eligibility().eligible)
        establishment.craft_village = self.village
        establishment.save()
        self.assertTrue(establishment.eligibility().eligible)
