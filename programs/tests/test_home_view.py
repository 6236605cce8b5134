import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from beneficiaries.tests.personas import StaffTestCase
from core.money import format_vnd
from programs.models import PlanBudget
from programs.tests.factories import AnnualPlanFactory, source
from programs.tests.test_plan_views import money_project, paid_training

D = Decimal
# "Today" for these tests: late in 2025, when the year's projects run, end and get paid.
TODAY = datetime.datetime(2025, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
YEAR_END = datetime.date(2025, 12, 31)


@time_machine.travel(TODAY, tick=False)
class HomeTests(StaffTestCase):
    url = reverse("staff:home")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025, approved=True)
        PlanBudget.objects.create(plan=cls.plan, source=source("KCDP"), assigned=D("800000000"))
        PlanBudget.objects.create(plan=cls.plan, source=source("NTM"), assigned=D("100000000"))
        cls.older = AnnualPlanFactory(year=2024, approved=True)
        PlanBudget.objects.create(plan=cls.older, source=source("KCDP"), assigned=D("500000000"))
        cls.draft = AnnualPlanFactory(year=2026, level="local", title="Kế hoạch khuyến công địa phương năm 2026")
        cls.submitted = AnnualPlanFactory(
            year=2026, level="national", title="Kế hoạch khuyến công quốc gia năm 2026", status="submitted"
        )
        cls.projects = cls.make_projects("")

    @classmethod
    def make_projects(cls, tag: str) -> dict:
        """One project for every kind of waiting, and some that wait for nothing; `tag` keeps codes apart."""
        plan, older, draft = cls.plan, cls.older, cls.draft
        return {
            "proposed": money_project(plan, f"KCĐP-2025-{tag}01", status="proposed"),
            "appraised": money_project(draft, f"KCĐP-2026-{tag}02", status="appraised"),
            "overdue": money_project(plan, f"KCĐP-2025-{tag}03", status="in_progress", advance="140000000"),
            "running": money_project(
                plan, f"KCĐP-2025-{tag}04", state="150000000", status="in_progress", end_date=YEAR_END
            ),
            "unpaid": money_project(
                plan, f"KCĐP-2025-{tag}05", state="150000000", status="accepted", advance="100000000"
            ),
            "paid": paid_training(plan, f"KCĐP-2025-{tag}06"),
            "settled": money_project(
                plan, f"KCĐP-2025-{tag}07", state="100000000", status="settled", advance="70000000", final="30000000"
            ),
            "cancelled": money_project(plan, f"KCĐP-2025-{tag}08", state="90000000", status="cancelled"),
            "unpaid_2024": money_project(
                older,
                f"KCĐP-2024-{tag}09",
                state="120000000",
                status="accepted",
                advance="80000000",
                start_date=datetime.date(2024, 3, 1),
                end_date=datetime.date(2024, 10, 31),
            ),
        }

    def worklists(self, response) -> dict[str, list[str]]:
        return {worklist.key: [p.code for p in worklist.projects] for worklist in response.context["worklists"]}

    def test_it_lets_staff_and_leaders_read_it_only(self):
        self.assert_readers_only(self.url)

    def test_it_lists_the_plans_not_yet_approved(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(list(response.context["plans"]), [self.draft, self.submitted])
        self.assertContains(response, reverse("staff:plan_detail", args=[2026, "national"]))
        self.assertNotContains(response, reverse("staff:plan_detail", args=[2024, "local"]))

    def test_it_lists_each_kind_of_waiting_project_over_every_year(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.url)
        p = self.projects
        self.assertEqual(
            self.worklists(response),
            {
                "decision": [p["proposed"].code, p["appraised"].code],
                "acceptance": [p["overdue"].code],
                "payment": [p["unpaid_2024"].code, p["unpaid"].code],
                "settlement": [p["paid"].code],
            },
        )
        self.assertEqual([w.count for w in response.context["worklists"]], [2, 1, 2, 1])
        self.assertContains(response, reverse("staff:project_detail", kwargs={"uuid": p["overdue"].uuid}))
        self.assertContains(response, "kết thúc 31/10/2025")
        self.assertContains(response, f"còn {format_vnd(D('50000000'))}")  # 150 approved, 100 advanced
        self.assertContains(response, f"đã trả {format_vnd(D('60000000'))}")
        self.assertContains(response, f"{reverse('staff:project_list')}?status=accepted")

    def test_it_shows_the_years_state_money_and_reach(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        totals = response.context["totals"]
        self.assertEqual(totals.year, 2025)
        # Assigned: 800 + 100 million. The proposed project plans 200 million but has none approved yet;
        # the cancelled one counts for nothing; the 2024 project belongs to another year.
        self.assertEqual(
            (totals.assigned, totals.state_planned, totals.state_approved, totals.disbursed),
            (D("900000000"), D("860000000"), D("660000000"), D("400000000")),
        )
        for amount in ("900000000", "860000000", "660000000", "400000000"):
            self.assertContains(response, format_vnd(D(amount)))
        self.assertContains(response, "44,4 %")
        # The five funded projects of 2025 have one beneficiary each.
        self.assertContains(response, "5 cơ sở được hỗ trợ")
        by_status = dict(response.context["by_status"])
        self.assertEqual(
            [by_status[status] for status in ("proposed", "in_progress", "accepted", "settled", "cancelled")],
            [1, 2, 2, 1, 1],
        )
        self.assertContains(response, f"{reverse('staff:project_list')}?status=in_progress&amp;year=2025")

    def test_it_says_so_when_nothing_waits(self):
        for project in self.projects.values():
            project.disbursements.all().delete()
            project.delete()
        self.draft.delete()
        self.submitted.delete()
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Mọi kế hoạch đã được phê duyệt.")
        self.assertContains(response, "Không có đề án nào đang chờ.", count=4)
        self.assertContains(response, "0 cơ sở được hỗ trợ")

    def test_its_query_count_is_small_and_does_not_grow_with_the_data(self):
        # session, user, roles, plans, one count for the 4 worklists and their 4 lists, 3 for the year's
        # figures, and the 2 of the waiting-applications card (test_application_cards.py grows those).
        self.client.force_login(self.staff)
        with self.assertNumQueries(14):
            self.client.get(self.url)
        # Three times the projects need three times the budget: approvals stay within what is assigned.
        PlanBudget.objects.filter(plan__in=[self.plan, self.older]).update(assigned=D("3000000000"))
        for n, tag in enumerate("AB"):
            self.make_projects(tag)
            AnnualPlanFactory(year=2028 + n, level="local")
        with self.assertNumQueries(14):
            response = self.client.get(self.url)
        self.assertEqual([w.count for w in response.context["worklists"]], [6, 3, 6, 3])
        self.assertEqual(len(response.context["plans"]), 4)
