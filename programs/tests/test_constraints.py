"""The money and date rules hold in the database too, whatever code writes the rows."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.test import TestCase

from programs.models import AnnualPlan, BudgetLine, Disbursement, Project, ProjectBeneficiary, SupportRule
from programs.tests.factories import AnnualPlanFactory, ProjectBeneficiaryFactory, ProjectFactory, content, source


class ConstraintTests(TestCase):
    def assertRefused(self, write):
        with self.assertRaises(IntegrityError), transaction.atomic():
            write()

    def test_a_project_cannot_end_before_it_starts(self):
        self.assertRefused(
            lambda: ProjectFactory(start_date=datetime.date(2025, 5, 1), end_date=datetime.date(2025, 4, 30))
        )

    def test_project_codes_are_unique(self):
        ProjectFactory(code="KCĐP-2025-900")
        self.assertRefused(lambda: ProjectFactory(code="KCĐP-2025-900"))

    def test_a_project_status_must_be_one_of_the_lifecycle(self):
        project = ProjectFactory()
        self.assertRefused(lambda: Project.objects.filter(pk=project.pk).update(status="paid"))

    def test_budget_amounts_cannot_be_negative(self):
        project = ProjectFactory()
        self.assertRefused(
            lambda: BudgetLine.objects.create(project=project, source=source("KCDP"), planned=Decimal("-1"))
        )

    def test_one_budget_line_per_source(self):
        project = ProjectFactory()
        BudgetLine.objects.create(project=project, source=source("KCDP"))
        self.assertRefused(lambda: BudgetLine.objects.create(project=project, source=source("KCDP")))

    def test_a_disbursement_is_positive(self):
        project = ProjectFactory()
        self.assertRefused(
            lambda: Disbursement.objects.create(
                project=project,
                source=source("KCDP"),
                date=datetime.date(2025, 1, 1),
                amount=Decimal("0"),
                kind="advance",
            )
        )

    def test_a_beneficiary_cannot_get_more_than_its_cost(self):
        share = ProjectBeneficiaryFactory(eligible_cost=Decimal("100"), support_amount=Decimal("50"))
        self.assertRefused(lambda: ProjectBeneficiary.objects.filter(pk=share.pk).update(support_amount=Decimal("101")))

    def test_an_approved_plan_names_its_decision(self):
        plan = AnnualPlanFactory(year=2030)
        self.assertRefused(lambda: AnnualPlan.objects.filter(pk=plan.pk).update(status="approved"))

    def test_one_plan_per_year_and_level(self):
        AnnualPlan.objects.create(year=2031, level="local", title="A")
        self.assertRefused(lambda: AnnualPlan.objects.create(year=2031, level="local", title="B"))

    def test_a_rule_percentage_stays_within_100(self):
        self.assertRefused(
            lambda: SupportRule.objects.create(
                content=content("KC05"),
                variant="x",
                pct_cap=Decimal("120"),
                legal_basis="x",
                effective_from=datetime.date(2020, 1, 1),
            )
        )

    def test_a_rule_ends_after_it_starts(self):
        self.assertRefused(
            lambda: SupportRule.objects.create(
                content=content("KC05"),
                variant="x",
                legal_basis="x",
                effective_from=datetime.date(2020, 1, 1),
                effective_to=datetime.date(2019, 1, 1),
            )
        )
