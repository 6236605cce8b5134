import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from beneficiaries.tests.factories import EstablishmentFactory
from programs.ceilings import ceiling_compute
from programs.models import SupportRule
from programs.tests.factories import content

D = Decimal
DAY = datetime.date(2025, 6, 1)


class CeilingTests(TestCase):
    """The confirmed national figures of TT 28/2018/TT-BTC (DOMAIN.md 3.2)."""

    def test_machinery_is_half_the_cost_when_that_is_below_300_million(self):
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("451000000"), on_date=DAY)
        self.assertEqual(ceiling.amount, D("225500000"))
        self.assertIn("TT 28/2018/TT-BTC", ceiling.legal_basis)

    def test_machinery_is_capped_at_300_million_per_establishment(self):
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("700000000"), on_date=DAY)
        self.assertEqual(ceiling.amount, D("300000000"))
        self.assertEqual(ceiling.pct_amount, D("350000000"))

    def test_a_whole_production_line_is_capped_at_450_million(self):
        ceiling = ceiling_compute(
            content=content("KC03b"), variant="production_line", eligible_cost=D("2000000000"), on_date=DAY
        )
        self.assertEqual(ceiling.amount, D("450000000"))

    def test_a_demonstration_model_is_30_percent_up_to_1000_million(self):
        kc03a = content("KC03a")
        self.assertEqual(
            ceiling_compute(content=kc03a, eligible_cost=D("2000000000"), on_date=DAY).amount, D("600000000")
        )
        self.assertEqual(
            ceiling_compute(content=kc03a, eligible_cost=D("5000000000"), on_date=DAY).amount, D("1000000000")
        )

    def test_it_uses_the_rule_in_force_on_the_date(self):
        # Before TT 28/2018 took effect (11/05/2018) the 2014 joint circular capped machinery at 200 million.
        ceiling = ceiling_compute(
            content=content("KC03b"), eligible_cost=D("700000000"), on_date=datetime.date(2017, 9, 1)
        )
        self.assertEqual(ceiling.amount, D("200000000"))
        self.assertIn("26/2014", ceiling.legal_basis)

    def test_the_priority_multiplier_needs_a_stated_reason(self):
        kc03b = content("KC03b")
        plain = ceiling_compute(content=kc03b, eligible_cost=D("1000000000"), on_date=DAY)
        with_reason = ceiling_compute(
            content=kc03b, eligible_cost=D("1000000000"), on_date=DAY, priority_reason="Địa bàn khó khăn"
        )
        self.assertEqual(plain.amount, D("300000000"))
        self.assertEqual(with_reason.amount, D("450000000"))
        self.assertEqual(with_reason.priority_reason, "Địa bàn khó khăn")

    def test_a_woman_owned_establishment_brings_its_own_priority_reason(self):
        establishment = EstablishmentFactory(woman_owned=True)
        ceiling = ceiling_compute(
            content=content("KC03b"), eligible_cost=D("1000000000"), on_date=DAY, establishment=establishment
        )
        self.assertEqual(ceiling.amount, D("450000000"))
        self.assertIn("phụ nữ", ceiling.priority_reason)

    def test_the_amount_is_never_rounded_up(self):
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("333333333"), on_date=DAY)
        self.assertEqual(ceiling.amount, D("166666666"))

    def test_a_group_project_multiplies_the_cap_by_establishments(self):
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("2000000000"), on_date=DAY, units=3)
        self.assertEqual(ceiling.amount, D("900000000"))

    def test_local_projects_fall_back_to_national_levels(self):
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("700000000"), on_date=DAY, rule_set="local")
        self.assertEqual(ceiling.amount, D("300000000"))

    def test_a_local_rule_wins_when_the_province_has_one(self):
        SupportRule.objects.create(
            content=content("KC03b"),
            rule_set="local",
            pct_cap=D("50"),
            amount_cap=D("250000000"),
            legal_basis="NQ HĐND thành phố Cần Thơ 2026",
            effective_from=datetime.date(2025, 1, 1),
        )
        ceiling = ceiling_compute(content=content("KC03b"), eligible_cost=D("700000000"), on_date=DAY, rule_set="local")
        self.assertEqual(ceiling.amount, D("250000000"))
        self.assertEqual(ceiling.legal_basis, "NQ HĐND thành phố Cần Thơ 2026")

    def test_it_says_when_no_rule_is_in_force(self):
        with self.assertRaises(ValidationError) as caught:
            ceiling_compute(content=content("KC03b"), eligible_cost=D("1"), on_date=datetime.date(2010, 1, 1))
        self.assertEqual(caught.exception.code, "no_rule")
        self.assertIn("01/01/2010", caught.exception.messages[0])

    def test_it_refuses_a_negative_cost(self):
        with self.assertRaises(ValidationError):
            ceiling_compute(content=content("KC03b"), eligible_cost=D("-1"), on_date=DAY)
