"""Priority on the establishment's path: the owner's attributes never raise the ceiling; a ground recorded
by staff in the review does, once, and goes with the application into its project (DOMAIN.md 1.6)."""

import datetime
from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.review_services import application_convert, application_record_ground
from applications.services import application_submit
from applications.tests.test_portal_views import ApplyTestCase
from applications.tests.test_review_services import ReviewServiceTestCase, make_application
from applications.workflow import application_transition
from programs.models import PriorityGround, Project

C = D("300000000")  # the machinery cap of TT 28/2018 (KC03b), multiplier 1.5


class SubmissionTests(ApplyTestCase):
    """What the establishment may ask for: the base ceiling, whoever owns it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.establishment.woman_owned = True
        cls.establishment.ethnic_minority_owner = True
        cls.establishment.save()

    def asking(self, support: D, **fields):
        application = self.complete_application()
        application.eligible_cost = D("1000000000")
        application.support_requested = support
        application.counterpart_committed = D("1000000000") - support
        for name, value in fields.items():
            setattr(application, name, value)
        application.save()
        return application

    def test_the_base_cap_exactly_is_submitted(self):
        application = application_submit(application=self.asking(C), by=self.user)
        self.assertEqual(application.status, "submitted")

    def test_one_dong_over_the_base_cap_is_refused_for_a_woman_owned_establishment(self):
        application = self.asking(C + 1)
        with self.assertRaises(ValidationError) as caught:
            application_submit(application=application, by=self.user)
        self.assertIn("vượt mức hỗ trợ tối đa 300.000.000\xa0₫", " ".join(caught.exception.messages))
        application.refresh_from_db()
        self.assertEqual(application.status, "draft")

    def test_the_live_box_shows_the_base_ceiling_and_the_sentence(self):
        response = self.client.get(
            reverse("apply:ceiling"),
            {"content": self.kc03b.pk, "variant": "standard", "eligible_cost": "800.000.000"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "300.000.000")
        self.assertNotContains(response, "400.000.000")
        self.assertContains(response, "Trường hợp thuộc diện ưu tiên có thể được hỗ trợ cao hơn sau khi thẩm định.")

    def test_the_live_box_shows_the_production_line_cap_not_raised_again(self):
        response = self.client.get(
            reverse("apply:ceiling"),
            {"content": self.kc03b.pk, "variant": "production_line", "eligible_cost": "2.000.000.000"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "450.000.000")
        self.assertNotContains(response, "675.000.000")
        self.assertNotContains(response, "cao hơn sau khi thẩm định")  # the line's own cap is final

    def test_a_ground_recorded_by_staff_lets_the_resubmission_ask_up_to_one_and_a_half_times(self):
        ground = PriorityGround.objects.get(code="woman_owned")
        application = application_submit(application=self.asking(C), by=self.user)
        application = application_transition(application=application, to_status="under_review", by=self.staff)
        application_record_ground(application=application, officer=self.staff, ground=ground)
        application = application_transition(
            application=application, to_status="needs_correction", by=self.staff, reason="Nêu đủ chi phí"
        )
        for amount, accepted in ((C * D("1.5") + 1, False), (C * D("1.5"), True)):
            with self.subTest(amount=amount):
                application.refresh_from_db()
                application.support_requested = amount
                application.counterpart_committed = D("1000000000") - amount
                application.save()
                if accepted:
                    self.assertEqual(application_submit(application=application, by=self.user).status, "submitted")
                else:
                    with self.assertRaises(ValidationError):
                        application_submit(application=application, by=self.user)


class ReviewGroundTests(ReviewServiceTestCase):
    def test_staff_record_a_ground_while_reviewing_and_conversion_carries_it(self):
        ground = PriorityGround.objects.get(code="ethnic_minority_owner")
        application = make_application(
            self.establishment,
            "under_review",
            eligible_cost=D("1000000000"),
            support_requested=C,
            counterpart_committed=D("700000000"),
        )
        application_record_ground(application=application, officer=self.officer, ground=ground)
        application = application_transition(application=application, to_status="approved", by=self.officer)
        project = application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertEqual(project.priority_ground, ground)
        history = application.history.filter(priority_ground=ground).earliest("history_date")
        self.assertEqual(history.history_user, self.officer)

    def test_conversion_with_a_ground_accepts_one_and_a_half_times_the_cap_and_not_a_dong_more(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        for support, accepted in ((C * D("1.5") + 1, False), (C * D("1.5"), True)):
            with self.subTest(support=support):
                application = make_application(
                    self.establishment,
                    "approved",
                    eligible_cost=D("1000000000"),
                    support_requested=support,
                    counterpart_committed=D("1000000000") - support,
                    priority_ground=ground,
                )
                if accepted:
                    project = application_convert(application=application, officer=self.officer, plan=self.plan)
                    self.assertEqual(project.budget_lines.get(source__code="KCDP").planned, support)
                else:
                    with self.assertRaises(ValidationError):
                        application_convert(application=application, officer=self.officer, plan=self.plan)
                    self.assertFalse(Project.objects.exists())
                    # Out of the way, so the next one is not a repeat of this pending request.
                    application.delete()

    def test_conversion_without_a_ground_holds_the_base_cap_for_a_woman_owned_establishment(self):
        self.establishment.woman_owned = True
        self.establishment.save()
        application = make_application(
            self.establishment,
            "approved",
            eligible_cost=D("1000000000"),
            support_requested=C + 1,
            counterpart_committed=D("1000000000") - C - 1,
        )
        with self.assertRaises(ValidationError) as caught:
            application_convert(application=application, officer=self.officer, plan=self.plan)
        self.assertIn("300.000.000", caught.exception.messages[0])

    def test_a_ground_is_recorded_only_in_review_and_only_an_active_one(self):
        ground = PriorityGround.objects.get(code="difficult_area")
        submitted = make_application(self.establishment, "submitted")
        with self.assertRaises(ValidationError) as caught:
            application_record_ground(application=submitted, officer=self.officer, ground=ground)
        self.assertEqual(caught.exception.code, "ground_not_now")
        ground.active = False
        ground.save()
        reviewing = make_application(self.establishment, "under_review")
        with self.assertRaises(ValidationError) as caught:
            application_record_ground(application=reviewing, officer=self.officer, ground=ground)
        self.assertEqual(caught.exception.code, "ground_inactive")
        reviewing.refresh_from_db()
        self.assertIsNone(reviewing.priority_ground)


class ReviewPageTests(ApplyTestCase):
    def test_staff_record_the_ground_on_the_application_page_and_see_the_raised_ceiling(self):
        ground = PriorityGround.objects.get(code="woman_owned")
        application = self.make_application(
            content=self.kc03b,
            eligible_cost=D("1000000000"),
            support_requested=C,
            planned_start=datetime.date(2026, 6, 1),
        )
        for step in ("submitted", "under_review"):
            application = application_transition(application=application, to_status=step, by=self.staff)
        self.client.force_login(self.staff)
        page = reverse("staff:application_detail", args=[application.uuid])
        self.assertContains(self.client.get(page), "300.000.000")
        response = self.client.post(
            reverse("staff:application_ground", args=[application.uuid]), {"ground-ground": ground.pk}, follow=True
        )
        self.assertContains(response, "Đã ghi nhận diện ưu tiên")
        self.assertContains(response, "450.000.000")
        self.assertContains(response, "Diện ưu tiên đã ghi nhận: Cơ sở do phụ nữ làm chủ")
        application.refresh_from_db()
        self.assertEqual(application.priority_ground, ground)

    def test_the_establishment_cannot_record_a_ground(self):
        application = self.make_application(status="under_review")
        response = self.client.post(
            reverse("staff:application_ground", args=[application.uuid]),
            {"ground-ground": PriorityGround.objects.get(code="woman_owned").pk},
        )
        self.assertNotEqual(response.status_code, 200)
        application.refresh_from_db()
        self.assertIsNone(application.priority_ground)
