"""What both annual documents share: the Decree 30/2020 frame, the year's projects, grouping by content."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypedDict, TypeVar

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from beneficiaries.models import AdministrativeUnit
from programs.models import (
    Project,
    ProjectBeneficiary,
    ProjectStatus,
    SupportContent,
)
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


class SupportsAdd(Protocol):
    def __add__(self, other: Any, /) -> Any: ...


RowT = TypeVar("RowT")  # a PlanRow or a ResultRow
MoneyT = TypeVar("MoneyT", bound=SupportsAdd)  # a PlanMoney or a ResultMoney: anything that adds up


@dataclass(frozen=True)
class ContentGroup(Generic[RowT, MoneyT]):
    """The projects of one support content and their subtotal: plan rows and money, or result rows and money."""

    code: str
    name: str
    rows: list[RowT]
    total: MoneyT


def narrative_for(year: int) -> ReportNarrative:
    """The year's narrative, or an empty unsaved one (one query)."""
    return ReportNarrative.objects.filter(year=year).first() or ReportNarrative(year=year)


def authority_lines(text: str) -> list[str]:
    """ "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" as the lines of the signature block."""
    return [part.strip() for part in text.split("/") if part.strip()]


def blank_number(symbol: str) -> str:
    """ "      /KH-SCT": the number a document is given by the clerical office, the space left for it."""
    return f"{' ' * 6}/{symbol}"


def document_header(kind: str, year: int, narrative: ReportNarrative, today: datetime.date) -> DocumentHeader:
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
        number=issue.number or blank_number(f"{symbol}-{portal['AGENCY_SYMBOL']}"),
        place=portal["PLACE"],
        date=issue.date or today,
        name=name,
        summary=summary,
        signer_authority=authority_lines(authority),
        signer_name=issue.signer_name or portal["SIGNER_NAME"],
        recipients=list(issue.recipients or portal["RECIPIENTS"]),
    )


def year_projects(year: int) -> QuerySet[Project]:
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


def group_by_content(
    items: Iterable[tuple[SupportContent, RowT, MoneyT]], zero: MoneyT
) -> list[ContentGroup[RowT, MoneyT]]:
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


def beneficiary_label(share: ProjectBeneficiary) -> str:
    """The beneficiary's name, and the exception recorded when it is outside the content's beneficiaries."""
    if not share.eligibility_exception_reason:
        return share.establishment.name
    return gettext("%(name)s (ngoại lệ về đối tượng: %(reason)s)") % {
        "name": share.establishment.name,
        "reason": share.eligibility_exception_reason,
    }


class ProjectColumns(TypedDict):
    """The columns every appendix row starts with, whichever document lists the project."""

    number: int
    code: str
    title: str
    content_code: str
    implementing_unit: str
    beneficiaries: str
    place: str
    status: str


def project_columns(number: int, project: Project) -> ProjectColumns:
    """A project of `year_projects` as those columns (no query: places and beneficiaries are prefetched)."""
    return ProjectColumns(
        number=number,
        code=project.code,
        title=project.title,
        content_code=project.content.code,
        implementing_unit=project.implementing_unit,
        beneficiaries="; ".join(beneficiary_label(share) for share in project.shares.all()),
        place="; ".join(commune.name for commune in project.communes.all()),
        status=project.get_status_display(),
    )


def decision_number_text(text: str) -> str:
    """ "QĐ 236/QĐ-UBND" or "Quyết định số 236/QĐ-UBND" as "236/QĐ-UBND": the sentence says "Quyết định số"."""
    return re.sub(r"^\s*(quyết định|qđ)?\s*(số)?[\s:.]*", "", text, flags=re.IGNORECASE).strip()


def cited_day(day: datetime.date) -> str:
    """ "10/3/2026": a date inside a citation, as the legal bases write theirs."""
    return f"{day.day}/{day.month}/{day.year}"
