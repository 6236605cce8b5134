"""The contents of the two annual reports, gathered once and handed to the PDF and XLSX renderers.

Every total comes from `reports.selectors` (the dashboard's own queries) or is summed in the
database here; the renderers only lay the figures out. A document is plain data: no queries run
after it is built.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from beneficiaries.models import AdministrativeUnit
from core.money import format_decimal
from programs.models import (
    ZERO,
    BudgetLine,
    Disbursement,
    FundingSource,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatus,
    SupportContent,
)
from programs.selectors import COMMITTED, STATE_SOURCE, subtotal
from reports import charts, selectors
from reports.models import ReportKind, ReportNarrative


@dataclass(frozen=True)
class DocumentHeader:
    """The Decree 30/2020 frame: agency, number, place and date, title, signer and recipients."""

    parent_agency: str
    agency: str
    number: str  # "15/KH-SCT", or "     /KH-SCT" left for the clerical office to fill in
    place: str
    date: datetime.date
    name: str  # "KẾ HOẠCH" / "BÁO CÁO"
    summary: str  # "Khuyến công năm 2026" / "Kết quả thực hiện công tác khuyến công năm 2025"
    signer_authority: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer_name: str
    recipients: list[str]


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


RowT = TypeVar("RowT", PlanRow, ResultRow)
MoneyT = TypeVar("MoneyT", PlanMoney, ResultMoney)


@dataclass(frozen=True)
class ContentGroup(Generic[RowT, MoneyT]):
    """The projects of one support content and their subtotal: plan rows and money, or result rows and money."""

    code: str
    name: str
    rows: list[RowT]
    total: MoneyT


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


def narrative_for(year: int) -> ReportNarrative:
    """The year's narrative, or an empty unsaved one (one query)."""
    return ReportNarrative.objects.filter(year=year).first() or ReportNarrative(year=year)


def _header(kind: str, year: int, narrative: ReportNarrative, today: datetime.date) -> DocumentHeader:
    portal = settings.PORTAL
    issue = narrative.issue(kind)
    if kind == ReportKind.PLAN:
        symbol = "KH"
        name, summary = "KẾ HOẠCH", f"Khuyến công năm {year}"
    else:
        symbol = "BC"
        name, summary = "BÁO CÁO", f"Kết quả thực hiện công tác khuyến công năm {year}"
    authority = issue.signer_authority or portal["SIGNER_AUTHORITY"]
    return DocumentHeader(
        parent_agency=portal["PARENT_AGENCY"],
        agency=portal["AGENCY"],
        number=issue.number or f"{' ' * 6}/{symbol}-{portal['AGENCY_SYMBOL']}",
        place=portal["PLACE"],
        date=issue.date or today,
        name=name,
        summary=summary,
        signer_authority=[part.strip() for part in authority.split("/") if part.strip()],
        signer_name=issue.signer_name or portal["SIGNER_NAME"],
        recipients=list(issue.recipients or portal["RECIPIENTS"]),
    )


def _year_projects(year: int) -> QuerySet[Project]:
    """The year's live projects with content, places and beneficiaries (three queries when listed)."""
    return (
        Project.objects.filter(plan__year=year)
        .exclude(status=ProjectStatus.CANCELLED)
        .select_related("content")
        .prefetch_related(
            Prefetch("communes", queryset=AdministrativeUnit.objects.only("code", "name")),
            Prefetch(
                "shares",
                queryset=ProjectBeneficiary.objects.select_related("establishment").only(
                    "id", "project_id", "eligibility_exception_reason", "establishment__id", "establishment__name"
                ),
            ),
        )
        .order_by("content__order", "content__code", "code")
    )


def _group(items: Iterable[tuple[SupportContent, RowT, MoneyT]], zero: MoneyT) -> list[ContentGroup[RowT, MoneyT]]:
    """(content, row, money) items, already in content order, as groups with their subtotal."""
    groups: list[tuple[SupportContent, list[RowT], list[MoneyT]]] = []
    for content, row, money in items:
        if not groups or groups[-1][0].pk != content.pk:
            groups.append((content, [], []))
        groups[-1][1].append(row)
        groups[-1][2].append(money)
    return [
        ContentGroup(code=content.code, name=content.name, rows=rows, total=sum(monies, zero))
        for content, rows, monies in groups
    ]


def _beneficiary(share: ProjectBeneficiary) -> str:
    """The beneficiary's name, and the exception recorded when it is outside the content's beneficiaries."""
    if not share.eligibility_exception_reason:
        return share.establishment.name
    return gettext("%(name)s (ngoại lệ về đối tượng: %(reason)s)") % {
        "name": share.establishment.name,
        "reason": share.eligibility_exception_reason,
    }


def _planned_from(kind: str) -> Coalesce:
    """A project's planned money from the sources of one kind (a subquery)."""
    return subtotal(BudgetLine, "planned", outer="project", condition=Q(source__kind=kind))


def plan_document(year: int, *, today: datetime.date | None = None) -> PlanDocument:
    """Kế hoạch khuyến công năm N: narrative, projects by content, totals by source and content."""
    narrative = narrative_for(year)
    projects = _year_projects(year).annotate(
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
            beneficiaries="; ".join(_beneficiary(share) for share in project.shares.all()),
            place="; ".join(commune.name for commune in project.communes.all()),
            start_date=project.start_date,
            end_date=project.end_date,
            status=project.get_status_display(),
            money=money,
            expected_results=project.expected_results,
        )
        items.append((project.content, row, money))
    groups = _group(items, PlanMoney())
    sources = selectors.money_by_source(year)
    return PlanDocument(
        year=year,
        header=_header(ReportKind.PLAN, year, narrative, today or timezone.localdate()),
        narrative=narrative,
        groups=groups,
        total=sum((group.total for group in groups), PlanMoney()),
        sources=sources,
        state_total=selectors.state_total(sources),
        contents=selectors.money_by_content(year),
    )


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
    projects = _year_projects(year).annotate(
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
    groups = _group(items, ResultMoney())
    sources = selectors.money_by_source(year)
    contents = selectors.money_by_content(year)
    return ResultsDocument(
        year=year,
        header=_header(ReportKind.RESULTS, year, narrative, today or timezone.localdate()),
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


def build_document(kind: str, year: int, *, today: datetime.date | None = None) -> PlanDocument | ResultsDocument:
    """The document of `kind` (ReportKind) for `year`."""
    builder = plan_document if kind == ReportKind.PLAN else results_document
    return builder(year, today=today)
