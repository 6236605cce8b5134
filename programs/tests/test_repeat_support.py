"""The double-support rule on projects, from the regulation's side.

An establishment supported with a content (KC03b machinery, 01/03/2025–31/10/2025 here) is not
supported again with the same content within three years of that start, before or after it, nor
in a period that overlaps it, unless staff record why. Cancelled projects do not count.
"""

import datetime

from django.test import TestCase, override_settings

from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import Project, ProjectStatus
from programs.repeat_support import project_repeats
from programs.services import RepeatSupportRefused, ShareInput, project_save
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, content

d = datetime.date


class ProjectRepeatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.establishment = EstablishmentFactory(name="Cơ sở cơ khí Phi Long")
        cls.first = ProjectFactory(code="KCĐP-2025-001", start_date=d(2025, 3, 1), end_date=d(2025, 10, 31))
        ProjectBeneficiaryFactory(project=cls.first, establishment=cls.establishment)

    def save(self, start, end=None, *, code="KCĐP-2099-001", content_code="KC03b", reason="") -> Project:
        """A new project for the same establishment, saved through the one service every path uses."""
        project = Project(
            code=code,
            title="Máy cán tôn",
            content=content(content_code),
            plan=AnnualPlanFactory(year=start.year),
            implementing_unit="Trung tâm Khuyến công thành phố Cần Thơ",
            start_date=start,
            end_date=end or d(start.year, 12, 31),
        )
        return project_save(project=project, beneficiaries=[ShareInput(self.establishment)], repeat_reason=reason)

    def assert_refused(self, start, end=None):
        with self.assertRaises(RepeatSupportRefused) as caught:
            self.save(start, end)
        self.assertIn("KCĐP-2025-001", caught.exception.messages[0])
        self.assertIn("Hãy nêu lý do hỗ trợ lại", caught.exception.messages[0])
        self.assertEqual([repeat.projects for repeat in caught.exception.repeats], [[self.first]])
        self.assertFalse(Project.objects.filter(code="KCĐP-2099-001").exists())

    def test_a_second_project_starting_the_same_day_is_refused_without_a_reason(self):
        self.assert_refused(d(2025, 3, 1), d(2025, 10, 31))

    def test_a_project_starting_earlier_than_the_first_is_refused(self):
        self.assert_refused(d(2024, 6, 1), d(2024, 12, 31))

    def test_a_project_starting_later_inside_the_window_is_refused(self):
        self.assert_refused(d(2027, 5, 1))

    def test_three_years_after_the_start_is_still_inside_and_one_day_more_is_outside(self):
        self.assert_refused(d(2028, 3, 1))
        self.assertEqual(self.save(d(2028, 3, 2)).shares.get().repeat_support_reason, "")

    def test_three_years_before_the_start_is_still_inside_and_one_day_more_is_outside(self):
        self.assert_refused(d(2022, 3, 1), d(2022, 10, 31))
        self.assertTrue(self.save(d(2022, 2, 28), d(2022, 10, 31)).pk)

    def test_a_long_earlier_project_still_running_is_a_repeat(self):
        self.first.start_date = d(2021, 1, 1)
        self.first.save(update_fields=["start_date"])
        self.assert_refused(d(2025, 6, 1))

    def test_a_cancelled_project_does_not_count(self):
        Project.objects.filter(pk=self.first.pk).update(status=ProjectStatus.CANCELLED)
        self.assertTrue(self.save(d(2025, 3, 1), d(2025, 10, 31)).pk)

    def test_another_content_is_not_a_repeat(self):
        self.assertTrue(self.save(d(2025, 3, 1), d(2025, 10, 31), content_code="KC03a").pk)

    def test_another_establishment_is_not_a_repeat(self):
        self.assertEqual(
            project_repeats(establishment=EstablishmentFactory(), content=self.first.content, start=d(2025, 3, 1)), []
        )

    def test_with_a_reason_it_saves_and_the_beneficiary_keeps_it(self):
        project = self.save(d(2025, 3, 1), d(2025, 10, 31), reason="Máy khác loại, mở rộng dây chuyền")
        self.assertEqual(project.shares.get().repeat_support_reason, "Máy khác loại, mở rộng dây chuyền")
        self.assertEqual(project.history.earliest().history_change_reason, "Máy khác loại, mở rộng dây chuyền")

    def test_whichever_project_is_typed_first_the_second_one_is_caught(self):
        """The later project saved first: an earlier one typed afterwards is still refused."""
        self.assert_refused(d(2023, 9, 1), d(2023, 12, 31))

    def test_saving_the_project_itself_again_is_not_a_repeat_of_itself(self):
        saved = project_save(project=self.first, beneficiaries=[ShareInput(self.establishment)])
        self.assertEqual(saved.shares.get().repeat_support_reason, "")

    def test_moving_a_saved_project_into_the_window_asks_for_a_reason(self):
        other = self.save(d(2029, 3, 1), code="KCĐP-2029-001")
        # Moved to the 2026 plan, whose year its dates must fall in.
        other.plan = AnnualPlanFactory(year=2026)
        other.start_date, other.end_date = d(2026, 3, 1), d(2026, 10, 31)
        with self.assertRaises(RepeatSupportRefused):
            project_save(project=other, beneficiaries=[ShareInput(self.establishment)])
        other.refresh_from_db()
        self.assertEqual(other.start_date, d(2029, 3, 1))

    @override_settings(REPEAT_SUPPORT={"YEARS": 1, "LEGAL_BASIS": "Quy định thử"})
    def test_the_window_is_a_setting(self):
        self.assertTrue(self.save(d(2027, 5, 1)).pk)
        with self.assertRaises(RepeatSupportRefused) as caught:
            self.save(d(2026, 3, 1), code="KCĐP-2026-009")
        self.assertIn("trong vòng 1 năm", caught.exception.messages[0])
