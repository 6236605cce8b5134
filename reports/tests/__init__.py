"""Shared data for the reports tests: a year of projects built through the services."""

from decimal import Decimal

from beneficiaries.models import AdministrativeUnit
from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import OutcomeIndicator, PlanBudget, ProjectBeneficiary, ProjectOutcome
from programs.tests.factories import AnnualPlanFactory, source
from programs.tests.test_plan_views import money_project

D = Decimal


def build_year(year: int, tag: str = "A"):
    """A year's approved plan with four projects: paid, in progress, proposed and cancelled.

    Calling it again with another `tag` adds the same projects again (the "triple" of the
    query-count tests). Returns the plan.
    """
    plan = AnnualPlanFactory(year=year, approved=True)
    budget, _ = PlanBudget.objects.get_or_create(plan=plan, source=source("KCDP"), defaults={"assigned": D(0)})
    PlanBudget.objects.filter(pk=budget.pk).update(assigned=budget.assigned + D("900000000"))
    ntm, _ = PlanBudget.objects.get_or_create(plan=plan, source=source("NTM"), defaults={"assigned": D(0)})
    PlanBudget.objects.filter(pk=ntm.pk).update(assigned=ntm.assigned + D("100000000"))
    other_commune = AdministrativeUnit.objects.get(code="31340")
    woman = EstablishmentFactory(woman_owned=True, legal_form="sme", commune=other_commune)
    paid = money_project(
        plan,
        f"R{year}{tag}-1",
        status="accepted",
        state="200000000",
        advance="120000000",
        final="50000000",
    )
    running = money_project(
        plan,
        f"R{year}{tag}-2",
        status="in_progress",
        content_code="KC01",
        source_code="NTM",
        state="60000000",
        counterpart="0",
        advance="30000000",
    )
    ProjectBeneficiary.objects.create(
        project=running, establishment=woman, eligible_cost=D("20000000"), support_amount=D("20000000")
    )
    proposed = money_project(plan, f"R{year}{tag}-3", status="proposed", state="90000000")
    cancelled = money_project(plan, f"R{year}{tag}-4", status="cancelled", state="250000000")
    ProjectBeneficiary.objects.filter(project=paid).update(eligible_cost=D("200000000"), support_amount=D("200000000"))
    ProjectBeneficiary.objects.filter(project=running).exclude(establishment=woman).update(
        eligible_cost=D("40000000"), support_amount=D("40000000")
    )
    ProjectBeneficiary.objects.filter(project=cancelled).update(
        eligible_cost=D("250000000"), support_amount=D("250000000")
    )
    machines = OutcomeIndicator.objects.get(code="MACHINES")
    trainees = OutcomeIndicator.objects.get(code="TRAINEES")
    ProjectOutcome.objects.create(project=paid, indicator=machines, planned=D(2), achieved=D(2))
    ProjectOutcome.objects.create(project=running, indicator=trainees, planned=D(30), achieved=D(12))
    ProjectOutcome.objects.create(project=proposed, indicator=machines, planned=D(1))
    ProjectOutcome.objects.create(project=cancelled, indicator=machines, planned=D(5), achieved=D(5))
    return plan
