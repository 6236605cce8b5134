"""The Django admin in tests: a superuser, one row of each registry model, and a walk over an app's pages.

Each app's test_admin.py builds on `RegistryAdminTestCase` (adding its own rows) and mixes in
`EveryAdminPage` for its own models, so an app that registers a model finds out here if its page breaks.
"""

from decimal import Decimal

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse
from stdnum.vn import mst

from beneficiaries.models import (
    AdministrativeUnit,
    CraftVillage,
    Establishment,
    EstablishmentAccount,
    EstablishmentYearStat,
    LegalForm,
    Notification,
    Sector,
)


def tax_code(serial: int) -> str:
    """A valid 10-digit tax code in a range ("98…") that no other test data uses."""
    while True:
        body = f"98{serial:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        serial += 1


def make_establishment(commune, serial: int, **fields) -> Establishment:
    fields.setdefault("name", f"Cơ sở thử số {serial}")
    return Establishment.objects.create(
        legal_form=LegalForm.HOUSEHOLD,
        tax_code=tax_code(serial * 7),
        representative="Trần Văn Thử",
        commune=commune,
        **fields,
    )


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class RegistryAdminTestCase(TestCase):
    """A superuser, logged in, and one row of every model of the registry."""

    @classmethod
    def setUpTestData(cls):
        cls.root = User.objects.create_superuser("t-root", "root@example.invalid", "unused")
        cls.city = AdministrativeUnit.objects.create(code="T92", name="Thử", kind=AdministrativeUnit.Kind.CITY)
        cls.commune = AdministrativeUnit.objects.create(
            code="T31001", name="Thạnh Thử", kind=AdministrativeUnit.Kind.COMMUNE, parent=cls.city
        )
        cls.sector = Sector.objects.create(code="T1", name="Chế biến nông sản thử")
        cls.village = CraftVillage.objects.create(name="Làng nghề đan thử", commune=cls.commune)
        cls.establishment = make_establishment(
            cls.commune, 1, name="Cơ sở chế biến khóm Cầu Đúc Thử", craft_village=cls.village
        )
        cls.establishment.sectors.add(cls.sector)
        cls.year_stat = EstablishmentYearStat.objects.create(
            establishment=cls.establishment, year=2024, revenue=Decimal("1500000000"), employees=12
        )
        cls.owner = User.objects.create_user("t-coso")
        cls.account = EstablishmentAccount.objects.create(user=cls.owner, establishment=cls.establishment)
        cls.notification = Notification.objects.create(recipient=cls.owner, message="Hồ sơ đã được tiếp nhận")

    def setUp(self):
        self.client.force_login(self.root)

    def rows(self) -> dict:
        """One saved row of each model, by model; subclasses add theirs."""
        return {
            AdministrativeUnit: self.commune,
            Sector: self.sector,
            CraftVillage: self.village,
            Establishment: self.establishment,
            EstablishmentYearStat: self.year_stat,
            EstablishmentAccount: self.account,
            Notification: self.notification,
        }


class EveryAdminPage:
    """Mixed into a `RegistryAdminTestCase`: every admin page of `app_label` opens for a superuser.

    `view_only` names the models whose rows only services write: the admin shows them, and adds nothing.
    """

    app_label: str
    view_only: frozenset = frozenset()

    def registered(self):
        return [model for model in admin.site._registry if model._meta.app_label == self.app_label]

    def test_it_registers_every_model_of_the_app(self):
        models = {
            model
            for model in apps.get_app_config(self.app_label).get_models()
            if not model.__name__.startswith("Historical")
        }
        self.assertEqual(models - set(self.registered()), set())

    def test_it_opens_every_changelist(self):
        for model in self.registered():
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "changelist"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, str(model._meta.verbose_name_plural))

    def test_it_opens_every_add_page_except_for_rows_only_services_write(self):
        for model in self.registered():
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "add"))
                self.assertEqual(response.status_code, 403 if model in self.view_only else 200)

    def test_it_opens_a_change_page_of_every_model(self):
        rows = self.rows()
        for model in self.registered():
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "change", rows[model].pk))
                self.assertEqual(response.status_code, 200)

    def test_it_opens_the_history_of_every_model_that_keeps_one(self):
        rows = self.rows()
        for model in self.registered():
            if not hasattr(model, "history"):
                continue
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "history", rows[model].pk))
                self.assertEqual(response.status_code, 200)
