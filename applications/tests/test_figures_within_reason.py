"""Yearly figures and planned dates within reason on the establishment's portal and in its services:
a clear message on the form instead of a server error, and nothing saved."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.services import (
    YearFigures,
    application_results_report,
    application_save_draft,
    establishment_year_stat_save,
)
from applications.tests.test_portal_views import ApplyTestCase
from beneficiaries.models import EstablishmentYearStat
from core.validators import years_after
from programs.models import ProjectStatus
from programs.tests.factories import ProjectFactory

PROFILE = reverse("apply:profile")
# One more than a PostgreSQL integer column holds: the figure that used to end in a server error.
OVER_INT = "2147483648"


class ProfileFiguresTests(ApplyTestCase):
    def post(self, year, revenue="1.200.000.000", employees="12"):
        data = {"stat-year": str(year), "stat-revenue": revenue, "stat-employees": employees, "save_stat": "1"}
        return self.client.post(PROFILE, data)

    def assert_refused(self, response, message: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(EstablishmentYearStat.objects.exists())

    def test_it_refuses_more_employees_than_the_database_holds_with_a_message(self):
        self.assert_refused(self.post(2025, employees=OVER_INT), "Số lao động phải từ 0 đến 100.000.")

    def test_it_accepts_100000_employees_and_refuses_one_more(self):
        self.assert_refused(self.post(2025, employees="100001"), "Số lao động phải từ 0 đến 100.000.")
        self.assertRedirects(self.post(2025, employees="100000"), PROFILE)
        self.assertEqual(EstablishmentYearStat.objects.get().employees, 100_000)

    def test_it_accepts_the_current_year_and_refuses_the_next(self):
        year = timezone.localdate().year
        self.assert_refused(self.post(year + 1), f"Năm {year + 1} nằm ngoài khoảng cho phép: từ 2000 đến {year}.")
        self.assertRedirects(self.post(year), PROFILE)
        self.assertEqual(EstablishmentYearStat.objects.get().year, year)

    def test_it_accepts_2000_and_refuses_1999(self):
        self.assert_refused(self.post(1999), "Năm 1999 nằm ngoài khoảng cho phép: từ 2000 đến")
        self.assertRedirects(self.post(2000), PROFILE)

    def test_it_refuses_a_revenue_of_19_digits(self):
        self.assert_refused(self.post(2025, revenue="1" + "0" * 18), "Số tiền quá lớn.")


class ResultsFiguresTests(ApplyTestCase):
    def setUp(self):
        super().setUp()
        project = ProjectFactory(status=ProjectStatus.ACCEPTED, end_date=datetime.date(2025, 10, 31))
        self.application = self.make_application(status="converted", project=project)
        self.url = reverse("apply:results", args=[self.application.uuid])

    def test_it_refuses_more_employees_than_the_database_holds_with_a_message(self):
        response = self.client.post(self.url, {"year_0": "2025", "revenue_0": "900.000.000", "employees_0": OVER_INT})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Số lao động phải từ 0 đến 100.000.")
        self.assertFalse(EstablishmentYearStat.objects.exists())

    def test_it_refuses_a_year_to_come(self):
        year = timezone.localdate().year + 1
        response = self.client.post(self.url, {"year_0": str(year), "revenue_0": "1", "employees_0": "1"})
        self.assertContains(response, f"Năm {year} nằm ngoài khoảng cho phép: từ 2025 đến {year - 1}.")
        self.assertFalse(EstablishmentYearStat.objects.exists())

    def test_the_service_refuses_a_bad_row_and_keeps_none_of_the_others(self):
        rows = [YearFigures(2025, Decimal("900000000"), 9), YearFigures(2026, Decimal("1"), int(OVER_INT))]
        with self.assertRaises(ValidationError) as caught:
            application_results_report(application=self.application, figures=rows, products="")
        self.assertEqual(caught.exception.messages, ["Số lao động phải từ 0 đến 100.000."])
        self.assertFalse(EstablishmentYearStat.objects.exists())


class YearStatServiceTests(ApplyTestCase):
    def test_it_refuses_figures_out_of_range_and_saves_nothing(self):
        year = timezone.localdate().year
        for figures in (
            YearFigures(2025, Decimal("1"), int(OVER_INT)),
            YearFigures(2025, Decimal("1"), -1),
            YearFigures(year + 1, Decimal("1"), 1),
            YearFigures(1999, Decimal("1"), 1),
            YearFigures(2025, Decimal(10**18), 1),
        ):
            with self.subTest(figures=figures), self.assertRaises(ValidationError):
                establishment_year_stat_save(establishment=self.establishment, figures=figures)
        self.assertFalse(EstablishmentYearStat.objects.exists())

    def test_it_saves_figures_at_the_bounds(self):
        year = timezone.localdate().year
        for figures in (YearFigures(2000, Decimal("0"), 0), YearFigures(year, Decimal(10**18 - 1), 100_000)):
            establishment_year_stat_save(establishment=self.establishment, figures=figures)
        self.assertEqual(EstablishmentYearStat.objects.count(), 2)


class PlannedDatesTests(ApplyTestCase):
    def test_a_draft_refuses_year_9999_with_the_allowed_range(self):
        application = self.make_application()
        response = self.client.post(
            reverse("apply:edit", args=[application.uuid]), {"planned_end": "31/12/9999", "save": "1"}
        )
        self.assertContains(response, "Ngày 31/12/9999 nằm ngoài khoảng cho phép: từ 01/01/2000 đến")
        application.refresh_from_db()
        self.assertIsNone(application.planned_end)

    def test_the_service_refuses_year_one_and_dates_more_than_three_years_ahead(self):
        too_late = years_after(timezone.localdate(), 3) + datetime.timedelta(days=1)
        for field, day in (("planned_start", datetime.date(1, 1, 1)), ("planned_end", too_late)):
            application = self.make_application()
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                application_save_draft(application=application, data={field: day})
            self.assertIn(field, caught.exception.message_dict)
            application.refresh_from_db()
            self.assertEqual((application.planned_start, application.planned_end), (None, None))

    def test_the_service_accepts_a_date_exactly_three_years_ahead(self):
        application = self.make_application()
        day = years_after(timezone.localdate(), 3)
        application_save_draft(application=application, data={"planned_end": day})
        application.refresh_from_db()
        self.assertEqual(application.planned_end, day)
