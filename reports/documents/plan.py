"""Kế hoạch khuyến công năm N: the annual plan's contents.

In the usual order of a provincial plan: the legal bases and the approval decisions it rests on;
purpose; the previous year and this one; goals and planned indicators; contents and projects (by
status: a proposed project is not yet one the plan carries out); money by source and by content; who
does what.
"""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.models import (
    ZERO,
    AnnualPlan,
    BudgetLine,
    FundingSource,
    Project,
    ProjectStatus,
)
from programs.selectors import subtotal
from reports import selectors
from reports.documents.common import (
    ContentGroup,
    DocumentHeader,
    cited_day,
    decision_number_text,
    document_header,
    group_by_content,
    narrative_for,
    project_columns,
    year_projects,
)
from reports.models import LegalBasis, ReportKind, ReportNarrative

# How the plan counts its projects by stage, in lifecycle order ("12 đề án đã phê duyệt").
STATUS_PHRASES = {
    ProjectStatus.PROPOSED: _("đang đề xuất"),
    ProjectStatus.APPRAISED: _("đã thẩm định"),
    ProjectStatus.APPROVED: _("đã phê duyệt"),
    ProjectStatus.IN_PROGRESS: _("đang thực hiện"),
    ProjectStatus.ACCEPTED: _("đã nghiệm thu"),
    ProjectStatus.SETTLED: _("đã quyết toán"),
}
# The one label of the beneficiaries' own money throughout the plan (the catalogue says "… của cơ sở").
COUNTERPART_LABEL = _("Vốn đối ứng")


def default_organisation() -> str:
    """The "Tổ chức thực hiện" printed when staff have not written their own, and offered as a start.

    Who does what under Decree 45/2012 as amended (DOMAIN.md §1.4): the Centre carries the projects
    out, the Department directs and reports, communes take part, beneficiaries do their share.
    """
    portal = settings.PORTAL
    names = {"centre": portal["CENTRE"], "agency": portal["AGENCY"].title()}
    paragraphs = [
        _(
            "1. %(centre)s là đơn vị đầu mối tổ chức thực hiện Kế hoạch: hướng dẫn các cơ sở lập hồ sơ đề án; "
            "chủ trì triển khai các đề án được giao; theo dõi tiến độ, tổ chức nghiệm thu, thanh toán, quyết toán "
            "kinh phí; định kỳ hằng quý và cuối năm tổng hợp kết quả, báo cáo %(agency)s."
        ),
        _(
            "2. %(agency)s chỉ đạo, kiểm tra việc thực hiện Kế hoạch; tổ chức thẩm định đề án, trình cấp có thẩm "
            "quyền phê duyệt; phối hợp với cơ quan tài chính bố trí kinh phí; báo cáo kết quả thực hiện với Ủy ban "
            "nhân dân thành phố và Bộ Công Thương theo quy định."
        ),
        _(
            "3. Ủy ban nhân dân các xã, phường phối hợp khảo sát nhu cầu, giới thiệu cơ sở công nghiệp nông thôn "
            "tham gia đề án; xác nhận hồ sơ của cơ sở trên địa bàn; phối hợp theo dõi, kiểm tra, nghiệm thu đề án "
            "và tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp xã."
        ),
        _(
            "4. Các cơ sở, đơn vị thụ hưởng bố trí đủ vốn đối ứng; thực hiện đúng nội dung, tiến độ đề án đã phê "
            "duyệt; sử dụng máy móc, thiết bị được hỗ trợ đúng mục đích; cung cấp hồ sơ, chứng từ và báo cáo kết "
            "quả để nghiệm thu, quyết toán."
        ),
        _(
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về %(agency)s (qua "
            "%(centre)s) để tổng hợp, báo cáo cấp có thẩm quyền xem xét, giải quyết."
        ),
    ]
    return "\n\n".join(str(paragraph) % names for paragraph in paragraphs)


@dataclass(frozen=True)
class PlanMoney:
    """Planned money of a project or a group: total cost and its parts by kind of source."""

    total: Decimal = ZERO
    national: Decimal = ZERO
    local: Decimal = ZERO
    counterpart: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def support(self) -> Decimal:
        """What the project is given (state and other sources): all but the beneficiary's own money."""
        return self.total - self.counterpart

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
class Approval:
    """One level's plan for the year and the decision that approved it, if one is recorded by the plan's date."""

    level: str  # "quốc gia", "địa phương"
    year: int
    decision_number: str  # "236/QĐ-UBND"; empty when there is no decision yet
    decision_date: datetime.date | None
    status: str  # "Đã trình": why there is no decision

    @property
    def decision_day(self) -> str:
        return cited_day(self.decision_date) if self.decision_date else ""


@dataclass(frozen=True)
class StatusCount:
    status: str  # ProjectStatus
    phrase: str  # "đã phê duyệt"
    count: int


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
    bases: list[str]  # "Nghị định số 45/2012/NĐ-CP …, được sửa đổi, bổ sung bởi …"
    approvals: list[Approval]
    statuses: list[StatusCount]  # the live projects by stage, in lifecycle order
    cancelled: int  # projects of the year cancelled, left out of every figure
    indicators: list[selectors.IndicatorResult]  # those with a planned quantity
    counterpart: selectors.SourceMoney | None  # the counterpart sources together, after the state subtotal
    other_sources: list[selectors.SourceMoney]  # money neither state nor counterpart
    sources_total: selectors.SourceMoney  # every source: state, counterpart, other
    organisation: str  # the staff's text, or the default division of tasks

    @property
    def state_sources(self) -> list[selectors.SourceMoney]:
        return [row for row in self.sources if row.is_state_budget]

    @property
    def status_summary(self) -> str:
        """ "trong đó 12 đề án đã phê duyệt, 8 đề án đang đề xuất": no count of projects without its stage."""
        parts = [
            gettext("%(count)s đề án %(phrase)s") % {"count": row.count, "phrase": row.phrase} for row in self.statuses
        ]
        return gettext("trong đó %(parts)s") % {"parts": ", ".join(parts)}

    @property
    def all_approved(self) -> bool:
        """Every live project is approved or further on: the plan carries them all out."""
        return all(row.status in Project.FUNDED for row in self.statuses)

    @property
    def content_total(self) -> selectors.ContentMoney:
        return selectors.content_total(self.contents)

    @property
    def project_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def _planned_from(kind: str) -> Coalesce:
    """A project's planned money from the sources of one kind (a subquery)."""
    return subtotal(BudgetLine, "planned", outer="project", condition=Q(source__kind=kind))


def _approvals(year: int, day: datetime.date) -> list[Approval]:
    """The year's plans by level and their approval decisions as known on `day` (one query)."""
    approvals = []
    for plan in AnnualPlan.objects.filter(year=year).order_by("level"):
        decided = bool(plan.decision_number) and plan.decision_date is not None and plan.decision_date <= day
        approvals.append(
            Approval(
                level=plan.get_level_display().lower(),
                year=year,
                decision_number=decision_number_text(plan.decision_number) if decided else "",
                decision_date=plan.decision_date if decided else None,
                # A decision dated after the plan is not yet known on the plan's date: no status then.
                status="" if plan.decision_date and plan.decision_date > day else plan.get_status_display(),
            )
        )
    return approvals


def _statuses(projects: Sequence[Project]) -> list[StatusCount]:
    counts = Counter(project.status for project in projects)
    return [
        StatusCount(status, str(phrase), counts[status]) for status, phrase in STATUS_PHRASES.items() if counts[status]
    ]


def _sources(
    sources: list[selectors.SourceMoney],
) -> tuple[selectors.SourceMoney | None, list[selectors.SourceMoney], selectors.SourceMoney]:
    """The counterpart rows as one "Vốn đối ứng" row, the other non-state rows, and the total of all (one query)."""
    counterpart_codes = set(
        FundingSource.objects.filter(kind=FundingSource.Kind.COUNTERPART).values_list("code", flat=True)
    )
    counterpart_rows = [row for row in sources if row.code in counterpart_codes]
    other = [row for row in sources if not row.is_state_budget and row.code not in counterpart_codes]
    counterpart = _added(counterpart_rows, str(COUNTERPART_LABEL)) if counterpart_rows else None
    return counterpart, other, _added(sources, gettext("Tổng cộng"))


def _added(rows: list[selectors.SourceMoney], name: str) -> selectors.SourceMoney:
    def total(field: str) -> Decimal:
        return sum((getattr(row, field) for row in rows), ZERO)

    return selectors.SourceMoney(
        code="",
        name=name,
        is_state_budget=False,
        assigned=total("assigned"),
        planned=total("planned"),
        approved=total("approved"),
        disbursed=total("disbursed"),
    )


def plan_document(year: int, *, today: datetime.date | None = None) -> PlanDocument:
    """Kế hoạch khuyến công năm N: narrative, projects by content, totals by source and content."""
    narrative = narrative_for(year)
    annotated = year_projects(year).annotate(
        money_total=subtotal(BudgetLine, "planned", outer="project"),
        money_national=_planned_from(FundingSource.Kind.NATIONAL),
        money_local=_planned_from(FundingSource.Kind.LOCAL),
        money_counterpart=_planned_from(FundingSource.Kind.COUNTERPART),
        money_other=_planned_from(FundingSource.Kind.OTHER),
    )
    items = []
    projects = list(annotated)
    for number, project in enumerate(projects, start=1):
        money = PlanMoney(
            total=project.money_total,
            national=project.money_national,
            local=project.money_local,
            counterpart=project.money_counterpart,
            other=project.money_other,
        )
        row = PlanRow(
            **project_columns(number, project),
            start_date=project.start_date,
            end_date=project.end_date,
            money=money,
            expected_results=project.expected_results,
        )
        items.append((project.content, row, money))
    groups = group_by_content(items, PlanMoney())
    sources = selectors.money_by_source(year)
    header = document_header(ReportKind.PLAN, year, narrative, today or timezone.localdate())
    counterpart, other_sources, sources_total = _sources(sources)
    return PlanDocument(
        year=year,
        header=header,
        narrative=narrative,
        groups=groups,
        total=sum((group.total for group in groups), PlanMoney()),
        sources=sources,
        state_total=selectors.state_total(sources),
        contents=selectors.money_by_content(year),
        bases=[basis.citation(header.date) for basis in LegalBasis.objects.in_force_on(header.date)],
        approvals=_approvals(year, header.date),
        statuses=_statuses(projects),
        cancelled=Project.objects.filter(plan__year=year, status=ProjectStatus.CANCELLED).count(),
        indicators=[row for row in selectors.indicators(year) if row.planned],
        counterpart=counterpart,
        other_sources=other_sources,
        sources_total=sources_total,
        organisation=narrative.organisation or default_organisation(),
    )
