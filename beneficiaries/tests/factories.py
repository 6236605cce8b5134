import factory
from stdnum.vn import mst

from beneficiaries.models import AdministrativeUnit, CraftVillage, Establishment, LegalForm, Sector


def _tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code with province prefix 93 (skipping serials with no check digit)."""
    serial = 3000000 + n * 3
    while True:
        body = f"93{serial:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        serial += 1


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cơ sở chế biến khóm số {n}")
    legal_form = LegalForm.HOUSEHOLD
    tax_code = factory.Sequence(_tax_code)
    representative = "Nguyễn Văn Tâm"
    phone = "0912345678"
    commune = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="31338"))  # xã Hỏa Lựu

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(extracted if extracted is not None else [Sector.objects.get(code="a")])


class CraftVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CraftVillage

    name = factory.Sequence(lambda n: f"Làng nghề đan lục bình {n}")
    commune = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="31340"))  # phường Ngã Bảy
