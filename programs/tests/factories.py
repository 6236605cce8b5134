import datetime

import factory

from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import AnnualPlan, FundingSource, Project, ProjectBeneficiary, SupportContent


def source(code: str) -> FundingSource:
    return FundingSource.objects.get(code=code)


def content(code: str) -> SupportContent:
    return SupportContent.objects.get(code=code)


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
