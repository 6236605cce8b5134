"""The reports in the Django admin: texts with their history, jobs to look at but not to change."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from reports.models import ReportJob, ReportNarrative


class ReportsAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("quantri", password="demo1234")
        cls.job = ReportJob.objects.create(
            requested_by=cls.admin, kind="results", year=2025, format="pdf", status="failed", error="Quá thời gian"
        )
        ReportNarrative.objects.create(year=2025, achievements="Hỗ trợ 20 cơ sở.")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_jobs_are_listed_and_cannot_be_changed(self):
        listing = self.client.get("/admin/reports/reportjob/")
        self.assertContains(listing, "quantri")
        self.assertEqual(self.client.get("/admin/reports/reportjob/add/").status_code, 403)
        response = self.client.post(f"/admin/reports/reportjob/{self.job.pk}/change/", {"status": "done"})
        self.job.refresh_from_db()
        self.assertEqual(self.job.status, "failed")
        self.assertIn(response.status_code, (200, 403))

    def test_texts_keep_their_history(self):
        narrative = ReportNarrative.objects.get(year=2025)
        self.assertEqual(self.client.get(f"/admin/reports/reportnarrative/{narrative.pk}/history/").status_code, 200)
