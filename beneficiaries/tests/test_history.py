from django.contrib.auth import get_user_model
from django.test import TestCase

from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from core.history import history_entries


class HistoryTests(TestCase):
    def test_it_tells_who_changed_which_field_from_what_to_what(self):
        officer = get_user_model().objects.create_user("canbo")
        establishment = EstablishmentFactory(phone="0912345678", woman_owned=False)
        establishment._history_user = officer
        establishment.phone = "0987654321"
        establishment.commune = AdministrativeUnit.objects.get(code="31426")
        establishment.legal_form = "cooperative"
        establishment.save()

        with self.assertNumQueries(2):
            latest, created = history_entries(establishment)
        self.assertEqual(latest.user, officer)
        self.assertEqual(latest.kind, "~")
        changes = {c.label: (c.old, c.new) for c in latest.changes}
        self.assertEqual(changes["điện thoại"], ("0912345678", "0987654321"))
        self.assertEqual(changes["xã/phường/đặc khu"], ("Xã Hỏa Lựu", "Xã Phương Bình"))
        self.assertEqual(changes["loại hình"], ("Hộ kinh doanh", "Hợp tác xã"))
        self.assertEqual(created.kind, "+")
        self.assertEqual(created.changes, [])
