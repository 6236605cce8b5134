"""The demo narratives: written for the demo years, never over what staff wrote."""

import io

from django.core.management import call_command
from django.test import TestCase

from reports.models import ReportNarrative


class DemoNarrativeTests(TestCase):
    def test_it_fills_the_demo_years_once_and_keeps_staff_texts(self):
        ReportNarrative.objects.create(year=2026, goals="Mục tiêu do cán bộ viết.")

        call_command("seed_demo_texts", stdout=io.StringIO())
        call_command("seed_demo_texts", stdout=io.StringIO())

        self.assertEqual(ReportNarrative.objects.count(), 2)
        self.assertIn("Năm 2025, các đề án khuyến công", ReportNarrative.objects.get(year=2025).achievements)
        self.assertEqual(ReportNarrative.objects.get(year=2026).goals, "Mục tiêu do cán bộ viết.")
