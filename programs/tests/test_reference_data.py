from django.test import TestCase

from programs import reference
from programs.models import FundingSource, OutcomeIndicator, SupportContent, SupportRule


class ReferenceDataTests(TestCase):
    def test_every_content_has_a_standard_rule_with_a_legal_basis(self):
        for content in SupportContent.objects.all():
            with self.subTest(content=content.code):
                rule = content.rules.get(variant="standard", effective_to__isnull=True, rule_set="national")
                self.assertTrue(rule.legal_basis)

    def test_only_the_figures_marked_confirmed_are_loaded_as_confirmed(self):
        confirmed = set(
            SupportRule.objects.filter(confirmed=True, effective_to__isnull=True).values_list(
                "content__code", "variant", "amount_cap"
            )
        )
        self.assertIn(("KC03b", "standard", 300_000_000), confirmed)
        self.assertIn(("KC03b", "production_line", 450_000_000), confirmed)
        self.assertIn(("KC03a", "standard", 1_000_000_000), confirmed)
        self.assertIn(("KC07b", "standard", 6_000_000_000), confirmed)
        self.assertFalse(SupportRule.objects.get(content__code="KC05", variant="standard").confirmed)

    def test_counterpart_money_is_not_state_budget(self):
        self.assertFalse(FundingSource.objects.get(code="DOIUNG").is_state_budget)
        self.assertTrue(FundingSource.objects.get(code="KCQG").is_state_budget)

    def test_indicators_name_the_contents_they_measure(self):
        trainees = OutcomeIndicator.objects.get(code="TRAINEES")
        self.assertEqual(list(trainees.contents.values_list("code", flat=True)), ["KC01"])
        self.assertEqual(OutcomeIndicator.objects.count(), len(reference.INDICATORS))

    def test_loading_again_changes_nothing(self):
        from django.apps import apps

        before = SupportRule.objects.count(), SupportContent.objects.count()
        reference.load(apps)
        self.assertEqual((SupportRule.objects.count(), SupportContent.objects.count()), before)
