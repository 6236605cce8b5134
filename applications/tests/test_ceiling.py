"""The establishment and the officer reviewing its application see one and the same ceiling."""

import datetime
from decimal import Decimal as D

from django.urls import reverse

from applications.tests.test_portal_views import ApplyTestCase
from applications.workflow import application_transition
from core.money import format_vnd
from programs.models import PriorityGround


class SameCeilingTests(ApplyTestCase):
    def sent_back(self, **fields):
        """An application staff sent back: the establishment edits it while staff still see it."""
        application = self.make_application(
            content=self.kc03b,
            eligible_cost=D("900000000"),
            support_requested=D("100000000"),
            planned_start=datetime.date(2026, 6, 1),
            **fields,
        )
        for step in ("submitted", "under_review"):
            application = application_transition(application=application, to_status=step, by=self.staff)
        return application_transition(
            application=application, to_status="needs_correction", by=self.staff, reason="Thiếu báo giá"
        )

    def both_pages(self, application):
        portal = self.client.get(reverse("apply:edit", args=[application.uuid]))
        self.client.force_login(self.staff)
        staff = self.client.get(reverse("staff:application_detail", args=[application.uuid]))
        self.client.force_login(self.user)
        return portal, staff

    def test_staff_and_establishment_see_the_same_base_ceiling_whoever_owns_it(self):
        for woman_owned in (False, True):
            with self.subTest(woman_owned=woman_owned):
                self.establishment.woman_owned = woman_owned
                self.establishment.save(update_fields=["woman_owned"])
                portal, staff = self.both_pages(self.sent_back())
                ceiling = portal.context["ceiling"]
                self.assertIsNotNone(ceiling)
                self.assertEqual(staff.context["ceiling"], ceiling)
                self.assertEqual(ceiling.amount, D("300000000"))  # the owner alone raises nothing
                self.assertIsNone(ceiling.ground)
                self.assertContains(portal, format_vnd(ceiling.amount))
                self.assertContains(portal, "có thể được hỗ trợ cao hơn sau khi thẩm định")
                self.assertContains(staff, format_vnd(ceiling.amount))

    def test_a_ground_recorded_in_review_raises_the_ceiling_on_both_pages(self):
        ground = PriorityGround.objects.get(code="woman_owned")
        portal, staff = self.both_pages(self.sent_back(priority_ground=ground))
        self.assertEqual(portal.context["ceiling"].amount, D("450000000"))
        self.assertEqual(staff.context["ceiling"], portal.context["ceiling"])
        self.assertContains(portal, "diện ưu tiên đã được ghi nhận: Cơ sở do phụ nữ làm chủ")

    def test_both_name_the_same_missing_rule(self):
        portal, staff = self.both_pages(self.sent_back(variant="khong-co"))
        self.assertIsNone(portal.context["ceiling"])
        self.assertIsNone(staff.context["ceiling"])
        self.assertIn("Chưa có mức hỗ trợ tối đa", portal.context["ceiling_error"])
        self.assertEqual(staff.context["ceiling_error"], portal.context["ceiling_error"])
