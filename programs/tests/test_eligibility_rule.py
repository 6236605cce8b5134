"""Eligibility per content on the staff project path (NĐ 45/2012 Art. 1(2) as amended by NĐ 235/2025).

Công ty TNHH Lương thực Hiệp Thuận lies in a ward of Cần Thơ (a centrally-run city) outside any
recognised craft village: not a beneficiary of location-limited contents such as machinery (KC03b),
a beneficiary of cleaner production (KC03c, Art. 1(2)(b)). Staff may support it all the same on a
location-limited content only with a recorded exception.
"""

import datetime
from decimal import Decimal as D

from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.admin_helpers import admin_url
from beneficiaries.tests.factories import EstablishmentFactory
from beneficiaries.tests.personas import StaffTestCase
from programs.eligibility import IneligibleBeneficiaryRefused, establishment_eligibility
from programs.models import Project, SupportContent
from programs.services import ShareInput, project_save
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, content, source
from programs.tests.test_admin import resubmit_data
from programs.tests.test_project_views import CREATE, form_data

M = 1_000_000
REASON = "Cơ sở duy nhất trong vùng chế biến gạo sạch, theo chỉ đạo của UBND thành phố"


def ward_establishment(**fields):
    return EstablishmentFactory(
        name="Công ty TNHH Lương thực Hiệp Thuận",
        commune=AdministrativeUnit.objects.get(code="31340"),  # phường Ngã Bảy
        **fields,
    )


def new_project(code: str = "KC03b", **fields) -> Project:
    return Project(
        code="KCĐP-2025-090",
        title="Hỗ trợ máy xay xát gạo",
        content=content(code),
        plan=AnnualPlanFactory(year=2025),
        implementing_unit="Trung tâm Khuyến công thành phố Cần Thơ",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 10, 31),
        **fields,
    )


def money(state: int) -> dict:
    return {source("KCDP"): (D(state), D(0)), source("DOIUNG"): (D(400 * M - state), D(0))}


class ContentSettingTests(TestCase):
    def test_cleaner_production_and_cluster_infrastructure_are_free_of_the_place_limit(self):
        free = set(SupportContent.objects.filter(location_limited=False).values_list("code", flat=True))
        self.assertEqual(free, {"KC03c", "KC07b"})
        basis = SupportContent.objects.get(code="KC03c").location_basis
        self.assertIn("Điều 1 khoản 2 điểm b", basis)
        self.assertIn("235/2025", basis)

    def test_the_answer_depends_on_the_content(self):
        establishment = ward_establishment()
        self.assertFalse(establishment_eligibility(establishment, content("KC03b")))
        answer = establishment_eligibility(establishment, content("KC03c"))
        self.assertTrue(answer)
        self.assertIn("sản xuất sạch hơn", answer.legal_basis)
        # Not a blanket pass: the sector is still required.
        self.assertFalse(establishment_eligibility(ward_establishment(sectors=[]), content("KC03c")))


class ProjectSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ward = ward_establishment()

    def test_an_ineligible_beneficiary_is_refused_without_a_reason_and_nothing_is_saved(self):
        project = new_project()
        with self.assertRaises(IneligibleBeneficiaryRefused) as caught:
            project_save(project=project, beneficiaries=[ShareInput(self.ward)], lines=money(100 * M))
        message = caught.exception.messages[0]
        self.assertIn("Công ty TNHH Lương thực Hiệp Thuận", message)
        self.assertIn("KC03b", message)
        self.assertIn("làng nghề", message)
        self.assertEqual([i.establishment for i in caught.exception.ineligible], [self.ward])
        self.assertFalse(Project.objects.exists())
        self.assertIsNone(project.pk)

    def test_with_a_reason_it_is_saved_and_the_reason_is_in_the_history(self):
        project = project_save(
            project=new_project(), beneficiaries=[ShareInput(self.ward, eligibility_exception_reason=REASON)]
        )
        share = project.shares.get()
        self.assertEqual(share.eligibility_exception_reason, REASON)
        note = project.history.earliest().history_change_reason
        self.assertTrue(note.startswith("Ngoại lệ đối tượng: Công ty TNHH Lương thực Hiệp Thuận — Cơ sở duy nhất"))
        self.assertEqual(share.history.earliest().history_change_reason, REASON[:100])

    def test_the_same_establishment_on_cleaner_production_needs_no_reason(self):
        project = project_save(project=new_project("KC03c"), beneficiaries=[ShareInput(self.ward)])
        self.assertEqual(project.shares.get().eligibility_exception_reason, "")

    def test_an_eligible_beneficiary_keeps_no_exception(self):
        project = project_save(
            project=new_project(), beneficiaries=[ShareInput(EstablishmentFactory(), eligibility_exception_reason="x")]
        )
        self.assertEqual(project.shares.get().eligibility_exception_reason, "")

    def test_a_saved_exception_is_kept_when_the_form_sends_none(self):
        project = project_save(
            project=new_project(), beneficiaries=[ShareInput(self.ward, eligibility_exception_reason=REASON)]
        )
        project.title = "Hỗ trợ máy xay xát gạo tiết kiệm điện"
        project_save(project=project, beneficiaries=[ShareInput(self.ward)])
        self.assertEqual(project.shares.get().eligibility_exception_reason, REASON)

    def test_moving_a_project_to_a_limited_content_asks_again(self):
        project = project_save(project=new_project("KC03c"), beneficiaries=[ShareInput(self.ward)])
        project.content = content("KC03b")
        with self.assertRaises(IneligibleBeneficiaryRefused):
            project_save(project=project, beneficiaries=[ShareInput(self.ward)])
        self.assertEqual(Project.objects.get().content.code, "KC03c")

    def test_a_content_set_as_limited_in_the_admin_asks_for_a_reason(self):
        SupportContent.objects.filter(code="KC03c").update(location_limited=True)
        with self.assertRaises(IneligibleBeneficiaryRefused):
            project_save(project=new_project("KC03c"), beneficiaries=[ShareInput(self.ward)])


class ProjectFormTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = AnnualPlanFactory(year=2025)
        cls.ward = ward_establishment()

    def post(self, **overrides):
        self.client.force_login(self.staff)
        data = form_data(plan=self.plan.pk, establishment=self.ward.tax_code, state="300.000.000")
        data.update(overrides)
        return self.client.post(CREATE, data)

    def test_the_row_says_why_and_asks_for_a_reason(self):
        response = self.post()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Chưa lưu được")
        self.assertContains(
            response, "Công ty TNHH Lương thực Hiệp Thuận không thuộc đối tượng được hỗ trợ nội dung này"
        )
        self.assertContains(response, "làng nghề")
        self.assertContains(response, 'name="shares-0-eligibility_exception_reason"')
        self.assertFalse(Project.objects.exists())

    def test_with_a_reason_it_saves_and_the_project_page_shows_it(self):
        response = self.post(**{"shares-0-eligibility_exception_reason": REASON})
        self.assertEqual(response.status_code, 302)
        project = Project.objects.get()
        self.assertEqual(project.shares.get().eligibility_exception_reason, REASON)
        detail = self.client.get(reverse("staff:project_detail", kwargs={"uuid": project.uuid}))
        self.assertContains(detail, "Ngoại lệ về đối tượng:")
        self.assertContains(detail, REASON)
        self.assertContains(detail, "Ngoại lệ đối tượng: Công ty TNHH Lương thực Hiệp Thuận")
        edit = self.client.get(reverse("staff:project_edit", kwargs={"uuid": project.uuid}))
        self.assertContains(edit, f'value="{REASON}"')

    def test_an_eligible_beneficiary_row_does_not_show_the_reason_box(self):
        self.client.force_login(self.staff)
        project = ProjectBeneficiaryFactory().project
        edit = self.client.get(reverse("staff:project_edit", kwargs={"uuid": project.uuid}))
        self.assertNotContains(edit, 'name="shares-0-eligibility_exception_reason"')


class AdminTests(TestCase):
    """The admin's project page keeps the same rule for the beneficiaries it adds."""

    @classmethod
    def setUpTestData(cls):
        cls.root = User.objects.create_superuser("t-root", "root@example.invalid", "unused")
        cls.project = ProjectBeneficiaryFactory().project
        cls.ward = ward_establishment()

    def post_with_the_ward(self, reason: str = ""):
        self.client.force_login(self.root)
        url = admin_url(Project, "change", self.project.pk)
        data = resubmit_data(self.client.get(url))
        data.update(
            {
                "shares-TOTAL_FORMS": "2",
                "shares-1-establishment": str(self.ward.pk),
                "shares-1-eligible_cost": "0",
                "shares-1-support_amount": "0",
                "shares-1-eligibility_exception_reason": reason,
            }
        )
        return self.client.post(url, data)

    def test_an_ineligible_establishment_needs_a_reason(self):
        response = self.post_with_the_ward()
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Công ty TNHH Lương thực Hiệp Thuận không thuộc đối tượng được hỗ trợ nội dung này"
        )
        self.assertEqual(self.project.shares.count(), 1)

    def test_with_a_reason_it_is_added(self):
        response = self.post_with_the_ward(REASON)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.project.shares.get(establishment=self.ward).eligibility_exception_reason, REASON)
