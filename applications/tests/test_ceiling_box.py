"""The applicant's live ceiling box says plainly whether the support asked for is within the ceiling,
and when it is over, the most that may be asked (the machinery cap of TT 28/2018, KC03b: 300,000,000)."""

from decimal import Decimal as D

from django.urls import reverse

from applications.tests.test_portal_views import ApplyTestCase
from programs.models import PriorityGround

CAP = D("300000000")
NBSP = "\xa0"


def dong(amount: D) -> str:
    """300000000 -> "300.000.000 ₫", as the portal writes money."""
    return f"{int(amount):,}".replace(",", ".") + NBSP + "₫"


class LiveBoxTests(ApplyTestCase):
    def box(self, support: str, cost: str = "1.000.000.000"):
        return self.client.get(
            reverse("apply:ceiling"),
            {
                "content": self.kc03b.pk,
                "variant": "standard",
                "eligible_cost": cost,
                "support_requested": support,
            },
            headers={"HX-Request": "true"},
        )

    def test_the_cap_exactly_is_within_the_ceiling(self):
        response = self.box("300.000.000")
        self.assertContains(response, f"Số tiền đề nghị {dong(CAP)} nằm trong mức hỗ trợ tối đa.")
        self.assertNotContains(response, "vượt")
        self.assertNotContains(response, 'role="alert"')

    def test_one_dong_over_says_so_with_the_amount_that_fits(self):
        response = self.box("300.000.001")
        self.assertContains(
            response,
            f"Số tiền đề nghị {dong(CAP + 1)} vượt mức hỗ trợ tối đa {dong(CAP)}. "
            f"Bạn có thể đề nghị tối đa {dong(CAP)}.",
        )
        self.assertContains(response, 'role="alert"', count=1)
        self.assertNotContains(response, "nằm trong mức hỗ trợ tối đa")

    def test_the_amount_that_fits_follows_the_percentage_when_it_binds(self):
        # 50% of a 400,000,000 machine is 200,000,000, below the cap: that is what may be asked.
        response = self.box("250.000.000", cost="400.000.000")
        self.assertContains(response, f"Bạn có thể đề nghị tối đa {dong(D('200000000'))}.")

    def test_nothing_is_said_of_the_request_until_it_is_typed_or_while_it_is_not_a_number(self):
        for support in ("", "ba trăm triệu"):
            response = self.box(support)
            self.assertContains(response, "Mức hỗ trợ tối đa")
            self.assertNotContains(response, "Số tiền đề nghị")

    def test_the_english_page_says_it_in_english(self):
        response = self.client.get(
            reverse("apply:ceiling"),
            {
                "content": self.kc03b.pk,
                "variant": "standard",
                "eligible_cost": "1.000.000.000",
                "support_requested": "300.000.001",
            },
            headers={"HX-Request": "true", "Accept-Language": "en"},
        )
        self.assertContains(response, "exceeds the maximum support")


class EditPageTests(ApplyTestCase):
    def test_the_saved_request_over_the_ceiling_is_said_on_the_page_without_javascript(self):
        application = self.make_application(
            content=self.kc03b, eligible_cost=1_000_000_000, support_requested=CAP + 1, counterpart_committed=CAP * 3
        )
        response = self.client.get(reverse("apply:edit", args=[application.uuid]))
        self.assertContains(response, f"vượt mức hỗ trợ tối đa {dong(CAP)}. Bạn có thể đề nghị tối đa {dong(CAP)}.")

    def test_the_saved_request_at_the_cap_is_within(self):
        application = self.make_application(content=self.kc03b, eligible_cost=1_000_000_000, support_requested=CAP)
        response = self.client.get(reverse("apply:edit", args=[application.uuid]))
        self.assertContains(response, f"Số tiền đề nghị {dong(CAP)} nằm trong mức hỗ trợ tối đa.")


class LiveBoxWithARecordedGroundTests(ApplyTestCase):
    """Staff recorded a priority ground in the review: the live box counts it on that application only."""

    def box_for(self, application, support: str):
        return self.client.get(
            reverse("apply:ceiling"),
            {
                "application": str(application.uuid),
                "content": self.kc03b.pk,
                "variant": "standard",
                "eligible_cost": "1.000.000.000",
                "support_requested": support,
            },
            headers={"HX-Request": "true"},
        )

    def test_the_box_of_an_application_with_a_ground_allows_one_and_a_half_times_the_cap(self):
        application = self.make_application(priority_ground=PriorityGround.objects.get(code="difficult_area"))
        self.assertContains(self.box_for(application, "450.000.000"), "nằm trong mức hỗ trợ tối đa")
        self.assertContains(
            self.box_for(application, "450.000.001"), f"Bạn có thể đề nghị tối đa {dong(CAP * D('1.5'))}."
        )

    def test_another_establishments_application_brings_no_ground(self):
        other = self.make_application(
            establishment=self.other_establishment, priority_ground=PriorityGround.objects.get(code="difficult_area")
        )
        self.assertContains(self.box_for(other, "300.000.001"), f"Bạn có thể đề nghị tối đa {dong(CAP)}.")
