import datetime

from django.test import SimpleTestCase

from core.workdays import add_working_days, is_working_day

D = datetime.date


class WorkingDayTests(SimpleTestCase):
    def test_a_limit_from_a_friday_skips_the_weekend(self):
        self.assertEqual(add_working_days(D(2026, 3, 6), 1), D(2026, 3, 9))
        self.assertEqual(add_working_days(D(2026, 3, 6), 5), D(2026, 3, 13))

    def test_the_day_of_filing_is_not_counted(self):
        self.assertEqual(add_working_days(D(2026, 3, 10), 0), D(2026, 3, 10))
        self.assertEqual(add_working_days(D(2026, 3, 10), 1), D(2026, 3, 11))

    def test_the_tet_week_is_skipped(self):
        # Tết Bính Ngọ: Monday 16 to Friday 20 February 2026 are public holidays.
        for day in range(16, 21):
            self.assertFalse(is_working_day(D(2026, 2, day)), day)
        self.assertEqual(add_working_days(D(2026, 2, 13), 1), D(2026, 2, 23))
        self.assertEqual(add_working_days(D(2026, 2, 11), 5), D(2026, 2, 25))

    def test_30_april_and_1_may_are_skipped(self):
        # Wednesday 29 April 2026: Thursday 30/4 and Friday 1/5 are off, then the weekend.
        self.assertEqual(add_working_days(D(2026, 4, 29), 1), D(2026, 5, 4))

    def test_national_day_and_the_day_beside_it_are_skipped(self):
        # 2026: Tuesday 1 and Wednesday 2 September are off.
        self.assertFalse(is_working_day(D(2026, 9, 1)))
        self.assertFalse(is_working_day(D(2026, 9, 2)))
        self.assertEqual(add_working_days(D(2026, 8, 31), 1), D(2026, 9, 3))

    def test_a_limit_running_into_the_next_year_skips_new_years_day(self):
        self.assertEqual(add_working_days(D(2025, 12, 31), 1), D(2026, 1, 2))
