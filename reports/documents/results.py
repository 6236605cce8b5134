"""Báo cáo kết quả thực hiện khuyến công năm N: the annual results report's contents."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from core.money import format_decimal
from programs.models import (
    ZERO,
    BudgetLine,
    Disbursement,
    FundingSource,
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
    project_columns,
    year_projects,
)
from reports.models import ReportKind, ReportNarrative


@dataclass(frozen=True)
class ResultMoney:
    """Money approved (from the approval on) and paid to a project or a group.

    `national` is the national khuyến công fund; `local` every other state source (the city's fund
    and the programmes that co-fund it); `counterpart` the establishments' own money (Vốn đối ứng).
    """

    national: Decimal = ZERO
    local: Decimal = ZERO
    counterpart: Decimal = ZERO
    disbursed: Decimal = ZERO  # state money paid out

    @property
    def approved(self) -> Decimal:
        """State money approved: the national and local parts."""
        return self.national + self.local

    def __add__(self, other: "ResultMoney") -> "ResultMoney":
        return ResultMoney(
            **{name: getattr(self, name) + getattr(other, name) for name in ResultMoney.__dataclass_fields__}
        )


@dataclass(frozen=True)
class ResultRow:
    number: int
    code: str
    title: str
    content_code: str
    implementing_unit: str
    beneficiaries: str
    place: str
    status: str
    money: ResultMoney
    outcomes: list[str] = field(default_factory=list)  # "Số máy móc: 2/2 máy"

    @property
    def approved(self) -> Decimal:
        return self.money.approved

    @property
    def disbursed(self) -> Decimal:
        return self.money.disbursed


@dataclass(frozen=True)
class ResultsDocument:
    kind = ReportKind.RESULTS
    year: int
    header: DocumentHeader
    narrative: ReportNarrative
    indicators: list[selectors.IndicatorResult]
    sources: list[selectors.SourceMoney]
    state_total: selectors.SourceMoney
    mobilised: selectors.SourceMoney  # every source: the total capital mobilised
    contents: list[selectors.ContentMoney]
    communes: list[selectors.PlaceMoney]
    districts: list[selectors.PlaceMoney]
    reach: selectors.Reach
    cancelled: list[selectors.CancelledProject]
    carried: list[selectors.CarryOver]
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
    def next_year(self) -> int:
        return self.year + 1

    @property
    def state_sources(self) -> list[selectors.SourceMoney]:
        return [row for row in self.sources if row.is_state_budget]

    @property
    def other_sources(self) -> list[selectors.SourceMoney]:
        """Counterpart and other non-state money, listed after the state subtotal."""
        return [row for row in self.sources if not row.is_state_budget]

    @property
    def commune_total(self) -> Decimal:
        return selectors.support_total(self.communes)

    @property
    def district_total(self) -> Decimal:
        return selectors.support_total(self.districts)

    @property
    def cancelled_returned(self) -> Decimal:
        return sum((row.returned for row in self.cancelled), ZERO)

    @property
    def carried_total(self) -> selectors.CarryOver:
        return selectors.carry_over_total(self.carried)


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


def _approved_from(condition: Q) -> Coalesce:
    """A project's money approved from the sources that `condition` picks, from the approval on (a subquery)."""
    return subtotal(BudgetLine, "approved", outer="project", condition=COMMITTED & condition)


def results_document(year: int, *, today: datetime.date | None = None) -> ResultsDocument:
    """Báo cáo kết quả thực hiện khuyến công năm N: indicators, money, places, projects, narrative, charts."""
    narrative = narrative_for(year)
    national = Q(source__kind=FundingSource.Kind.NATIONAL)
    projects = year_projects(year).annotate(
        # Approved money counts from the approval on, as in the tables by source and by content.
        money_national=_approved_from(national),
        money_local=_approved_from(STATE_SOURCE & ~national),
        money_counterpart=_approved_from(Q(source__kind=FundingSource.Kind.COUNTERPART)),
        state_disbursed=subtotal(Disbursement, "amount", outer="project", condition=STATE_SOURCE),
    )
    outcomes = _outcome_lines(year)
    items = []
    for number, project in enumerate(projects, start=1):
        money = ResultMoney(
            national=project.money_national,
            local=project.money_local,
            counterpart=project.money_counterpart,
            disbursed=project.state_disbursed,
        )
        row = ResultRow(**project_columns(number, project), money=money, outcomes=outcomes.get(project.pk, []))
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
        mobilised=selectors.sources_total(sources, gettext("Tổng vốn huy động")),
        contents=contents,
        communes=selectors.money_by_commune(year),
        districts=selectors.money_by_former_district(year),
        reach=selectors.establishments_reached(year),
        cancelled=selectors.cancelled_projects(year),
        carried=selectors.carried_over(year),
        groups=groups,
        total=sum((group.total for group in groups), ResultMoney()),
        source_chart=charts.source_chart(year, [row for row in sources if row.is_state_budget]),
        content_chart=charts.content_chart(year, contents),
    )
