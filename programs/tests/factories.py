import datetime

import factory

from beneficiaries.models import EstablishmentYearStat
from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import (
    AnnualPlan,
    FundingSource,
    PlanBudget,
    Project,
    ProjectBeneficiary,
    ProjectStatus,
    SupportContent,
)


def source(code: str) -> FundingSource:
    return FundingSource.objects.get(code=code)


def content(code: str) -> SupportContent:
    return SupportContent.objects.get(code=code)


def assign(plan: AnnualPlan, code: str, amount) -> PlanBudget:
    """Give `plan` an assigned budget of `amount` đồng from source `code` (set it if already given)."""
    budget, _created = PlanBudget.objects.update_or_create(
        plan=plan, source=source(code), defaults={"assigned": amount}
    )
    return budget


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan
        django_get_or_create = ("year", "level")

    year = 2025
    level = AnnualPlan.Level.LOCAL
    title = factory.LazyAttribute(lambda o: f"Kế hoạch khuyến công địa phương năm {o.year}")

    class Params:
        # AnnualPlanFactory(approved=True): a plan approved by its decision, whose projects may be approved.
        approved = factory.Trait(
            status=AnnualPlan.Status.APPROVED,
            decision_number="QĐ 215/QĐ-UBND",
            decision_date=factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 20)),
        )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"KCĐP-2025-{n:03d}")
    title = "Hỗ trợ máy sấy thủy sản năng lượng mặt trời"
    content = factory.LazyFunction(lambda: content("KC03b"))
    plan = factory.SubFactory(AnnualPlanFactory)
    implementing_unit = "Trung tâm Khuyến công thành phố Cần Thơ"
    start_date = datetime.date(2025, 3, 1)
    end_date = datetime.date(2025, 10, 31)


class ProjectBeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBeneficiary

    project = factory.SubFactory(ProjectFactory)
    establishment = factory.SubFactory(EstablishmentFactory)


def add_support(establishment, n: int, first_year: int = 2021):
    """Settled KC03b projects of n different years giving the establishment 200 million each (with its
    revenue of those years), plus one proposed and one cancelled project that count for nothing."""
    for year in range(first_year, first_year + n):
        project = ProjectFactory(plan__year=year, status=ProjectStatus.SETTLED, content=content("KC03b"))
        ProjectBeneficiaryFactory(
            project=project, establishment=establishment, eligible_cost=400_000_000, support_amount=200_000_000
        )
        EstablishmentYearStat.objects.create(
            establishment=establishment, year=year, revenue=1_000_000_000 + year, employees=5
        )
    for status in (ProjectStatus.PROPOSED, ProjectStatus.CANCELLED):
        project = ProjectFactory(plan__year=2021, status=status, content=content("KC04b"))
        ProjectBeneficiaryFactory(
            project=project, establishment=establishment, eligible_cost=10_000_000, support_amount=7_000_000
        )
