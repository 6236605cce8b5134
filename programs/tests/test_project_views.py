import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.models import (
    BudgetLine,
    Disbursement,
    OutcomeIndicator,
    PriorityGround,
    Project,
    ProjectOutcome,
    ProjectStatus,
    ProjectStatusChange,
)
from programs.services import project_save
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, content, source

D = Decimal
M = 1_000_000
LIST = reverse("staff:project_list")
EXPORT = reverse("staff:project_export")
CREATE = reverse("staff:project_create")
CEILING = reverse("staff:project_ceiling_check")
SEARCH = reverse("staff:project_establishment_search")


def commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def make_project(
    code: str,
    *,
    state: int = 100 * M,
    counterpart: int = 150 * M,
    approved: int | None = None,
    paid: int = 0,
    status: str = ProjectStatus.PROPOSED,
    communes: tuple[str, ...] = ("31338",),
    establishments: int = 1,
    state_source: str = "KCDP",
    **fields,
) -> Project:
    """A project with a state line and a counterpart line, beneficiaries, communes and maybe a payment."""
    project = ProjectFactory(code=code, status=status, **fields)
    approved = state if approved is None else approved
    BudgetLine.objects.create(project=project, source=source(state_source), planned=D(state), approved=D(approved))
    BudgetLine.objects.create(project=project, source=source("DOIUNG"), planned=D(counterpart), approved=D(counterpart))
    if paid:
        Disbursement.objects.create(
            project=project,
            source=source(state_source),
            date=project.start_date,
            amount=D(paid),
            kind=Disbursement.Kind.ADVANCE,
        )
    for _ in range(establishments):
        ProjectBeneficiaryFactory(project=project)
    project.communes.set([commune(code) for code in communes])
    return project


def codes_in(response) -> list[str]:
    return [project.code for project in response.context["page_obj"]]


class ProjectListTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan_2024 = AnnualPlanFactory(year=2024)
        cls.plan_2025 = AnnualPlanFactory(year=2025)
        cls.dryer = make_project(
            "KCĐP-2025-001",
            title="Hỗ trợ máy sấy thủy sản năng lượng mặt trời",
            plan=cls.plan_2025,
            status=ProjectStatus.IN_PROGRESS,
            approved=90 * M,
            paid=40 * M,
            communes=("31393", "31396"),  # two communes of the former Phụng Hiệp district
        )
        cls.fair = make_project(
            "KCĐP-2025-002",
            title="Tham gia hội chợ công nghiệp nông thôn",
            plan=cls.plan_2025,
            content=content("KC04b"),
            state=30 * M,
            counterpart=0,
            state_source="NTM",
            communes=("31340",),
        )
        cls.training = make_project(
            "KCĐP-2024-007",
            title="Đào tạo nghề đan lục bình",
            plan=cls.plan_2024,
            content=content("KC01"),
            status=ProjectStatus.SETTLED,
            state=50 * M,
            counterpart=0,
            paid=50 * M,
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2024, 9, 30),
        )

    def get(self, **params):
        self.client.force_login(self.staff)
        return self.client.get(LIST, params)

    def test_it_is_for_readers_only(self):
        self.assert_readers_only(LIST)

    def test_it_lists_projects_with_their_money_and_beneficiaries(self):
        response = self.get()
        self.assertEqual(codes_in(response), ["KCĐP-2025-001", "KCĐP-2025-002", "KCĐP-2024-007"])
        self.assertContains(response, "Hỗ trợ máy sấy thủy sản năng lượng mặt trời")
        self.assertContains(response, "Cơ sở chế biến khóm số")
        self.assertContains(response, "250.000.000\xa0₫")  # total planned of the dryer
        self.assertContains(response, "Đang thực hiện")
        self.assertContains(response, reverse("staff:project_detail", kwargs={"uuid": self.dryer.uuid}))

    def test_it_filters_by_plan_year(self):
        self.assertEqual(codes_in(self.get(year=2024)), ["KCĐP-2024-007"])

    def test_it_filters_by_plan(self):
        self.assertEqual(codes_in(self.get(plan=self.plan_2025.pk)), ["KCĐP-2025-001", "KCĐP-2025-002"])

    def test_it_filters_by_content(self):
        self.assertEqual(codes_in(self.get(content="KC04b")), ["KCĐP-2025-002"])

    def test_it_filters_by_status(self):
        self.assertEqual(codes_in(self.get(status="settled")), ["KCĐP-2024-007"])

    def test_it_filters_by_commune(self):
        self.assertEqual(codes_in(self.get(commune="31396")), ["KCĐP-2025-001"])

    def test_it_filters_by_former_district_without_repeating_a_project(self):
        response = self.get(district="Huyện Phụng Hiệp")
        self.assertEqual(codes_in(response), ["KCĐP-2025-001"])
        # The dryer lies in two communes of the district: still counted once.
        self.assertEqual(response.context["totals"]["planned"], D(250 * M))

    def test_it_filters_by_funding_source(self):
        self.assertEqual(codes_in(self.get(source="NTM")), ["KCĐP-2025-002"])

    def test_search_ignores_diacritics_and_case(self):
        self.assertEqual(codes_in(self.get(q="MAY SAY thuy san")), ["KCĐP-2025-001"])
        self.assertEqual(codes_in(self.get(q="máy sấy")), ["KCĐP-2025-001"])
        self.assertEqual(codes_in(self.get(q="kcdp-2024")), ["KCĐP-2024-007"])

    def test_search_finds_a_project_by_its_beneficiary(self):
        # A name no other factory establishment shares ("số 1" would also find "số 12").
        establishment = self.fair.shares.get().establishment
        establishment.name = "Cơ sở dệt chiếu Long Mỹ"
        establishment.save()
        self.assertEqual(codes_in(self.get(q="CƠ SỞ DỆT CHIẾU LONG MỸ")), ["KCĐP-2025-002"])

    def test_it_sorts_by_approved_money_and_by_lifecycle_status(self):
        self.assertEqual(codes_in(self.get(sort="approved")), ["KCĐP-2025-002", "KCĐP-2024-007", "KCĐP-2025-001"])
        self.assertEqual(codes_in(self.get(sort="-disbursed"))[0], "KCĐP-2024-007")
        self.assertEqual(codes_in(self.get(sort="status")), ["KCĐP-2025-002", "KCĐP-2025-001", "KCĐP-2024-007"])
        self.assertEqual(codes_in(self.get(sort="-code"))[0], "KCĐP-2025-002")

    def test_it_shows_totals_of_the_filtered_set(self):
        response = self.get(year=2025)
        self.assertEqual(
            response.context["totals"], {"planned": D(280 * M), "approved": D(120 * M), "disbursed": D(40 * M)}
        )
        self.assertContains(response, "280.000.000\xa0₫")

    def test_leaders_see_no_create_button(self):
        self.client.force_login(self.leader)
        self.assertNotContains(self.client.get(LIST), CREATE)
        self.assertContains(self.get(), CREATE)


class ProjectListTotalsAcrossPagesTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(30):
            make_project(f"KCĐP-2025-{n:03d}", state=(n + 1) * M, counterpart=M, paid=M)

    def test_totals_cover_every_page(self):
        self.client.force_login(self.staff)
        first = self.client.get(LIST)
        second = self.client.get(LIST, {"page": 2})
        self.assertEqual(len(first.context["page_obj"]), 25)
        self.assertEqual(len(second.context["page_obj"]), 5)
        expected_planned = sum((n + 1) * M + M for n in range(30))
        self.assertEqual(first.context["totals"]["planned"], D(expected_planned))
        self.assertEqual(second.context["totals"], first.context["totals"])
        self.assertEqual(first.context["totals"]["disbursed"], D(30 * M))
        self.assertContains(first, "495.000.000\xa0₫")  # 465 million state + 30 million counterpart
        on_pages = codes_in(first) + codes_in(second)
        self.assertEqual(len(set(on_pages)), 30)


class QueryCountTests(StaffTestCase):
    """The list and the detail page cost a fixed number of queries, however much data there is."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = cls.add_projects(0)

    @classmethod
    def add_projects(cls, start: int) -> Project:
        first = None
        for n in range(start, start + 10):
            project = make_project(
                f"KCĐP-2025-{n:03d}",
                status=ProjectStatus.IN_PROGRESS,
                approved=80 * M,
                paid=10 * M,
                communes=("31338", "31393"),
                establishments=2,
            )
            ProjectOutcome.objects.create(
                project=project, indicator=OutcomeIndicator.objects.get(code="MACHINES"), planned=D(2)
            )
            ProjectStatusChange.objects.create(
                project=project, from_status="approved", to_status="in_progress", changed_by=cls.staff
            )
            first = first or project
        return first

    def count(self, url: str, expected: int) -> None:
        self.client.force_login(self.staff)
        self.client.get(url)  # warm the session
        with self.assertNumQueries(expected):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)

    def test_the_list_does_not_grow_with_data(self):
        self.count(LIST, 13)
        self.add_projects(10)
        self.add_projects(20)
        self.count(LIST, 13)
        self.count(LIST + "?q=say&commune=31338&sort=-approved", 13)

    def test_the_detail_page_does_not_grow_with_data(self):
        url = reverse("staff:project_detail", kwargs={"uuid": self.project.uuid})
        # 16: the page's own queries, then the history of the project, its budget lines, shares and outcomes.
        self.count(url, 16)
        for _ in range(2):
            make_project_richer(self.project)
        self.add_projects(10)
        self.count(url, 16)

    def test_the_edit_page_does_not_grow_with_data(self):
        project = make_project("KCĐP-2025-900", establishments=2)
        url = reverse("staff:project_edit", kwargs={"uuid": project.uuid})
        # Two of them look up the rule: a local plan falls back to the national levels; one lists the grounds.
        self.count(url, 16)
        ProjectBeneficiaryFactory(project=project)
        self.add_projects(10)
        self.add_projects(20)
        self.count(url, 16)


def make_project_richer(project: Project) -> None:
    """More beneficiaries, payments and steps on the same project."""
    ProjectBeneficiaryFactory(project=project)
    Disbursement.objects.create(
        project=project, source=source("KCDP"), date=project.start_date, amount=D(M), kind=Disbursement.Kind.ADVANCE
    )
    ProjectStatusChange.objects.create(project=project, from_status="approved", to_status="in_progress")


class ProjectExportTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_project("KCĐP-2025-001", title="Máy sấy", paid=40 * M)
        make_project("KCĐP-2025-002", title="Hội chợ", content=content("KC04b"), state=30 * M, counterpart=0)

    def test_it_is_for_readers_only(self):
        self.client.logout()
        self.assertEqual(self.client.get(EXPORT).status_code, 302)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(EXPORT).status_code, 404)
        self.client.force_login(self.leader)
        self.assertEqual(self.client.get(EXPORT).status_code, 200)

    def test_it_exports_the_filtered_rows_with_numbers_and_a_totals_row(self):
        self.client.force_login(self.staff)
        response = self.client.get(EXPORT, {"content": "KC03b"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Mã đề án")
        self.assertEqual([row[0] for row in rows[1:]], ["KCĐP-2025-001", "Tổng cộng"])
        self.assertEqual(rows[1][10:13], (250 * M, 100 * M, 40 * M))
        self.assertEqual(rows[2][10:13], (250 * M, 100 * M, 40 * M))
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_the_totals_row_covers_every_filtered_project(self):
        self.client.force_login(self.staff)
        sheet = load_workbook(io.BytesIO(self.client.get(EXPORT).content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[-1][10], 280 * M)


class ProjectDetailTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = make_project(
            "KCĐP-2025-001", status=ProjectStatus.IN_PROGRESS, state=200 * M, counterpart=251 * M, paid=80 * M
        )
        ProjectStatusChange.objects.create(
            project=cls.project, from_status="approved", to_status="in_progress", changed_by=cls.staff, note="Ký HĐ 12"
        )
        cls.url = reverse("staff:project_detail", kwargs={"uuid": cls.project.uuid})

    def test_it_is_for_readers_only(self):
        self.assert_readers_only(self.url)

    def test_an_unknown_project_is_not_found(self):
        self.client.force_login(self.staff)
        url = reverse("staff:project_detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_shows_money_by_source_with_what_remains(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Kinh phí khuyến công địa phương")
        self.assertContains(response, "200.000.000\xa0₫")
        self.assertContains(response, "80.000.000\xa0₫")
        self.assertContains(response, "120.000.000\xa0₫")  # remaining from the local fund
        self.assertContains(response, "Ký HĐ 12")

    def test_it_shows_the_ceiling_with_its_rule_and_legal_basis(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.url)
        self.assertContains(response, "225.500.000\xa0₫")  # half of 451 million, under the 300 million cap
        self.assertContains(response, "50% chi phí, tối đa 300.000.000\xa0₫/cơ sở")
        self.assertContains(response, "TT 28/2018/TT-BTC, Điều 8 khoản 4")
        self.assertContains(response, "Đã đối chiếu văn bản")

    def test_staff_get_one_button_per_allowed_step(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="to" value="accepted"')
        self.assertContains(response, 'name="to" value="cancelled"')
        self.assertNotContains(response, 'name="to" value="settled"')
        self.assertNotContains(response, 'name="to" value="approved"')
        self.assertContains(response, reverse("staff:project_disbursement_add", kwargs={"uuid": self.project.uuid}))

    def test_leaders_see_everything_but_no_buttons(self):
        self.client.force_login(self.leader)
        response = self.client.get(self.url)
        self.assertContains(response, "80.000.000\xa0₫")
        self.assertNotContains(response, 'name="to"')
        self.assertNotContains(response, reverse("staff:project_edit", kwargs={"uuid": self.project.uuid}))
        self.assertNotContains(response, "disbursement-form")


class ProjectTransitionTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = make_project("KCĐP-2025-001", status=ProjectStatus.IN_PROGRESS)
        cls.url = reverse("staff:project_transition", kwargs={"uuid": cls.project.uuid})

    def test_it_is_for_writers_only_and_post_only(self):
        self.assert_writers_only(self.url, {"to": "accepted"})
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.project.refresh_from_db()
        self.assertEqual(self.project.status, ProjectStatus.IN_PROGRESS)

    def test_an_allowed_step_moves_the_project_and_is_recorded(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {"to": "accepted", "note": "Biên bản nghiệm thu 05/11/2025"}, follow=True)
        self.assertContains(response, "Đã chuyển đề án KCĐP-2025-001 sang “Đã nghiệm thu”.")
        self.project.refresh_from_db()
        self.assertEqual(self.project.status, ProjectStatus.ACCEPTED)
        change = self.project.status_changes.get()
        self.assertEqual((change.from_status, change.to_status), ("in_progress", "accepted"))
        self.assertEqual(change.changed_by, self.staff)
        self.assertEqual(change.note, "Biên bản nghiệm thu 05/11/2025")
        self.assertContains(response, "Biên bản nghiệm thu 05/11/2025")
        self.assertContains(response, 'name="to" value="settled"')

    def test_a_step_not_allowed_is_refused_with_a_message(self):
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {"to": "settled"}, follow=True)
        self.assertContains(response, "Không thể chuyển đề án từ “Đang thực hiện” sang “Đã quyết toán”.")
        self.project.refresh_from_db()
        self.assertEqual(self.project.status, ProjectStatus.IN_PROGRESS)
        self.assertFalse(self.project.status_changes.exists())

    def test_cancelling_asks_for_the_reason_first_and_shows_it_in_the_history(self):
        self.client.force_login(self.staff)
        page = self.client.get(reverse("staff:project_detail", kwargs={"uuid": self.project.uuid}))
        self.assertContains(page, "Xác nhận hủy đề án")
        self.assertNotIn("cancelled", [status for status, *_ in page.context["transitions"]])
        response = self.client.post(self.url, {"to": "cancelled", "note": ""}, follow=True)
        self.assertContains(response, "Hãy ghi lý do hủy đề án")
        self.assertEqual(Project.objects.get(pk=self.project.pk).status, ProjectStatus.IN_PROGRESS)
        response = self.client.post(self.url, {"to": "cancelled", "note": "QĐ 45/QĐ-SCT: cơ sở xin rút"}, follow=True)
        self.assertEqual(Project.objects.get(pk=self.project.pk).status, ProjectStatus.CANCELLED)
        self.assertContains(response, "QĐ 45/QĐ-SCT: cơ sở xin rút")

    def test_cancelling_after_a_payment_is_refused(self):
        Disbursement.objects.create(
            project=self.project, source=source("KCDP"), date=datetime.date(2025, 4, 1), amount=D(M), kind="advance"
        )
        self.client.force_login(self.staff)
        response = self.client.post(self.url, {"to": "cancelled", "note": "QĐ 12/QĐ-SCT"}, follow=True)
        self.assertContains(response, "không thể hủy")
        self.assertEqual(Project.objects.get(pk=self.project.pk).status, ProjectStatus.IN_PROGRESS)


class DisbursementTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = make_project("KCĐP-2025-001", status=ProjectStatus.IN_PROGRESS, state=200 * M)
        cls.url = reverse("staff:project_disbursement_add", kwargs={"uuid": cls.project.uuid})

    def pay(self, amount: str, kind: str = "advance", voucher: str = "PC-01/2025"):
        self.client.force_login(self.staff)
        return self.client.post(
            self.url,
            {
                "source": source("KCDP").pk,
                "date": "15/04/2025",
                "amount": amount,
                "kind": kind,
                "voucher_number": voucher,
            },
        )

    def test_it_is_for_writers_only_and_post_only(self):
        self.assert_writers_only(self.url, {"amount": "1000"})
        self.client.force_login(self.staff)
        # A refused payment comes back at this address: reloading it shows the project again.
        self.assertRedirects(
            self.client.get(self.url), reverse("staff:project_detail", kwargs={"uuid": self.project.uuid})
        )
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertFalse(Disbursement.objects.exists())

    def test_an_advance_within_seventy_percent_is_recorded(self):
        response = self.pay("140.000.000")
        self.assertRedirects(
            response, reverse("staff:project_detail", kwargs={"uuid": self.project.uuid}) + "#disbursements"
        )
        payment = Disbursement.objects.get()
        self.assertEqual((payment.amount, payment.date), (D(140 * M), datetime.date(2025, 4, 15)))
        self.assertEqual(payment.created_by, self.staff)
        self.assertEqual(payment.voucher_number, "PC-01/2025")

    def test_an_advance_above_seventy_percent_is_refused_and_the_values_kept(self):
        response = self.pay("150.000.000", voucher="PC-77")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "vượt 70% kinh phí được duyệt")
        self.assertContains(response, 'value="150.000.000"')
        self.assertContains(response, 'value="PC-77"')
        self.assertContains(response, 'value="15/04/2025"')
        self.assertFalse(Disbursement.objects.exists())

    def test_a_final_payment_before_acceptance_is_refused(self):
        response = self.pay("50.000.000", kind="final")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Chỉ thanh toán phần còn lại sau khi đề án được nghiệm thu.")
        self.assertFalse(Disbursement.objects.exists())

    def test_a_bad_amount_gets_a_message_on_the_form(self):
        response = self.pay("mười triệu")
        self.assertContains(response, "Nhập số tiền bằng chữ số")
        self.assertFalse(Disbursement.objects.exists())


def payment_form(response) -> str | None:
    """The HTML of the page's "new payment" form, or None when the page offers none."""
    html = response.content.decode()
    start = html.find('id="disbursement-form"')
    return None if start < 0 else html[start : html.index("</form>", start)]


class PaymentFormTests(StaffTestCase):
    """The page offers a payment exactly when the project accepts one, as `disbursement_create` decides."""

    def open(self, project: Project):
        self.client.force_login(self.staff)
        return self.client.get(reverse("staff:project_detail", kwargs={"uuid": project.uuid}))

    def pay(self, project: Project, kind: str, amount: str = "10.000.000"):
        self.client.force_login(self.staff)
        url = reverse("staff:project_disbursement_add", kwargs={"uuid": project.uuid})
        data = {"source": source("KCDP").pk, "date": "15/04/2025", "amount": amount, "kind": kind}
        return self.client.post(url, data)

    def test_a_settled_project_with_money_left_offers_no_payment_and_refuses_one(self):
        project = make_project("KCĐP-2024-007", status=ProjectStatus.SETTLED, state=50 * M, paid=30 * M)
        page = self.open(project)
        self.assertContains(page, "20.000.000\xa0₫")  # approved money not paid out
        self.assertIsNone(payment_form(page))
        self.assertNotContains(page, reverse("staff:project_disbursement_add", kwargs={"uuid": project.uuid}))

        for kind in ("advance", "final"):
            response = self.pay(project, kind)
            self.assertContains(response, "Chỉ giải ngân cho đề án đã phê duyệt, đang thực hiện hoặc đã nghiệm thu.")
        self.assertEqual(project.disbursements.count(), 1)

    def test_a_project_in_progress_offers_advances_from_the_sources_with_money_left(self):
        project = make_project("KCĐP-2025-001", status=ProjectStatus.IN_PROGRESS, state=50 * M, paid=50 * M)
        form = payment_form(self.open(project))
        self.assertIn("Tạm ứng", form)
        self.assertNotIn('value="final"', form)
        # The local fund is paid in full: only the counterpart has money left.
        self.assertIn("Vốn đối ứng", form)
        self.assertNotIn("Kinh phí khuyến công địa phương", form)

    def test_an_accepted_project_offers_the_final_payment_and_records_it(self):
        project = make_project("KCĐP-2025-002", status=ProjectStatus.ACCEPTED, state=50 * M, paid=30 * M)
        form = payment_form(self.open(project))
        self.assertIn("Thanh toán", form)
        self.assertNotIn('value="advance"', form)
        self.assertIn("Kinh phí khuyến công địa phương", form)

        response = self.pay(project, "final", "20.000.000")
        self.assertRedirects(
            response, reverse("staff:project_detail", kwargs={"uuid": project.uuid}) + "#disbursements"
        )
        self.assertEqual(project.disbursements.filter(kind="final").get().amount, D(20 * M))

    def test_no_payment_is_offered_before_approval_after_cancellation_or_once_all_is_paid(self):
        cases = [
            make_project("KCĐP-2025-003", status=ProjectStatus.APPRAISED),
            make_project("KCĐP-2025-004", status=ProjectStatus.CANCELLED),
            make_project("KCĐP-2025-005", status=ProjectStatus.ACCEPTED, state=50 * M, counterpart=0, paid=50 * M),
        ]
        for project in cases:
            with self.subTest(status=project.status):
                self.assertIsNone(payment_form(self.open(project)))


def form_data(**overrides) -> dict:
    """A complete create-form submission: KC03b, one beneficiary, money on the local fund and counterpart."""
    sources = ["KCQG", "KCDP", "DOIUNG", "NTM", "GNBV", "KHAC"]
    data = {
        "code": "kcđp-2025-050",
        "title": "Hỗ trợ máy cán tôn sóng",
        "support": "KC03b:standard",
        "plan": overrides.pop("plan"),
        "implementing_unit": "Trung tâm Khuyến công thành phố Cần Thơ",
        "start_date": "01/03/2025",
        "end_date": "30/11/2025",
        "priority_reason": "",
        "repeat_reason": "",
        "shares-TOTAL_FORMS": "1",
        "shares-INITIAL_FORMS": "0",
        "shares-0-establishment": overrides.pop("establishment"),
        "shares-0-eligible_cost": "",
        "shares-0-support_amount": "",
        "lines-TOTAL_FORMS": str(len(sources)),
        "lines-INITIAL_FORMS": str(len(sources)),
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-indicator": str(OutcomeIndicator.objects.get(code="MACHINES").pk),
        "outcomes-0-planned": "2",
    }
    for index, code in enumerate(sources):
        data[f"lines-{index}-source"] = str(source(code).pk)
    data["lines-1-planned"] = overrides.pop("state", "350.000.000")
    data["lines-2-planned"] = overrides.pop("counterpart", "350.000.000")
    data.update(overrides)
    return data


class ProjectCreateTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025)
        cls.establishment = EstablishmentFactory(name="Cơ sở cơ khí Phi Long", commune=commune("31393"))

    def post(self, **overrides):
        self.client.force_login(self.staff)
        data = form_data(plan=self.plan.pk, establishment=self.establishment.tax_code, **overrides)
        return self.client.post(CREATE, data)

    def test_it_is_for_writers_only(self):
        self.assert_writers_only(CREATE)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(CREATE).status_code, 200)

    def test_each_money_box_names_its_source_for_screen_readers(self):
        self.client.force_login(self.staff)
        response = self.client.get(CREATE)
        self.assertContains(response, 'aria-label="Kinh phí khuyến công địa phương: dự kiến (đồng)"')
        self.assertContains(response, 'aria-label="Vốn đối ứng: được duyệt (đồng)"')

    def test_it_preselects_the_plan_given_in_the_address(self):
        self.client.force_login(self.staff)
        response = self.client.get(CREATE, {"plan": self.plan.pk})
        self.assertContains(response, f'<option value="{self.plan.pk}" selected>')

    def test_it_offers_the_plans_next_code_and_numbers_a_project_left_without_one(self):
        ProjectFactory(plan=self.plan, code="KCĐP-2025-007")
        ProjectFactory(plan=AnnualPlanFactory(year=2025, level="national"), code="KCQG-2025-011")
        self.client.force_login(self.staff)
        response = self.client.get(CREATE, {"plan": self.plan.pk})
        self.assertContains(response, 'value="KCĐP-2025-008"')
        self.assertContains(response, "Để trống để đánh số tự động")
        response = self.post(code="", state="300.000.000")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Project.objects.filter(code="KCĐP-2025-008", plan=self.plan).exists())

    def test_state_support_above_the_ceiling_is_refused_and_nothing_saved(self):
        response = self.post()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "vượt mức hỗ trợ tối đa 300.000.000\xa0₫")
        self.assertContains(response, "50% chi phí, tối đa 300.000.000\xa0₫/cơ sở – TT 28/2018/TT-BTC, Điều 8 khoản 4")
        self.assertContains(response, 'value="350.000.000"')  # what was typed stays
        self.assertFalse(Project.objects.exists())
        self.assertFalse(BudgetLine.objects.exists())

    def test_corrected_support_is_saved_with_everything_on_the_screen(self):
        self.assertEqual(self.post().status_code, 200)
        response = self.post(state="300.000.000")
        project = Project.objects.get()
        self.assertRedirects(response, reverse("staff:project_detail", kwargs={"uuid": project.uuid}))
        self.assertEqual(project.code, "KCĐP-2025-050")
        self.assertEqual((project.content.code, project.variant, project.status), ("KC03b", "standard", "proposed"))
        self.assertEqual(
            sorted(project.budget_lines.values_list("source__code", "planned", "approved")),
            [("DOIUNG", D(350 * M), D(0)), ("KCDP", D(300 * M), D(0))],
        )
        self.assertEqual(list(project.beneficiaries.all()), [self.establishment])
        self.assertEqual(list(project.communes.values_list("code", flat=True)), ["31393"])  # from the beneficiary
        self.assertEqual(project.outcomes.get().planned, D(2))

    def test_a_priority_reason_alone_does_not_raise_the_ceiling(self):
        response = self.post(state="300.000.001", counterpart="699.999.999", priority_reason="x")
        self.assertContains(response, "vượt mức hỗ trợ tối đa 300.000.000\xa0₫")
        self.assertFalse(Project.objects.exists())

    def test_the_base_cap_exactly_is_saved_without_a_ground(self):
        response = self.post(state="300.000.000", counterpart="700.000.000", priority_reason="Chủ cơ sở là phụ nữ")
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get()
        self.assertIsNone(project.priority_ground)
        self.assertEqual(project.priority_reason, "Chủ cơ sở là phụ nữ")  # kept as a note

    def test_a_recorded_ground_raises_the_ceiling_once_to_the_cent(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        response = self.post(state="450.000.001", counterpart="549.999.999", priority_ground=str(ground.pk))
        self.assertContains(response, "vượt mức hỗ trợ tối đa 450.000.000\xa0₫")
        self.assertFalse(Project.objects.exists())
        response = self.post(state="450.000.000", counterpart="550.000.000", priority_ground=str(ground.pk))
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get()
        self.assertEqual(project.priority_ground, ground)
        self.assertEqual(project.budget_lines.get(source__code="KCDP").planned, D(450 * M))

    def test_a_ground_not_in_force_on_the_start_date_is_refused_with_its_basis(self):
        ground = PriorityGround.objects.get(code="woman_owned")  # NĐ 235/2025, from 15/10/2025
        response = self.post(state="300.000.000", counterpart="700.000.000", priority_ground=str(ground.pk))
        self.assertContains(response, "chưa hoặc không còn hiệu lực ngày 01/03/2025")
        self.assertFalse(Project.objects.exists())

    def test_an_inactive_ground_cannot_be_chosen(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        ground.active = False
        ground.save()
        response = self.post(state="300.000.000", counterpart="700.000.000", priority_ground=str(ground.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Project.objects.exists())

    def test_an_end_before_the_start_is_refused(self):
        response = self.post(state="300.000.000", end_date="28/02/2025")
        self.assertContains(response, "Ngày kết thúc (28/02/2025) phải bằng hoặc sau ngày bắt đầu (01/03/2025).")
        self.assertFalse(Project.objects.exists())

    def test_a_code_in_use_is_refused(self):
        ProjectFactory(code="KCĐP-2025-050")
        response = self.post(state="300.000.000")
        self.assertContains(response, "Mã đề án KCĐP-2025-050 đã được dùng cho một đề án khác.")
        self.assertEqual(Project.objects.count(), 1)

    def test_approved_amounts_cannot_be_typed_before_appraisal(self):
        response = self.post(state="300.000.000", **{"lines-1-approved": "300.000.000"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Project.objects.get().budget_lines.get(source__code="KCDP").approved, D(0))

    def test_an_indicator_of_another_content_is_refused(self):
        trainees = OutcomeIndicator.objects.get(code="TRAINEES")
        response = self.post(state="300.000.000", **{"outcomes-0-indicator": str(trainees.pk)})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Project.objects.exists())

    def test_an_establishment_typed_without_diacritics_is_found(self):
        response = self.post(state="300.000.000", **{"shares-0-establishment": "co khi phi long"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Project.objects.get().beneficiaries.all()), [self.establishment])

    def test_an_unknown_establishment_gets_a_message(self):
        response = self.post(state="300.000.000", **{"shares-0-establishment": "không có cơ sở này"})
        self.assertContains(response, "Không tìm thấy cơ sở")
        self.assertFalse(Project.objects.exists())


class RepeatSupportTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025)
        cls.establishment = EstablishmentFactory(name="Cơ sở cơ khí Phi Long")
        earlier = make_project(
            "KCĐP-2023-004",
            plan=AnnualPlanFactory(year=2023),
            establishments=0,
            status=ProjectStatus.SETTLED,
            start_date=datetime.date(2023, 4, 1),
            end_date=datetime.date(2023, 10, 1),
        )
        ProjectBeneficiaryFactory(project=earlier, establishment=cls.establishment)

    def post(self, **overrides):
        self.client.force_login(self.staff)
        data = form_data(plan=self.plan.pk, establishment=self.establishment.tax_code, state="300.000.000")
        data.update(overrides)
        return self.client.post(CREATE, data)

    def test_it_warns_and_requires_a_reason(self):
        response = self.post()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cơ sở đã được hỗ trợ nội dung KC03b trong vòng 3 năm")
        self.assertContains(response, "KCĐP-2023-004")
        self.assertContains(response, "Hãy nêu lý do hỗ trợ lại trước khi lưu.")
        self.assertFalse(Project.objects.exclude(code="KCĐP-2023-004").exists())

    def test_with_a_reason_it_saves_and_keeps_the_reason_in_the_history(self):
        response = self.post(repeat_reason="Mở rộng dây chuyền, máy khác loại")
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get(code="KCĐP-2025-050")
        self.assertEqual(project.history.earliest().history_change_reason, "Mở rộng dây chuyền, máy khác loại")
        share = project.shares.get()
        self.assertEqual(share.repeat_support_reason, "Mở rộng dây chuyền, máy khác loại")
        self.assertEqual(share.history.earliest().history_change_reason, "Mở rộng dây chuyền, máy khác loại")
        detail = self.client.get(reverse("staff:project_detail", kwargs={"uuid": project.uuid}))
        self.assertContains(detail, "Mở rộng dây chuyền, máy khác loại")

    def test_a_long_reason_is_kept_whole_on_the_beneficiary(self):
        reason = "Cơ sở mở rộng sang dây chuyền sấy khác loại, " * 4
        self.assertEqual(self.post(repeat_reason=reason).status_code, 302)
        share = Project.objects.get(code="KCĐP-2025-050").shares.get()
        self.assertEqual(share.repeat_support_reason, reason.strip())

    def test_support_older_than_three_years_needs_no_reason(self):
        response = self.post(plan=AnnualPlanFactory(year=2026).pk, start_date="02/04/2026", end_date="30/11/2026")
        self.assertEqual(response.status_code, 302)


class ProjectEditTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = make_project("KCĐP-2025-001", state=200 * M, counterpart=251 * M, approved=0)
        ProjectOutcome.objects.create(
            project=cls.project, indicator=OutcomeIndicator.objects.get(code="REVENUE_CHANGE"), planned=D("15.5")
        )
        cls.url = reverse("staff:project_edit", kwargs={"uuid": cls.project.uuid})

    def get(self):
        self.client.force_login(self.staff)
        return self.client.get(self.url)

    def submit(self, response, **changes):
        """Post the edit form back as rendered, with `changes`."""
        data = {}
        for form in (
            response.context["form"],
            *(response.context[name] for name in ("shares_formset", "lines_formset", "outcomes_formset")),
        ):
            if form is None:
                continue
            forms = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
            for each in forms:
                for field in each:
                    value = field.value()
                    if value is None or field.field.disabled:
                        continue
                    if isinstance(value, list):
                        data[field.html_name] = [str(v) for v in value]
                    elif isinstance(value, datetime.date):
                        data[field.html_name] = value.strftime("%d/%m/%Y")
                    elif hasattr(value, "tax_code"):
                        data[field.html_name] = value.tax_code
                    elif value is not False:
                        data[field.html_name] = str(value)
        data.update(changes)
        return self.client.post(self.url, data)

    def test_it_is_for_writers_only(self):
        self.assert_writers_only(self.url)

    def test_it_shows_the_saved_values_and_the_ceiling(self):
        response = self.get()
        self.assertContains(response, 'value="200.000.000"')
        self.assertContains(response, 'value="15,5"')
        self.assertContains(response, "Mức hỗ trợ tối đa:")
        self.assertContains(response, "225.500.000\xa0₫")

    def test_saving_unchanged_keeps_everything(self):
        response = self.submit(self.get())
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        self.assertEqual(self.project.budget_lines.count(), 2)
        self.assertEqual(self.project.shares.count(), 1)
        self.assertEqual(self.project.outcomes.get().planned, D("15.5"))

    def test_a_new_title_and_lower_state_money_are_saved(self):
        response = self.submit(self.get(), title="Máy sấy khô cá lóc", **{"lines-1-planned": "150.000.000"})
        self.assertEqual(response.status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.title, "Máy sấy khô cá lóc")
        self.assertEqual(self.project.budget_lines.get(source__code="KCDP").planned, D(150 * M))

    def test_the_history_shows_old_and_new_money_and_outcomes_in_one_entry(self):
        response = self.submit(self.get(), **{"lines-1-planned": "150.000.000", "outcomes-0-planned": "20"})
        self.assertEqual(response.status_code, 302)
        history = self.client.get(reverse("staff:project_detail", kwargs={"uuid": self.project.uuid})).context[
            "history"
        ]
        latest = history[0]
        self.assertEqual(latest.user, self.staff)
        changes = {change.label: (change.old, change.new) for change in latest.changes}
        self.assertEqual(
            changes["Kinh phí khuyến công địa phương – dự kiến (đồng)"], ("200.000.000\xa0₫", "150.000.000\xa0₫")
        )
        self.assertEqual(changes["Doanh thu tăng thêm của cơ sở thụ hưởng (%) – kế hoạch"], ("15,5", "20"))
        # The unchanged rows say nothing.
        self.assertEqual(len(changes), 2)

    def test_approved_money_is_typed_once_appraised(self):
        Project.objects.filter(pk=self.project.pk).update(status=ProjectStatus.APPRAISED)
        response = self.submit(self.get(), **{"lines-1-approved": "200.000.000"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.project.budget_lines.get(source__code="KCDP").approved, D(200 * M))

    def test_after_approval_money_and_beneficiaries_are_not_on_the_form(self):
        Project.objects.filter(pk=self.project.pk).update(status=ProjectStatus.APPROVED)
        response = self.get()
        self.assertIsNone(response.context["lines_formset"])
        self.assertIsNone(response.context["shares_formset"])
        self.assertContains(response, "kinh phí theo quyết định, không sửa ở đây")
        response = self.submit(response, title="Tên mới")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.project.budget_lines.count(), 2)

    def test_a_removed_beneficiary_is_removed(self):
        ProjectBeneficiaryFactory(project=self.project)
        response = self.submit(self.get(), **{"shares-1-DELETE": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.project.shares.count(), 1)

    def test_the_same_establishment_twice_is_refused(self):
        response = self.get()
        tax_code = self.project.shares.get().establishment.tax_code
        response = self.submit(
            response, **{"shares-TOTAL_FORMS": "2", "shares-1-establishment": tax_code, "title": "Không lưu"}
        )
        self.assertContains(response, "được nhập hai lần")
        self.assertNotEqual(Project.objects.get(pk=self.project.pk).title, "Không lưu")


class CeilingCheckTests(StaffTestCase):
    def get(self, **params):
        self.client.force_login(self.staff)
        return self.client.get(CEILING, {"content": "KC03b", "start_date": "01/03/2025", **params})

    def test_it_is_for_readers_only(self):
        self.assert_readers_only(CEILING)

    def test_it_shows_the_ceiling_its_rule_and_legal_basis(self):
        response = self.get(total_cost="700.000.000")
        self.assertContains(response, "Mức hỗ trợ tối đa:")
        self.assertContains(response, "300.000.000\xa0₫")
        self.assertContains(
            response, "(50% chi phí, tối đa 300.000.000\xa0₫/cơ sở – TT 28/2018/TT-BTC, Điều 8 khoản 4)"
        )
        self.assertNotContains(response, "chưa được đối chiếu")

    def test_a_priority_reason_changes_nothing(self):
        for reason in ("x", "Chủ cơ sở là người dân tộc thiểu số"):
            with self.subTest(reason=reason):
                response = self.get(total_cost="1.000.000.000", priority_reason=reason)
                self.assertContains(response, "300.000.000\xa0₫")
                self.assertNotContains(response, "450.000.000")
                self.assertContains(response, "Mức cơ bản")

    def test_a_recorded_ground_multiplies_the_cap_once_and_says_so(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        response = self.get(total_cost="1.000.000.000", priority_ground=ground.pk)
        self.assertContains(response, "450.000.000\xa0₫")
        self.assertContains(response, "hệ số ưu tiên 1,5")
        self.assertContains(response, "Diện ưu tiên đã ghi nhận")
        self.assertContains(response, "Hệ số ưu tiên chưa được đối chiếu")  # staff see its status
        # With 700 million of cost, half the cost (350 million) binds first.
        self.assertContains(self.get(total_cost="700000000", priority_ground=ground.pk), "350.000.000\xa0₫")

    def test_a_production_line_with_a_ground_keeps_its_own_cap(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        response = self.get(variant="production_line", total_cost="2.000.000.000", priority_ground=ground.pk)
        self.assertContains(response, "450.000.000\xa0₫")
        self.assertNotContains(response, "675.000.000")

    def test_it_warns_when_the_state_share_is_above(self):
        response = self.get(total_cost="700000000", state_share="350000000")
        self.assertContains(
            response, "Kinh phí nhà nước dự kiến 350.000.000\xa0₫ vượt mức hỗ trợ tối đa 300.000.000\xa0₫"
        )

    def test_an_unconfirmed_figure_is_flagged(self):
        response = self.get(content="KC01", total_cost="80000000")
        self.assertContains(response, "Con số chưa được đối chiếu với văn bản chính thức")

    def test_it_reads_the_whole_project_form(self):
        plan = AnnualPlanFactory(year=2025)
        data = form_data(plan=plan.pk, establishment="", state="350.000.000", counterpart="350.000.000")
        self.client.force_login(self.staff)
        response = self.client.get(CEILING, data)
        self.assertContains(response, "tổng chi phí 700.000.000\xa0₫")
        self.assertContains(response, "vượt mức hỗ trợ tối đa 300.000.000\xa0₫")

    def test_without_a_content_it_says_what_to_enter(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(CEILING), "Chọn nội dung")


class EstablishmentSearchTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment = EstablishmentFactory(name="Cơ sở cơ khí Phi Long")
        EstablishmentFactory(name="Cơ sở đan lục bình Hòa An")

    def test_it_is_for_readers_only(self):
        self.assert_readers_only(SEARCH)

    def test_it_suggests_by_name_without_diacritics_or_by_tax_code(self):
        self.client.force_login(self.staff)
        response = self.client.get(SEARCH, {"shares-0-establishment": "CO KHI phi"})
        self.assertContains(response, "Cơ sở cơ khí Phi Long")
        self.assertNotContains(response, "lục bình")
        response = self.client.get(SEARCH, {"q": self.establishment.tax_code[:6]})
        self.assertContains(response, f'value="{self.establishment.tax_code_display} – Cơ sở cơ khí Phi Long"')


class ProjectSaveServiceTests(StaffTestCase):
    """The service behind the form, where the view does not reach."""

    def test_money_cannot_change_once_approved(self):
        project = make_project("KCĐP-2025-001", status=ProjectStatus.APPROVED)
        with self.assertRaisesMessage(Exception, "đã được quyết định phê duyệt"):
            project_save(project=project, lines={source("KCDP"): (D(M), D(M))})
        self.assertEqual(project.budget_lines.get(source__code="KCDP").planned, D(100 * M))

    def test_a_line_already_paid_from_cannot_be_dropped(self):
        project = make_project("KCĐP-2025-001", status=ProjectStatus.APPRAISED, paid=M)
        with self.assertRaisesMessage(Exception, "đã có khoản giải ngân"):
            project_save(project=project, lines={source("DOIUNG"): (D(150 * M), D(150 * M))})
        self.assertEqual(project.budget_lines.count(), 2)
