"""Asking for a report file, following it, downloading it, and writing the year's narrative."""

import datetime

from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.personas import StaffTestCase, make_user
from reports.models import JobStatus, ReportJob, ReportNarrative
from reports.tests import build_year

JOBS = reverse("reports:jobs")
CREATE = reverse("reports:job_create")
HTMX = {"HTTP_HX_REQUEST": "true"}
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


def status_url(job):
    return reverse("reports:job_status", args=[job.pk])


def retry_url(job):
    return reverse("reports:job_retry", args=[job.pk])


def download_url(job):
    return reverse("reports:job_download", args=[job.pk])


class JobViewTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_leader = make_user("lanhdao2", "leader")
        build_year(2025)

    def ask(self, user, data=None, **headers):
        """POST a request as `user` and run what waits for the commit (the eager task)."""
        self.client.force_login(user)
        data = data or {"kind": "results", "year": 2025, "format": "xlsx"}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(CREATE, data, **headers)

    def test_it_builds_the_report_a_leader_asks_for_and_lets_them_download_it(self):
        response = self.ask(self.leader)
        self.assertRedirects(response, JOBS, fetch_redirect_response=False)
        job = ReportJob.objects.get()
        self.assertEqual(job.requested_by, self.leader)
        self.assertEqual((job.kind, job.year, job.format), ("results", 2025, "xlsx"))
        self.assertEqual((job.status, job.progress), (JobStatus.DONE, 100))

        page = self.client.get(JOBS)
        self.assertContains(page, "Đã gửi yêu cầu lập báo cáo")
        self.assertContains(page, f'href="{download_url(job)}"')
        self.assertContains(page, "bao-cao-ket-qua-khuyen-cong-2025.xlsx")
        self.assertContains(page, "Hoàn thành")
        self.assertNotContains(page, job.file.name)  # the storage path is never shown

        download = self.client.get(download_url(job))
        self.assertEqual(download.status_code, 200)
        self.assertEqual(
            download["Content-Disposition"], 'attachment; filename="bao-cao-ket-qua-khuyen-cong-2025.xlsx"'
        )
        content = b"".join(download.streaming_content)
        self.assertTrue(content.startswith(XLSX_MAGIC))
        with job.file.open("rb") as stored:
            self.assertEqual(content, stored.read())

    def test_it_answers_htmx_with_the_new_row(self):
        response = self.ask(self.staff, {"kind": "plan", "year": 2025, "format": "xlsx"}, **HTMX)
        self.assertEqual(response.status_code, 200)
        job = ReportJob.objects.get()
        self.assertContains(response, f'id="report-job-{job.pk}"')
        self.assertContains(response, "Kế hoạch khuyến công năm 2025")
        self.assertContains(response, 'hx-swap-oob="true"')  # hides "no report yet"
        self.assertNotContains(response, "<html")

    def test_the_dashboard_offers_the_form_and_recent_jobs(self):
        self.client.force_login(self.leader)
        ReportJob.objects.create(requested_by=self.leader, kind="plan", year=2024, format="pdf")
        ReportJob.objects.create(requested_by=self.other_leader, kind="results", year=2023, format="pdf")
        response = self.client.get(reverse("reports:dashboard"), {"year": 2025})
        self.assertContains(response, f'hx-post="{CREATE}"')
        self.assertContains(response, "Kế hoạch khuyến công năm 2024")
        self.assertNotContains(response, "Báo cáo kết quả thực hiện khuyến công năm 2023")  # someone else's

    def test_a_job_is_only_its_requesters(self):
        self.ask(self.leader)
        job = ReportJob.objects.get()
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="x")
        for user in (self.other_leader, self.staff, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(status_url(job), **HTMX).status_code, 404, user)
            self.assertEqual(self.client.get(download_url(job)).status_code, 404, user)
            self.assertEqual(self.client.post(retry_url(job)).status_code, 404, user)
        self.client.force_login(self.other_leader)
        self.assertNotContains(self.client.get(JOBS), "bao-cao-ket-qua-khuyen-cong-2025")
        self.assertEqual(ReportJob.objects.get().status, JobStatus.FAILED)

    def test_only_staff_and_leaders_reach_the_pages(self):
        self.assert_readers_only(JOBS)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(CREATE, {"kind": "plan", "year": 2025, "format": "xlsx"}).status_code, 404)
        self.client.logout()
        response = self.client.post(CREATE, {"kind": "plan", "year": 2025, "format": "xlsx"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertFalse(ReportJob.objects.exists())
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(CREATE).status_code, 405)

    def test_a_wrong_year_is_refused_in_vietnamese_and_nothing_is_saved(self):
        response = self.ask(self.leader, {"kind": "results", "year": 1999, "format": "xlsx"})
        self.assertContains(response, "Năm phải từ 2000 trở đi.")
        response = self.ask(self.leader, {"kind": "results", "year": "abc", "format": "pdf"}, **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["HX-Retarget"], "#report-request")
        self.assertContains(response, "Năm phải là một số")
        self.assertNotContains(response, "<html")
        response = self.ask(self.leader, {"kind": "results", "year": 2025})
        self.assertContains(response, "Chọn định dạng tệp.")
        self.assertFalse(ReportJob.objects.exists())

    def test_a_failed_job_shows_why_and_can_be_retried(self):
        job = ReportJob.objects.create(
            requested_by=self.leader, kind="results", year=2025, format="xlsx", status=JobStatus.FAILED, attempts=1
        )
        ReportJob.objects.filter(pk=job.pk).update(error="Lập báo cáo quá thời gian cho phép.")
        self.client.force_login(self.leader)
        page = self.client.get(JOBS)
        self.assertContains(page, "Lập báo cáo quá thời gian cho phép.")
        self.assertContains(page, f'action="{retry_url(job)}"')
        self.assertNotContains(page, download_url(job))
        self.assertEqual(self.client.get(download_url(job)).status_code, 404)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(retry_url(job))
        self.assertRedirects(response, JOBS)
        job.refresh_from_db()
        self.assertEqual((job.status, job.error), (JobStatus.DONE, ""))
        self.assertEqual(self.client.get(download_url(job)).status_code, 200)

        # A finished job cannot be retried: the user is told, nothing changes.
        response = self.client.post(retry_url(job), **HTMX)
        self.assertContains(response, "Chỉ yêu cầu bị lỗi hoặc chưa gửi được mới có thể thử lại.")
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE)

    def test_a_job_the_queue_could_not_take_says_so(self):
        job = ReportJob.objects.create(requested_by=self.leader, kind="plan", year=2025, format="pdf")
        ReportJob.objects.filter(pk=job.pk).update(queue_unavailable=True)
        self.client.force_login(self.leader)
        response = self.client.get(status_url(job), **HTMX)
        self.assertContains(
            response,
            "Hàng đợi xử lý đang tạm thời không khả dụng; yêu cầu đã được lưu và sẽ được gửi lại tự động.",
        )
        self.assertContains(response, f'hx-post="{retry_url(job)}"')

    def test_a_running_job_polls_itself_and_a_finished_one_stops(self):
        job = ReportJob.objects.create(
            requested_by=self.leader, kind="results", year=2025, format="xlsx", status=JobStatus.RUNNING, progress=30
        )
        self.client.force_login(self.leader)
        response = self.client.get(status_url(job), **HTMX)
        self.assertContains(response, f'hx-get="{status_url(job)}"')
        self.assertContains(response, 'hx-trigger="every 2s"')
        self.assertContains(response, 'hx-swap="outerHTML"')
        self.assertContains(response, 'aria-valuenow="30"')
        self.assertContains(response, "Đang lập")
        self.assertNotContains(response, "<html")
        # A plain visit lands on the list, where the row is.
        self.assertRedirects(self.client.get(status_url(job)), JOBS)

        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100)
        response = self.client.get(status_url(job), **HTMX)
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, "Hoàn thành")
        # Done, but the file is gone from storage: no download, 404.
        self.assertEqual(self.client.get(download_url(job)).status_code, 404)

    def test_the_jobs_list_costs_the_same_for_one_job_or_many(self):
        self.client.force_login(self.leader)
        ReportJob.objects.create(requested_by=self.leader, kind="plan", year=2025, format="pdf")
        self.client.get(JOBS)
        with self.assertNumQueries(QUERIES):
            self.client.get(JOBS)
        start = timezone.now() - datetime.timedelta(days=1)
        ReportJob.objects.bulk_create(
            ReportJob(
                requested_by=self.leader,
                kind="results",
                year=2000 + n,
                format="xlsx",
                status=JobStatus.DONE,
                created_at=start + datetime.timedelta(minutes=n),
            )
            for n in range(30)
        )
        with self.assertNumQueries(QUERIES):
            response = self.client.get(JOBS)
        self.assertContains(response, "Dòng 1–25 trên 31")
        # Newest first: the job asked for last (the 2025 plan) tops the list.
        self.assertEqual(response.context["page_obj"][0].kind, "plan")
        self.assertContains(response, "Báo cáo kết quả thực hiện khuyến công năm 2029")
        self.assertNotContains(response, "Báo cáo kết quả thực hiện khuyến công năm 2000")  # on page 2


# Session, user, roles; plan years (the form); COUNT and page of jobs.
QUERIES = 6


class NarrativeViewTests(StaffTestCase):
    URL = reverse("reports:narrative_edit", args=[2025])
    DATA = {
        "previous_results": "Năm 2024 hoàn thành 12 đề án.",
        "current_evaluation": "",
        "goals": "Hỗ trợ 20 cơ sở.",
        "achievements": "Đạt 95% kế hoạch.",
        "difficulties": "",
        "proposals": "",
        "plan_number": "15/KH-SCT",
        "results_number": "",
        "plan_signer_authority": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
        "plan_signer_name": "Nguyễn Văn A",
        "plan_recipients": "Bộ Công Thương;\nLưu: VT, KC.",
    }

    def test_only_staff_write_it(self):
        self.assertEqual(self.URL, "/reports/narratives/2025/")
        self.assert_writers_only(self.URL, self.DATA)
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(self.URL).status_code, 403)
        self.assertFalse(ReportNarrative.objects.exists())
        dashboard = self.client.get(reverse("reports:dashboard"), {"year": 2025})
        self.assertNotContains(dashboard, self.URL)
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(reverse("reports:dashboard"), {"year": 2025}), f'href="{self.URL}"')
        self.assertEqual(self.client.get(reverse("reports:narrative_edit", args=[1999])).status_code, 404)

    def test_staff_save_it_and_every_version_is_kept(self):
        self.client.force_login(self.staff)
        form = self.client.get(self.URL)
        self.assertContains(form, "Kết quả thực hiện năm trước")
        self.assertContains(form, "Khó khăn, vướng mắc")
        self.assertContains(form, "Ví dụ: 15/KH-SCT")  # help texts shown
        self.assertContains(form, "<textarea", count=14)  # 12 texts, and the recipients of each document

        response = self.client.post(self.URL, self.DATA, follow=True)
        self.assertRedirects(response, f"{reverse('reports:dashboard')}?year=2025")
        self.assertContains(response, "Đã lưu nội dung báo cáo năm 2025.")
        narrative = ReportNarrative.objects.get(year=2025)
        self.assertEqual(narrative.goals, "Hỗ trợ 20 cơ sở.")
        self.assertEqual(narrative.updated_by, self.staff)

        self.client.post(self.URL, {**self.DATA, "goals": "Hỗ trợ 25 cơ sở."})
        narrative.refresh_from_db()
        self.assertEqual(narrative.goals, "Hỗ trợ 25 cơ sở.")
        self.assertEqual(ReportNarrative.objects.count(), 1)
        self.assertEqual(
            [h.goals for h in narrative.history.order_by("history_date")], ["Hỗ trợ 20 cơ sở.", "Hỗ trợ 25 cơ sở."]
        )
        self.assertContains(self.client.get(self.URL), "Trần Thị Lan")  # who saved it last

    def test_a_document_date_far_from_its_year_is_refused_with_the_range(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.URL, {**self.DATA, "results_date": "2031-01-13"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nằm ngoài khoảng cho phép: từ 01/01/2024 đến 31/12/2026")
        self.assertContains(response, "Hỗ trợ 20 cơ sở.")  # what was typed is kept on the form
        self.assertFalse(ReportNarrative.objects.exists())
        self.client.post(self.URL, {**self.DATA, "results_date": "2026-01-13"})
        self.assertEqual(ReportNarrative.objects.get().results_date, datetime.date(2026, 1, 13))

    def test_text_is_shown_escaped(self):
        ReportNarrative.objects.create(year=2025, achievements="<script>alert(1)</script> đạt")
        self.client.force_login(self.staff)
        response = self.client.get(self.URL)
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; đạt")
        self.assertNotContains(response, "<script>alert(1)")

    def test_a_too_long_number_is_refused(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.URL, {**self.DATA, "plan_number": "9" * 41})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "is-invalid")
        self.assertFalse(ReportNarrative.objects.exists())
