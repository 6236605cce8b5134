"""The Django admin of the registry: every page opens, search works, account checks are recorded."""

from django.urls import reverse

from beneficiaries.models import Establishment, EstablishmentAccount, LegalForm
from beneficiaries.tests.admin_helpers import EveryAdminPage, RegistryAdminTestCase, admin_url, make_establishment


class EveryPageTests(EveryAdminPage, RegistryAdminTestCase):
    app_label = "beneficiaries"

    def test_it_sends_a_user_who_is_not_staff_to_the_admin_login(self):
        self.client.force_login(self.owner)
        response = self.client.get(admin_url(Establishment, "changelist"))
        self.assertRedirects(
            response,
            reverse("admin:login") + "?next=" + admin_url(Establishment, "changelist"),
            fetch_redirect_response=False,
        )


class EstablishmentSearchTests(RegistryAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_establishment(cls.commune, 2, name="Hợp tác xã đan lục bình Thử")

    def search(self, term):
        response = self.client.get(admin_url(Establishment, "changelist"), {"q": term})
        self.assertEqual(response.status_code, 200)
        return list(response.context["cl"].result_list)

    def test_it_finds_an_establishment_by_tax_code(self):
        self.assertEqual(self.search(self.establishment.tax_code), [self.establishment])

    def test_it_finds_an_establishment_by_name_typed_without_diacritics(self):
        self.assertEqual(self.search("khom cau duc"), [self.establishment])

    def test_it_keeps_the_filters_while_searching(self):
        response = self.client.get(
            admin_url(Establishment, "changelist"), {"q": "thu", "legal_form__exact": LegalForm.COOPERATIVE}
        )
        self.assertEqual(list(response.context["cl"].result_list), [])

    def test_it_lists_establishments_in_a_fixed_number_of_queries(self):
        for serial in range(3, 23):
            make_establishment(self.commune, serial)
        url = admin_url(Establishment, "changelist")
        # session, user, 2 counts, the page with its communes, the commune filter's choices
        with self.assertNumQueries(6):
            response = self.client.get(url)
        self.assertContains(response, "Xã Thạnh Thử")


class AccountAdminTests(RegistryAdminTestCase):
    def test_it_records_who_verified_an_account(self):
        response = self.client.post(
            admin_url(EstablishmentAccount, "change", self.account.pk),
            {"user": self.owner.pk, "establishment": self.establishment.pk, "status": "verified", "note": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.account.refresh_from_db()
        self.assertEqual(self.account.verified_by, self.root)
        self.assertIsNotNone(self.account.verified_at)
