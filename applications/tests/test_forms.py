"""The establishment's application form and the staff's filing on behalf: one list of fields, one set of checks."""

import datetime

from django.test import TestCase

from applications.forms import ApplicationForm
from applications.models import Application
from applications.review_forms import OnBehalfForm
from applications.tests.test_review_services import scan
from beneficiaries.tests.factories import EstablishmentFactory
from programs.tests.factories import content


class SharedChecksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.establishment = EstablishmentFactory()
        cls.kc03b = content("KC03b")

    def data(self, **changes) -> dict:
        return {
            "establishment": self.establishment.code,
            "content": str(self.kc03b.pk),
            "variant": "standard",
            "title": "Máy sấy khóm",
            "need": "Thay lò sấy củi",
            "eligible_cost": "400.000.000",
            "support_requested": "150.000.000",
            "planned_start": "01/10/2026",
            "planned_end": "30/11/2026",
            **changes,
        }

    def errors(self, **changes) -> tuple[dict, dict]:
        """The errors of the portal form and of the on-behalf form for the same data."""
        data = self.data(**changes)
        portal = ApplicationForm(data, instance=Application(establishment=self.establishment))
        staff = OnBehalfForm(data, {"registration": scan()})
        portal.is_valid()
        staff.is_valid()
        return portal.errors, staff.errors

    def test_good_data_passes_both(self):
        self.assertEqual(self.errors(), ({}, {}))

    def test_both_give_the_same_message_for_an_end_before_the_start(self):
        portal, staff = self.errors(planned_start="01/10/2026", planned_end="30/09/2026")
        self.assertEqual(portal["planned_end"], ["Ngày hoàn thành phải bằng hoặc sau ngày bắt đầu."])
        self.assertEqual(staff["planned_end"], portal["planned_end"])

    def test_both_accept_an_end_on_the_start_day(self):
        self.assertEqual(self.errors(planned_start="01/10/2026", planned_end="01/10/2026"), ({}, {}))

    def test_both_give_the_same_message_for_a_date_that_does_not_exist(self):
        for bad in ("31/02/2026", "hôm nay", "2026/13/01"):
            with self.subTest(bad=bad):
                portal, staff = self.errors(planned_start=bad)
                self.assertEqual(portal["planned_start"], ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/03/2026."])
                self.assertEqual(staff["planned_start"], portal["planned_start"])

    def test_both_read_the_same_date_spellings(self):
        for typed in ("05/03/2026", "05-03-2026", "2026-03-05"):
            with self.subTest(typed=typed):
                portal = ApplicationForm(self.data(planned_start=typed, planned_end=""), instance=Application())
                staff = OnBehalfForm(self.data(planned_start=typed, planned_end=""), {"registration": scan()})
                self.assertTrue(portal.is_valid() and staff.is_valid(), (portal.errors, staff.errors))
                self.assertEqual(portal.cleaned_data["planned_start"], datetime.date(2026, 3, 5))
                self.assertEqual(staff.cleaned_data["planned_start"], datetime.date(2026, 3, 5))

    def test_both_give_the_same_message_for_support_above_the_cost(self):
        portal, staff = self.errors(support_requested="500.000.000")
        self.assertEqual(portal["support_requested"], ["Kinh phí đề nghị hỗ trợ không được lớn hơn tổng chi phí."])
        self.assertEqual(staff["support_requested"], portal["support_requested"])


class FieldListTests(TestCase):
    def test_both_forms_carry_the_applications_one_field_list(self):
        self.assertEqual(
            list(ApplicationForm.base_fields)[: len(Application.APPLICANT_FIELDS)], [*Application.APPLICANT_FIELDS]
        )
        # Staff file the standard level: a content's variants are offered by the portal as it is chosen;
        # the establishment and a repeat reason are staff's own.
        self.assertEqual(
            [
                name
                for name in OnBehalfForm.base_fields
                if name not in ("establishment", "repeat_reason", "registration", "other_files")
            ],
            [name for name in Application.APPLICANT_FIELDS if name != "variant"],
        )

    def test_a_draft_needs_nothing_but_filing_on_behalf_needs_what_the_service_requires(self):
        portal = ApplicationForm({}, instance=Application())
        self.assertTrue(portal.is_valid(), portal.errors)
        staff = OnBehalfForm({"establishment": EstablishmentFactory().code})
        self.assertFalse(staff.is_valid())
        self.assertEqual(
            set(staff.errors), {"content", "title", "need", "eligible_cost", "support_requested", "registration"}
        )

    def test_the_on_behalf_form_hands_the_service_its_fields(self):
        establishment = EstablishmentFactory()
        form = OnBehalfForm(
            {
                "establishment": establishment.code,
                "content": str(content("KC03b").pk),
                "title": "Máy đóng gói",
                "need": "Đóng gói khóm",
                "eligible_cost": "100.000.000",
                "support_requested": "50.000.000",
            },
            {"registration": scan()},
        )
        self.assertTrue(form.is_valid(), form.errors)
        fields = form.application_fields()
        self.assertEqual(set(fields), set(Application.APPLICANT_FIELDS) - {"variant"})
        self.assertEqual(fields["title"], "Máy đóng gói")
        self.assertEqual(form.cleaned_data["establishment"], establishment)
