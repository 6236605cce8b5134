"""Báo cáo kết quả thực hiện khuyến công năm N: the annual results report's contents."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from core.money import format_decimal
from programs.models import (
    ZERO,
    BudgetLine,
    Disbursement,
    ProjectOutcome,
    ProjectStatus,
)
from programs.selectors import COMMITTED, STATE_SOURCE, subtotal
from reports import charts, selectors
from reports.documents.common import (
    ContentGroup,
    DocumentHeader,
    document_header,
    group_by_content,
    narrative_for,
    year_projects,
)
from reports.models import ReportKind, ReportNarrative


@dataclass(frozen=True)
class ResultRow:
    number: int
    code: str
    title: str
    content_code: str
    implementing_unit: str
    place: str
    status: str
    approved: Decimal  # state money approved
    disbursed: Decimal  # state money paid out
    outcomes: list[str] = field(default_factory=list)  # "Số máy móc: 2/2 máy"


@dataclass(frozen=True)
class ResultMoney:
    approved: Decimal = ZERO
    disbursed: Decimal = ZERO

    def __add__(self, other: "ResultMoney") -> "ResultMoney":
        return ResultMoney(approved=self.approved + other.approved, disbursed=self.disbursed + other.disbursed)


@dataclass(frozen=True)
class ResultsDocument:
    kind = ReportKind.RESULTS
    year: int
    header: DocumentHeader
    narrative: ReportNarrative
    indicators: list[selectors.IndicatorResult]
    sources: list[selectors.SourceMoney]
    state_total: selectors.SourceMoney
    contents: list[selectors.ContentMoney]
    communes: list[selectors.PlaceMoney]
    reach: selectors.Reach
    groups: list[ContentGroup[ResultRow, ResultMoney]]
    total: ResultMoney
    source_chart: str  # SVG, labels escaped
    content_chart: str

    @property
    def content_total(self) -> selectors.ContentMoney:
        return selectors.content_total(self.contents)

    @property
    def project_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def commune_total(self) -> Decimal:
        return selectors.support_total(self.communes)


def _outcome_lines(year: int) -> dict[int, list[str]]:
    """Each live project's outcomes as "indicator: achieved/planned unit" (one query)."""
    lines: dict[int, list[str]] = {}
    outcomes = (
        ProjectOutcome.objects.filter(project__plan__year=year)
        .exclude(project__status=ProjectStatus.CANCELLED)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__code")
    )
    for outcome in outcomes:
        achieved = "—" if outcome.achieved is None else format_decimal(outcome.achieved)
        lines.setdefault(outcome.project_id, []).append(
            f"{outcome.indicator.name}: {achieved}/{format_decimal(outcome.planned)} {outcome.indicator.unit}"
        )
    return lines


def results_document(year: int, *, today: datetime.date | None = None) -> ResultsDocument:
    """Báo cáo kết quả thực hiện khuyến công năm N: indicators, money, places, projects, narrative, charts."""
    narrative = narrative_for(year)
    projects = year_projects(year).annotate(
        # Approved money counts from the approval on, as in the tables by source and by content.
        state_approved=subtotal(BudgetLine, "approved", outer="project", condition=COMMITTED & STATE_SOURCE),
        state_disbursed=subtotal(Disbursement, "amount", outer="project", condition=STATE_SOURCE),
    )
    outcomes = _outcome_lines(year)
    items = []
    for number, project in enumerate(projects, start=1):
        money = ResultMoney(approved=project.state_approved, disbursed=project.state_disbursed)
        row = ResultRow(
            number=number,
            code=project.code,
            title=project.title,
            content_code=project.content.code,
            implementing_unit=project.implementing_unit,
            place="; ".join(commune.name for commune in project.communes.all()),
            status=project.get_status_display(),
            approved=money.approved,
            disbursed=money.disbursed,
            outcomes=outcomes.get(project.pk, []),
        )
        items.append((project.content, row, money))
    groups = group_by_content(items, ResultMoney())
    sources = selectors.money_by_source(year)
    contents = selectors.money_by_content(year)
    return ResultsDocument(
        year=year,
        header=document_header(ReportKind.RESULTS, year, narrative, today or timezone.localdate()),
        narrative=narrative,
        indicators=selectors.indicators(year),
        sources=sources,
        state_total=selectors.state_total(sources),
        contents=contents,
        communes=selectors.money_by_commune(year),
        reach=selectors.establishments_reached(year),
        groups=groups,
        total=sum((group.total for group in groups), ResultMoney()),
        source_chart=charts.source_chart(year, [row for row in sources if row.is_state_budget]),
        content_chart=charts.content_chart(year, contents),
    )
