import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from beneficiaries.models import AdministrativeUnit, EstablishmentYearStat
from beneficiaries.selectors import establishment_history
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


class YearlyFiguresHistoryTests(TestCase):
    def test_it_shows_the_yearly_figures_changed_with_the_establishment_in_one_entry(self):
        officer = get_user_model().objects.create_user("canbo")
        establishment = EstablishmentFactory(phone="0912345678")
        stat = EstablishmentYearStat.objects.create(
            establishment=establishment, year=2025, revenue=Decimal("1500000000"), employees=12
        )
        establishment._history_user = officer
        establishment.phone = "0987654321"
        establishment.save()
        stat._history_user = officer
        stat.employees = 15
        stat.save()

        with self.assertNumQueries(2):
            latest, *_ = establishment_history(establishment)
        changes = {c.label: (c.old, c.new) for c in latest.changes}
        self.assertEqual(latest.user, officer)
        self.assertEqual(changes["điện thoại"], ("0912345678", "0987654321"))
        self.assertEqual(changes["2025 – số lao động"], (12, 15))

    def test_it_writes_money_in_dong(self):
        establishment = EstablishmentFactory()
        stat = EstablishmentYearStat.objects.create(
            establishment=establishment, year=2024, revenue=Decimal("1500000000"), employees=12
        )
        # Entered last month, corrected today: two saves, not one.
        stat.history.update(history_date=timezone.now() - datetime.timedelta(days=30))
        stat.revenue = Decimal("1750000000")
        stat.save()
        corrected, entered = establishment_history(establishment)[:2]
        changes = {c.label: (c.old, c.new) for c in corrected.changes}
        self.assertEqual(changes, {"2024 – doanh thu (đồng)": ("1.500.000.000\xa0₫", "1.750.000.000\xa0₫")})
        self.assertIn(("2024 – số lao động", "—", 12), [(c.label, c.old, c.new) for c in entered.changes])
