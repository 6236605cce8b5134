"""Kế hoạch khuyến công năm N: the annual plan's contents."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from programs.models import (
    ZERO,
    BudgetLine,
    FundingSource,
)
from programs.selectors import subtotal
from reports import selectors
from reports.documents.common import (
    ContentGroup,
    DocumentHeader,
    beneficiary_label,
    document_header,
    group_by_content,
    narrative_for,
    year_projects,
)
from reports.models import ReportKind, ReportNarrative


@dataclass(frozen=True)
class PlanMoney:
    """Planned money of a project or a group: total cost and its parts by kind of source."""

    total: Decimal = ZERO
    national: Decimal = ZERO
    local: Decimal = ZERO
    counterpart: Decimal = ZERO
    other: Decimal = ZERO

    def __add__(self, other: "PlanMoney") -> "PlanMoney":
        return PlanMoney(
            **{name: getattr(self, name) + getattr(other, name) for name in PlanMoney.__dataclass_fields__}
        )


@dataclass(frozen=True)
class PlanRow:
    number: int
    code: str
    title: str
    content_code: str
    implementing_unit: str
    beneficiaries: str
    place: str
    start_date: datetime.date
    end_date: datetime.date
    status: str
    money: PlanMoney
    expected_results: str


@dataclass(frozen=True)
class PlanDocument:
    kind = ReportKind.PLAN
    year: int
    header: DocumentHeader
    narrative: ReportNarrative
    groups: list[ContentGroup[PlanRow, PlanMoney]]
    total: PlanMoney
    sources: list[selectors.SourceMoney]
    state_total: selectors.SourceMoney
    contents: list[selectors.ContentMoney]

    @property
    def content_total(self) -> selectors.ContentMoney:
        return selectors.content_total(self.contents)

    @property
    def project_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def _planned_from(kind: str) -> Coalesce:
    """A project's planned money from the sources of one kind (a subquery)."""
    return subtotal(BudgetLine, "planned", outer="project", condition=Q(source__kind=kind))


def plan_document(year: int, *, today: datetime.date | None = None) -> PlanDocument:
    """Kế hoạch khuyến công năm N: narrative, projects by content, totals by source and content."""
    narrative = narrative_for(year)
    projects = year_projects(year).annotate(
        money_total=subtotal(BudgetLine, "planned", outer="project"),
        money_national=_planned_from(FundingSource.Kind.NATIONAL),
        money_local=_planned_from(FundingSource.Kind.LOCAL),
        money_counterpart=_planned_from(FundingSource.Kind.COUNTERPART),
        money_other=_planned_from(FundingSource.Kind.OTHER),
    )
    items = []
    for number, project in enumerate(projects, start=1):
        money = PlanMoney(
            total=project.money_total,
            national=project.money_national,
            local=project.money_local,
            counterpart=project.money_counterpart,
            other=project.money_other,
        )
        row = PlanRow(
            number=number,
            code=project.code,
            title=project.title,
            content_code=project.content.code,
            implementing_unit=project.implementing_unit,
            beneficiaries="; ".join(beneficiary_label(share) for share in project.shares.all()),
            place="; ".join(commune.name for commune in project.communes.all()),
            start_date=project.start_date,
            end_date=project.end_date,
            status=project.get_status_display(),
            money=money,
            expected_results=project.expected_results,
        )
        items.append((project.content, row, money))
    groups = group_by_content(items, PlanMoney())
    sources = selectors.money_by_source(year)
    return PlanDocument(
        year=year,
        header=document_header(ReportKind.PLAN, year, narrative, today or timezone.localdate()),
        narrative=narrative,
        groups=groups,
        total=sum((group.total for group in groups), PlanMoney()),
        sources=sources,
        state_total=selectors.state_total(sources),
        contents=selectors.money_by_content(year),
    )
