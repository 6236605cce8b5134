"""Yearly figures within reason on the staff establishment form and in `establishment_save`: a clear
message instead of a server error, and what was saved before stays as it was."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Establishment, EstablishmentYearStat
from beneficiaries.services import establishment_save
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase

# One more than a PostgreSQL integer column holds: the figure that used to end in a server error.
OVER_INT = "2147483648"


class StaffYearFiguresTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory()
        EstablishmentYearStat.objects.create(
            establishment=cls.establishment, year=2023, revenue=500_000_000, employees=4
        )
        cls.url = reverse("staff:establishment_edit", args=[cls.establishment.code])

    def setUp(self):
        self.client.force_login(self.staff)

    def post_row(self, year: str, employees: str, revenue: str = "1.000.000.000"):
        """The edit form as it stands, with a second row of figures typed."""
        e, saved = self.establishment, self.establishment.year_stats.get(year=2023)
        data = {
            "name": e.name,
            "legal_form": e.legal_form,
            "tax_code": e.tax_code,
            "representative": e.representative,
            "phone": e.phone,
            "commune": e.commune_id,
            "sectors": [s.pk for s in e.sectors.all()],
            "stats-TOTAL_FORMS": "2",
            "stats-INITIAL_FORMS": "1",
            "stats-0-id": saved.pk,
            "stats-0-establishment": e.pk,
            "stats-0-year": "2023",
            "stats-0-revenue": "500.000.000",
            "stats-0-employees": "4",
            "stats-1-year": year,
            "stats-1-revenue": revenue,
            "stats-1-employees": employees,
        }
        return self.client.post(self.url, data)

    def assert_kept(self, response, message: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        stats = EstablishmentYearStat.objects.filter(establishment=self.establishment)
        self.assertEqual([(s.year, s.revenue, s.employees) for s in stats], [(2023, 500_000_000, 4)])

    def test_it_refuses_more_employees_than_the_database_holds_and_keeps_what_was_saved(self):
        self.assert_kept(self.post_row("2024", OVER_INT), "Số lao động phải từ 0 đến 100.000.")

    def test_it_accepts_100000_employees_and_refuses_one_more(self):
        self.assert_kept(self.post_row("2024", "100001"), "Số lao động phải từ 0 đến 100.000.")
        response = self.post_row("2024", "100000")
        self.assertRedirects(response, reverse("staff:establishment_detail", args=[self.establishment.code]))
        self.assertEqual(self.establishment.year_stats.get(year=2024).employees, 100_000)

    def test_it_refuses_a_year_to_come(self):
        year = timezone.localdate().year + 1
        self.assert_kept(self.post_row(str(year), "5"), f"Chưa thể có số liệu của năm {year}.")

    def test_it_refuses_a_revenue_of_19_digits(self):
        self.assert_kept(self.post_row("2024", "5", revenue="1" + "0" * 18), "Số tiền quá lớn.")


class EstablishmentSaveFiguresTests(TestCase):
    def test_it_refuses_figures_out_of_range_and_saves_nothing(self):
        year = timezone.localdate().year
        for year_, revenue, employees in (
            (2024, Decimal("1"), int(OVER_INT)),
            (year + 1, Decimal("1"), 1),
            (2024, Decimal(10**18), 1),
        ):
            establishment = EstablishmentFactory.build()
            stat = EstablishmentYearStat(year=year_, revenue=revenue, employees=employees)
            with (
                self.subTest(year=year_, revenue=revenue, employees=employees),
                self.assertRaises(ValidationError),
            ):
                establishment_save(establishment=establishment, year_stats=[stat])
        self.assertFalse(Establishment.objects.exists())
        self.assertFalse(EstablishmentYearStat.objects.exists())

    def test_it_saves_figures_at_the_bounds(self):
        establishment = EstablishmentFactory.build()
        stats = [
            EstablishmentYearStat(year=2000, revenue=Decimal(0), employees=0),
            EstablishmentYearStat(year=timezone.localdate().year, revenue=Decimal(10**18 - 1), employees=100_000),
        ]
        establishment_save(establishment=establishment, year_stats=stats)
        self.assertEqual(establishment.year_stats.count(), 2)


class YearFiguresOnEveryPathTests(TestCase):
    """The row itself holds the bounds, so the admin (which runs full_clean) cannot save past them."""

    def test_the_row_refuses_next_year_and_too_many_workers_but_keeps_this_years(self):
        establishment = EstablishmentFactory()
        this_year = timezone.localdate().year
        for year, employees, valid in (
            (this_year, 12, True),
            (this_year + 1, 12, False),
            (this_year, 2_147_483_648, False),
        ):
            with self.subTest(year=year, employees=employees):
                stat = EstablishmentYearStat(
                    establishment=establishment, year=year, revenue=Decimal("1500000000"), employees=employees
                )
                if valid:
                    stat.full_clean()
                else:
                    with self.assertRaises(ValidationError):
                        stat.full_clean()
