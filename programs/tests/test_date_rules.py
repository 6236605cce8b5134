"""Dates within reason on every path: payments from the approval to today, decisions already taken,
project periods within the plan's year (TT 36/2013/TT-BCT), nothing in year 1 or 9999."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.models import AnnualPlan, Disbursement, Project, ProjectStatus
from programs.services import disbursement_create, plan_transition, project_save
from programs.tests.factories import AnnualPlanFactory, ProjectFactory, content, source
from programs.tests.test_project_views import CREATE, form_data, make_project

D = Decimal
DAY = datetime.timedelta(days=1)


def paid_on(project: Project, day: datetime.date, code: str = "KCDP") -> Disbursement:
    return disbursement_create(project=project, source=source(code), date=day, amount=D("1000000"), kind="advance")


class DisbursementDateTests(TestCase):
    """The plan of 2025 was approved by its decision of 20/01/2025 (the factory's)."""

    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2025, approved=True)
        cls.project = make_project("KCĐP-2025-001", plan=cls.plan, status=ProjectStatus.IN_PROGRESS, state=100_000_000)

    def assert_refused(self, day: datetime.date, code: str = "KCDP") -> ValidationError:
        with self.assertRaises(ValidationError) as caught:
            paid_on(self.project, day, code)
        self.assertFalse(Disbursement.objects.exists())
        return caught.exception

    def test_it_accepts_a_payment_on_the_day_of_the_approval_decision(self):
        paid_on(self.project, datetime.date(2025, 1, 20))
        self.assertEqual(self.project.disbursements.get().date, datetime.date(2025, 1, 20))

    def test_it_refuses_a_payment_the_day_before_the_approval_decision(self):
        error = self.assert_refused(datetime.date(2025, 1, 19))
        self.assertEqual(
            error.messages,
            [
                "Ngày chi 19/01/2025 không hợp lệ: khoản chi của đề án này phải từ ngày phê duyệt "
                f"(20/01/2025, không trước năm kế hoạch 2025) đến hôm nay ({timezone.localdate():%d/%m/%Y})."
            ],
        )

    def test_it_accepts_a_payment_today_and_refuses_one_tomorrow(self):
        today = timezone.localdate()
        self.assert_refused(today + DAY)
        paid_on(self.project, today)
        self.assertEqual(self.project.disbursements.get().date, today)

    def test_it_refuses_year_one_and_year_9999(self):
        for day in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
            with self.subTest(day=day):
                self.assert_refused(day)

    def test_a_counterpart_payment_obeys_the_same_dates(self):
        self.assert_refused(datetime.date(2020, 6, 1), code="DOIUNG")

    def test_a_plan_decision_dated_the_year_before_still_opens_payments_only_in_the_plan_year(self):
        plan = AnnualPlanFactory(year=2024, approved=True, decision_date=datetime.date(2023, 11, 10))
        project = make_project("KCĐP-2024-001", plan=plan, status=ProjectStatus.APPROVED, state=100_000_000)
        with self.assertRaises(ValidationError) as caught:
            paid_on(project, datetime.date(2023, 12, 31))
        self.assertIn("không trước năm kế hoạch 2024", caught.exception.messages[0])
        paid_on(project, datetime.date(2024, 1, 1))
        self.assertEqual(project.disbursements.count(), 1)

    def test_a_project_of_a_coming_plan_year_cannot_be_paid_yet(self):
        year = timezone.localdate().year + 1
        plan = AnnualPlanFactory(year=year, approved=True, decision_date=timezone.localdate())
        project = make_project(
            f"KCĐP-{year}-001",
            plan=plan,
            status=ProjectStatus.APPROVED,
            start_date=datetime.date(year, 3, 1),
            end_date=datetime.date(year, 10, 1),
        )
        with self.assertRaises(ValidationError):
            paid_on(project, timezone.localdate())
        self.assertFalse(project.disbursements.exists())


class PlanDecisionDateTests(TestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.plan = AnnualPlanFactory(year=self.today.year, status=AnnualPlan.Status.SUBMITTED)

    def approve(self, day: datetime.date) -> AnnualPlan:
        return plan_transition(plan=self.plan, to_status="approved", decision_number="412/QĐ-UBND", decision_date=day)

    def assert_refused(self, day: datetime.date) -> str:
        with self.assertRaises(ValidationError) as caught:
            self.approve(day)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.status, self.plan.decision_date), ("submitted", None))
        return caught.exception.messages[0]

    def test_it_accepts_a_decision_dated_today(self):
        self.assertEqual(self.approve(self.today).decision_date, self.today)

    def test_it_refuses_a_decision_dated_tomorrow(self):
        message = self.assert_refused(self.today + DAY)
        self.assertIn(f"{self.today + DAY:%d/%m/%Y} chưa tới", message)

    def test_it_accepts_a_decision_of_the_first_day_of_the_year_before(self):
        day = datetime.date(self.today.year - 1, 1, 1)
        self.assertEqual(self.approve(day).decision_date, day)

    def test_it_refuses_a_decision_older_than_the_year_before(self):
        message = self.assert_refused(datetime.date(self.today.year - 2, 12, 31))
        self.assertIn(f"từ 01/01/{self.today.year - 1} đến 31/12/{self.today.year}", message)


class ProjectPeriodTests(TestCase):
    """A project of the 2025 plan starts and ends in 2025, or by 31/12/2026 for a multi-year content."""

    @classmethod
    def setUpTestData(cls):
        cls.plan = AnnualPlanFactory(year=2025)

    def save(self, start: datetime.date, end: datetime.date, code: str = "KC03b") -> Project:
        project = Project(
            code="KCĐP-2025-900",
            title="Hỗ trợ máy sấy",
            content=content(code),
            plan=self.plan,
            implementing_unit="Trung tâm Khuyến công",
            start_date=start,
            end_date=end,
        )
        return project_save(project=project)

    def assert_refused(self, start: datetime.date, end: datetime.date, field: str, code: str = "KC03b") -> str:
        with self.assertRaises(ValidationError) as caught:
            self.save(start, end, code)
        self.assertFalse(Project.objects.exists())
        return " ".join(caught.exception.message_dict[field])

    def test_it_accepts_the_whole_plan_year(self):
        project = self.save(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
        self.assertEqual(
            (project.start_date, project.end_date), (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
        )

    def test_it_refuses_a_start_the_day_before_the_plan_year(self):
        message = self.assert_refused(datetime.date(2024, 12, 31), datetime.date(2025, 6, 30), "start_date")
        self.assertIn("Ngày bắt đầu 31/12/2024 nằm ngoài khoảng cho phép: từ 01/01/2025 đến 31/12/2025.", message)

    def test_it_refuses_an_end_the_day_after_the_plan_year(self):
        message = self.assert_refused(datetime.date(2025, 3, 1), datetime.date(2026, 1, 1), "end_date")
        self.assertIn("Ngày kết thúc 01/01/2026 nằm ngoài khoảng cho phép: từ 01/01/2025 đến 31/12/2025.", message)

    def test_it_refuses_year_9999(self):
        message = self.assert_refused(datetime.date(2025, 3, 1), datetime.date(9999, 12, 31), "end_date")
        self.assertIn("31/12/9999", message)

    def test_a_multi_year_content_may_end_by_the_end_of_the_next_year_only(self):
        cluster = content("KC03b")
        cluster.multi_year = True
        cluster.save(update_fields=["multi_year"])
        self.assert_refused(datetime.date(2025, 3, 1), datetime.date(2027, 1, 1), "end_date")
        project = self.save(datetime.date(2025, 3, 1), datetime.date(2026, 12, 31))
        self.assertEqual(project.end_date, datetime.date(2026, 12, 31))

    def test_a_saved_project_keeps_its_period_when_an_edit_leaves_it_alone(self):
        project = ProjectFactory(
            plan=self.plan, start_date=datetime.date(2024, 11, 1), end_date=datetime.date(2025, 6, 1)
        )
        project.title = "Hỗ trợ máy sấy nông sản"
        project_save(project=project)
        project.refresh_from_db()
        self.assertEqual(project.title, "Hỗ trợ máy sấy nông sản")
        project.end_date = datetime.date(2025, 7, 1)
        with self.assertRaises(ValidationError) as caught:
            project_save(project=project)
        self.assertIn("start_date", caught.exception.message_dict)
        project.refresh_from_db()
        self.assertEqual(project.end_date, datetime.date(2025, 6, 1))


class StaffDateFormTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025, approved=True)
        cls.project = make_project("KCĐP-2025-001", plan=cls.plan, status=ProjectStatus.IN_PROGRESS, state=100_000_000)

    def test_a_payment_dated_9999_or_year_one_gets_a_message_on_the_form(self):
        self.client.force_login(self.staff)
        url = reverse("staff:project_disbursement_add", kwargs={"uuid": self.project.uuid})
        for typed, message in (
            ("31/12/9999", "Ngày 31/12/9999 chưa tới"),
            ("01/01/0001", "Ngày 01/01/0001 nằm ngoài khoảng cho phép: từ 01/01/2000 đến"),
            ("19/01/2025", "phải từ ngày phê duyệt (20/01/2025"),
        ):
            with self.subTest(typed=typed):
                response = self.client.post(
                    url, {"source": source("KCDP").pk, "date": typed, "amount": "1.000.000", "kind": "advance"}
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, f'value="{typed}"')
        self.assertFalse(Disbursement.objects.exists())

    def test_a_plan_decision_dated_in_the_future_gets_a_message_on_the_form(self):
        self.client.force_login(self.staff)
        plan = AnnualPlanFactory(year=timezone.localdate().year, status=AnnualPlan.Status.SUBMITTED)
        tomorrow = timezone.localdate() + DAY
        response = self.client.post(
            reverse("staff:plan_transition", args=[plan.year, plan.level]),
            {"to_status": "approved", "decision_number": "412/QĐ-UBND", "decision_date": f"{tomorrow:%d/%m/%Y}"},
            follow=True,
        )
        self.assertContains(response, f"Ngày {tomorrow:%d/%m/%Y} chưa tới")
        plan.refresh_from_db()
        self.assertEqual(plan.status, "submitted")

    def test_a_project_ending_in_9999_gets_a_message_on_the_form(self):
        self.client.force_login(self.staff)
        establishment = EstablishmentFactory()
        data = form_data(plan=self.plan.pk, establishment=establishment.tax_code, end_date="31/12/9999")
        response = self.client.post(CREATE, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Ngày kết thúc 31/12/9999 nằm ngoài khoảng cho phép: từ 01/01/2025 đến 31/12/2025."
        )
        self.assertFalse(Project.objects.filter(code="KCĐP-2025-050").exists())
