import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.tests.personas import StaffTestCase
from core.money import format_vnd
from programs.models import AnnualPlan, BudgetLine, Disbursement, PlanBudget, Project
from programs.services import budget_lines_save, disbursement_create, project_transition
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, content, source

D = Decimal
LIFECYCLE = ("appraised", "approved", "in_progress", "accepted", "settled")


def money_project(
    plan,
    code: str,
    *,
    status: str = "approved",
    state: str = "200000000",
    counterpart: str = "300000000",
    source_code: str = "KCDP",
    content_code: str = "KC03b",
    advance: str | None = None,
    final: str | None = None,
    **fields,
) -> Project:
    """A project with one beneficiary, state and counterpart money, moved to `status` through the services.

    `advance` is paid while the project runs, `final` once it is accepted.
    """
    project = ProjectFactory(plan=plan, code=code, content=content(content_code), **fields)
    ProjectBeneficiaryFactory(project=project)
    # Money is approved with the project: before that only the planned amounts are known.
    approved = status not in ("proposed", "appraised")
    budget_lines_save(
        project=project,
        lines={
            source(source_code): (D(state), D(state) if approved else D(0)),
            source("DOIUNG"): (D(counterpart), D(counterpart) if approved else D(0)),
        },
    )
    if status == "cancelled":
        project_transition(project=project, to_status="cancelled", note="QĐ 12/QĐ-SCT: cơ sở rút")
        return project
    steps = LIFECYCLE[: LIFECYCLE.index(status) + 1] if status != "proposed" else ()
    for step in steps:
        project_transition(project=project, to_status=step)
        paid = {"in_progress": ("advance", advance), "accepted": ("final", final)}.get(step)
        if paid and paid[1]:
            disbursement_create(
                project=project,
                source=source(source_code),
                date=datetime.date(plan.year, 5 if paid[0] == "advance" else 11, 1),
                amount=D(paid[1]),
                kind=paid[0],
            )
    return project


def paid_training(plan, code: str) -> Project:
    """An accepted training course of 60 million đồng from the NTM programme, paid in full."""
    return money_project(
        plan,
        code,
        content_code="KC01",
        source_code="NTM",
        state="60000000",
        counterpart="0",
        status="accepted",
        advance="42000000",
        final="18000000",
    )


def plan_url(name: str, plan) -> str:
    return reverse(f"staff:{name}", args=[plan.year, plan.level])


class PlanPagesTestCase(StaffTestCase):
    """An approved local plan of 2025 with assigned budget, three live projects and a cancelled one;
    an approved national plan of 2025 without projects; a draft local plan of 2026."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025, level="local", approved=True, decision_number="236/QĐ-UBND")
        PlanBudget.objects.create(plan=cls.plan, source=source("KCDP"), assigned=D("800000000"))
        PlanBudget.objects.create(plan=cls.plan, source=source("NTM"), assigned=D("100000000"))
        cls.machine = money_project(cls.plan, "KCĐP-2025-001", status="in_progress", advance="140000000")
        cls.machine.communes.add(cls.machine.shares.get().establishment.commune)
        cls.second = money_project(cls.plan, "KCĐP-2025-002", state="150000000", status="approved")
        cls.training = paid_training(cls.plan, "KCĐP-2025-003")
        cls.cancelled = money_project(cls.plan, "KCĐP-2025-004", state="90000000", status="cancelled")
        cls.national = AnnualPlanFactory(
            year=2025, level="national", title="Kế hoạch khuyến công quốc gia năm 2025", approved=True
        )
        cls.draft = AnnualPlanFactory(year=2026, level="local", title="Kế hoạch khuyến công địa phương năm 2026")

    def triple(self):
        """Twice as much again of everything the pages show: plans, projects, lines, payments, places."""
        for n in range(2):
            plan = AnnualPlanFactory(year=2021 + n, approved=True)
            PlanBudget.objects.create(plan=plan, source=source("KCDP"), assigned=D("500000000"))
            money_project(plan, f"KCĐP-{plan.year}-001", status="in_progress", advance="100000000")
        # Six more approved projects need more budget: approvals stay within what is assigned.
        PlanBudget.objects.filter(plan=self.plan, source=source("KCDP")).update(assigned=D("2000000000"))
        for n in range(6):
            code, state, counterpart = (
                ("KC03b", "200000000", "300000000"),
                ("KC01", "60000000", "0"),
                ("KC05", "15000000", "15000000"),
            )[n % 3]
            project = money_project(
                self.plan,
                f"KCĐP-2025-1{n:02d}",
                content_code=code,
                state=state,
                counterpart=counterpart,
                status="in_progress",
            )
            ProjectBeneficiaryFactory(project=project)
            project.communes.add(*{share.establishment.commune for share in project.shares.all()})


class PlanListTests(PlanPagesTestCase):
    url = reverse("staff:plan_list")

    def test_it_lets_staff_and_leaders_read_it_only(self):
        self.assert_readers_only(self.url)

    def test_it_shows_each_plan_with_its_projects_and_state_money(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.url)
        self.assertContains(response, "Kế hoạch khuyến công địa phương năm 2025")
        self.assertContains(response, "236/QĐ-UBND")
        self.assertContains(response, "20/01/2025")
        row = response.context["page_obj"].object_list
        local = next(plan for plan in row if plan.pk == self.plan.pk)
        # Three live projects; the cancelled one's money returns to the plan.
        self.assertEqual(local.project_count, 3)
        self.assertEqual(local.assigned, D("900000000"))
        self.assertEqual(local.state_planned, D("410000000"))
        self.assertEqual(local.state_approved, D("410000000"))
        self.assertEqual(local.disbursed, D("200000000"))
        self.assertEqual(local.disbursement_rate, D("22.2"))
        for amount in ("900000000", "410000000", "200000000"):
            self.assertContains(response, format_vnd(D(amount)))
        self.assertContains(response, "22,2 %")
        self.assertNotContains(response, "Thêm kế hoạch")

    def test_it_filters_by_year_level_and_status(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url, {"year": 2025, "level": "national"})
        self.assertEqual([plan.pk for plan in response.context["page_obj"]], [self.national.pk])
        response = self.client.get(self.url, {"status": "draft"})
        self.assertEqual([plan.pk for plan in response.context["page_obj"]], [self.draft.pk])
        response = self.client.get(self.url, {"year": 2019})
        self.assertContains(response, "Không có kế hoạch nào khớp bộ lọc.")

    def test_it_sorts_by_disbursed_money(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url, {"year": 2025, "sort": "-disbursed"})
        self.assertEqual([plan.pk for plan in response.context["page_obj"]], [self.plan.pk, self.national.pk])

    def test_it_offers_staff_a_new_plan(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(self.url), reverse("staff:plan_create"))

    def test_it_exports_the_filtered_plans_with_their_money_as_numbers(self):
        export = reverse("staff:plan_export")
        self.assert_readers_only(export + "?year=2025")
        self.client.force_login(self.leader)
        self.assertContains(self.client.get(self.url), export)
        response = self.client.get(export, {"year": 2025, "level": "local"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["C2"].value, "Kế hoạch khuyến công địa phương năm 2025")
        self.assertEqual([sheet["H2"].value, sheet["J2"].value, sheet["K2"].value], [900000000, 410000000, 200000000])
        self.assertEqual(sheet["A3"].value, "Tổng cộng")
        self.assertEqual(sheet["H3"].value, 900000000)

    def test_its_query_count_does_not_grow_with_the_data(self):
        self.client.force_login(self.staff)
        with self.assertNumQueries(5):
            self.client.get(self.url)
        self.triple()
        with self.assertNumQueries(5):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["page_obj"]), 5)


class PlanDetailTests(PlanPagesTestCase):
    def test_it_lets_staff_and_leaders_read_it_only(self):
        self.assert_readers_only(plan_url("plan_detail", self.plan))

    def test_it_answers_404_for_an_unknown_plan(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("staff:plan_detail", args=[2025, "regional"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("staff:plan_detail", args=[1999, "local"])).status_code, 404)

    def test_its_totals_by_source_match_an_independent_sum(self):
        self.client.force_login(self.staff)
        response = self.client.get(plan_url("plan_detail", self.plan))
        shown = {row.source.code: row for row in response.context["sources"]}
        live = Project.objects.filter(plan=self.plan).exclude(status="cancelled")
        for code in ("KCDP", "NTM", "DOIUNG"):
            lines = [line for line in BudgetLine.objects.filter(project__in=live) if line.source.code == code]
            paid = [row.amount for row in Disbursement.objects.filter(project__in=live) if row.source.code == code]
            budgets = [budget.assigned for budget in PlanBudget.objects.filter(plan=self.plan, source__code=code)]
            self.assertEqual(shown[code].assigned, sum(budgets, D(0)), code)
            self.assertEqual(shown[code].planned, sum((line.planned for line in lines), D(0)), code)
            self.assertEqual(shown[code].approved, sum((line.approved for line in lines), D(0)), code)
            self.assertEqual(shown[code].disbursed, sum(paid, D(0)), code)
        self.assertEqual(shown["KCDP"].disbursement_rate, D("17.5"))  # 140 of 800 million
        state = response.context["state_totals"]
        self.assertEqual((state["assigned"], state["approved"], state["disbursed"]), (D(900e6), D(410e6), D(200e6)))
        self.assertContains(response, format_vnd(D("900000000")))
        self.assertContains(response, "22,2 %")

    def test_its_totals_by_content_match_an_independent_sum(self):
        self.client.force_login(self.staff)
        self.triple()
        response = self.client.get(plan_url("plan_detail", self.plan))
        expected = {}
        for project in Project.objects.filter(plan=self.plan).exclude(status="cancelled").select_related("content"):
            row = expected.setdefault(project.content.code, [0, D(0), D(0), D(0), D(0)])
            row[0] += 1
            for line in project.budget_lines.select_related("source"):
                row[1] += line.planned
                if line.source.is_state_budget:
                    row[2] += line.planned
                    row[3] += line.approved
            row[4] += sum((paid.amount for paid in project.disbursements.all()), D(0))
        shown = {
            row.content_code: [row.projects, row.total_planned, row.state_planned, row.state_approved, row.disbursed]
            for row in response.context["contents"]
        }
        self.assertEqual(shown, expected)
        self.assertEqual(list(shown), ["KC01", "KC03b", "KC05"])  # catalogue order

    def test_it_lists_the_plans_projects_with_their_money(self):
        self.client.force_login(self.leader)
        response = self.client.get(plan_url("plan_detail", self.plan))
        self.assertContains(response, reverse("staff:project_detail", kwargs={"uuid": self.machine.uuid}))
        self.assertContains(response, self.machine.communes.get().name)
        self.assertContains(response, "KCĐP-2025-004")  # cancelled, still listed with its status
        self.assertContains(response, "Đã hủy")
        self.assertContains(response, format_vnd(D("140000000")))
        # Leaders read: no steps, no edit, no new project.
        self.assertNotContains(response, reverse("staff:plan_transition", args=[2025, "local"]))
        self.assertNotContains(response, reverse("staff:plan_edit", args=[2025, "local"]))
        self.assertNotContains(response, "Thêm đề án")

    def test_it_offers_staff_the_allowed_steps_and_a_new_project(self):
        self.client.force_login(self.staff)
        response = self.client.get(plan_url("plan_detail", self.draft))
        self.assertContains(response, "Trình phê duyệt")
        self.assertNotContains(response, "Phê duyệt kế hoạch")
        self.assertContains(response, f"{reverse('staff:project_create')}?plan={self.draft.pk}")
        approved = self.client.get(plan_url("plan_detail", self.plan))
        self.assertNotContains(approved, reverse("staff:plan_transition", args=[2025, "local"]))
        self.assertContains(approved, "236/QĐ-UBND")

    def test_its_query_count_does_not_grow_with_the_data(self):
        self.client.force_login(self.staff)
        url = plan_url("plan_detail", self.plan)
        with self.assertNumQueries(14):
            self.client.get(url)
        self.triple()
        with self.assertNumQueries(14):
            response = self.client.get(url)
        self.assertEqual(response.context["page_obj"].paginator.count, 10)
        # What remains of the budget and the proposals' shortfall cost no query of their own.
        for row in response.context["sources"]:
            if row.source.is_state_budget:
                self.assertEqual(row.remaining, row.assigned - row.approved, row.source.code)
                self.assertEqual(row.shortfall, max(row.planned - row.assigned, D(0)), row.source.code)
        self.assertContains(response, "Còn được duyệt")
        self.assertContains(response, "Đề xuất vượt dự toán")


class PlanTransitionTests(PlanPagesTestCase):
    def post(self, plan, **data):
        return self.client.post(plan_url("plan_transition", plan), data, follow=True)

    def test_it_lets_staff_only_move_a_plan(self):
        self.assert_writers_only(plan_url("plan_transition", self.draft), {"to_status": "submitted"})
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "draft")

    def test_a_reload_of_its_address_goes_back_to_the_plan(self):
        # A refused step answers with the plan page at this address: reloading it shows the plan again.
        self.client.force_login(self.staff)
        self.assertRedirects(
            self.client.get(plan_url("plan_transition", self.draft)), plan_url("plan_detail", self.draft)
        )
        self.assertEqual(self.client.put(plan_url("plan_transition", self.draft)).status_code, 405)

    def test_it_refuses_a_leader_with_403(self):
        self.client.force_login(self.leader)
        response = self.client.post(plan_url("plan_transition", self.draft), {"to_status": "submitted"})
        self.assertEqual(response.status_code, 403)

    def test_it_moves_a_plan_from_draft_to_submitted_to_approved_with_its_decision(self):
        self.client.force_login(self.staff)
        response = self.post(self.draft, to_status="submitted")
        self.assertContains(response, "Kế hoạch đã chuyển sang “Đã trình”.")
        self.assertContains(response, "Phê duyệt kế hoạch")
        response = self.post(
            self.draft, to_status="approved", decision_number="412/QĐ-UBND", decision_date="10/03/2026"
        )
        self.assertContains(response, "Kế hoạch đã chuyển sang “Đã phê duyệt”.")
        self.draft.refresh_from_db()
        self.assertEqual(
            (self.draft.status, self.draft.decision_number, self.draft.decision_date),
            ("approved", "412/QĐ-UBND", datetime.date(2026, 3, 10)),
        )
        self.assertContains(response, "10/03/2026")
        # The history says who approved it.
        self.assertContains(response, "Trần Thị Lan")

    def test_it_sends_a_submitted_plan_back_to_draft(self):
        self.client.force_login(self.staff)
        self.post(self.draft, to_status="submitted")
        self.assertContains(self.post(self.draft, to_status="draft"), "Kế hoạch đã chuyển sang “Dự thảo”.")

    def test_it_refuses_an_approval_without_its_decision_and_keeps_what_was_typed(self):
        self.client.force_login(self.staff)
        self.post(self.draft, to_status="submitted")
        response = self.post(self.draft, to_status="approved", decision_number="412/QĐ-UBND", decision_date="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Phê duyệt kế hoạch cần số và ngày của quyết định phê duyệt.")
        self.assertContains(response, 'value="412/QĐ-UBND"')
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "submitted")

    def test_it_explains_a_date_typed_the_wrong_way(self):
        self.client.force_login(self.staff)
        self.post(self.draft, to_status="submitted")
        response = self.post(
            self.draft, to_status="approved", decision_number="412/QĐ-UBND", decision_date="2026/10/03"
        )
        self.assertContains(response, "Nhập ngày theo dạng ngày/tháng/năm")
        self.assertContains(response, 'value="2026/10/03"')

    def test_it_refuses_a_step_the_plan_may_not_take(self):
        self.client.force_login(self.staff)
        response = self.post(self.national, to_status="draft")
        self.assertContains(response, "Không thể chuyển kế hoạch từ “Đã phê duyệt” sang “Dự thảo”.")
        self.national.refresh_from_db()
        self.assertEqual(self.national.status, "approved")


class PlanFormTests(PlanPagesTestCase):
    create_url = reverse("staff:plan_create")

    def form_data(self, *, year="2027", level="local", title="Kế hoạch khuyến công địa phương năm 2027", **budgets):
        """The form as posted: every offered source, with the amounts given by code (others empty)."""
        response = self.client.get(self.create_url)
        offered = [form.initial["source"] for form in response.context["budgets"]]
        data = {
            "year": year,
            "level": level,
            "title": title,
            "notes": "",
            "budget-TOTAL_FORMS": len(offered),
            "budget-INITIAL_FORMS": len(offered),
        }
        for n, funding in enumerate(offered):
            data[f"budget-{n}-source"] = funding.pk
            data[f"budget-{n}-assigned"] = budgets.get(funding.code, "")
        return data

    def test_it_lets_staff_only_create_and_edit(self):
        self.assert_writers_only(self.create_url)
        self.assert_writers_only(plan_url("plan_edit", self.plan))
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.create_url).status_code, 200)
        self.assertEqual(self.client.get(plan_url("plan_edit", self.plan)).status_code, 200)
        self.assertEqual(self.client.get(reverse("staff:plan_edit", args=[2030, "local"])).status_code, 404)

    def test_it_offers_state_sources_only(self):
        self.client.force_login(self.staff)
        offered = {form.initial["source"].code for form in self.client.get(self.create_url).context["budgets"]}
        self.assertEqual(offered, {"KCQG", "KCDP", "NTM", "GNBV"})

    def test_it_creates_a_plan_with_its_assigned_budget(self):
        self.client.force_login(self.staff)
        data = self.form_data(KCDP="2.670.000.000", NTM="77 000 000 đ")
        response = self.client.post(self.create_url, data, follow=True)
        plan = AnnualPlan.objects.get(year=2027, level="local")
        self.assertRedirects(response, plan_url("plan_detail", plan))
        self.assertEqual(plan.status, "draft")
        self.assertEqual(
            {budget.source.code: budget.assigned for budget in plan.budgets.all()},
            {"KCDP": D("2670000000"), "NTM": D("77000000")},
        )
        self.assertContains(response, "Đã lưu kế hoạch “Kế hoạch khuyến công địa phương năm 2027”.")
        self.assertContains(response, format_vnd(D("2747000000")))
        self.assertContains(response, "Dự toán được giao – KCDP: — → 2.670.000.000")

    def test_it_refuses_a_second_plan_for_the_same_year_and_level(self):
        self.client.force_login(self.staff)
        data = self.form_data(year="2025", title="Kế hoạch bổ sung", KCDP="100000000")
        response = self.client.post(self.create_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đã có kế hoạch khuyến công địa phương năm 2025: hãy mở kế hoạch đó để sửa.")
        self.assertContains(response, 'value="Kế hoạch bổ sung"')
        self.assertContains(response, 'value="100000000"')
        self.assertEqual(AnnualPlan.objects.filter(year=2025, level="local").count(), 1)
        self.assertEqual(self.plan.budgets.get(source__code="KCDP").assigned, D("800000000"))

    def test_it_explains_an_amount_that_is_not_money(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.create_url, self.form_data(KCDP="hai tỷ"))
        self.assertContains(response, "Nhập số tiền bằng chữ số, đơn vị đồng")
        self.assertFalse(AnnualPlan.objects.filter(year=2027).exists())

    def test_it_records_an_edit_of_the_assigned_budget_in_the_history(self):
        self.client.force_login(self.staff)
        # NTM comes down to exactly what its projects have approved (60 million): allowed.
        data = self.form_data(year="2025", title=self.plan.title, KCDP="950.000.000", NTM="60.000.000")
        response = self.client.post(plan_url("plan_edit", self.plan), data, follow=True)
        self.assertRedirects(response, plan_url("plan_detail", self.plan))
        self.assertEqual(
            {budget.source.code: budget.assigned for budget in self.plan.budgets.all()},
            {"KCDP": D("950000000"), "NTM": D("60000000")},
        )
        history = response.context["history"]
        self.assertEqual(
            [entry.note for entry in history[:2]],
            [
                "Dự toán được giao – NTM: 100.000.000\u00a0₫ → 60.000.000\u00a0₫",
                "Dự toán được giao – KCDP: 800.000.000\u00a0₫ → 950.000.000\u00a0₫",
            ],
        )
        self.assertEqual(history[0].user, self.staff)
        self.assertContains(response, "Dự toán được giao – KCDP: 800.000.000\u00a0₫ → 950.000.000\u00a0₫")
        self.assertContains(response, format_vnd(D("950000000")))

    def test_it_keeps_the_year_and_level_of_an_approved_plan_but_lets_its_budget_change(self):
        self.client.force_login(self.staff)
        PlanBudget.objects.create(plan=self.national, source=source("KCQG"), assigned=D("1880000000"))
        data = self.form_data(year="2031", level="local", title="Kế hoạch KCQG 2025 (điều chỉnh)", KCQG="1.950.000.000")
        response = self.client.post(plan_url("plan_edit", self.national), data, follow=True)
        self.national.refresh_from_db()
        self.assertEqual((self.national.year, self.national.level), (2025, "national"))
        self.assertEqual(self.national.title, "Kế hoạch KCQG 2025 (điều chỉnh)")
        self.assertEqual(self.national.budgets.get().assigned, D("1950000000"))
        self.assertContains(response, "Dự toán được giao – KCQG: 1.880.000.000\u00a0₫ → 1.950.000.000\u00a0₫")
        form = self.client.get(plan_url("plan_edit", self.national))
        self.assertContains(form, "Kế hoạch đã phê duyệt theo quyết định số QĐ 215/QĐ-UBND: năm và cấp giữ nguyên.")
