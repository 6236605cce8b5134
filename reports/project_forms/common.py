"""What the four Circular 36/2013 forms share: the Decree 30/2020 frame, parties, signatures, money rows."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from programs.models import AnnualPlan, Project, ProjectStatus, ProjectStatusChange
from reports.documents.common import (
    DocumentHeader,
    authority_lines,
    blank_number,
    cited_day,
    decision_number_text,
)
from reports.models import LegalBasis

ZERO = Decimal(0)


@dataclass(frozen=True)
class Signature:
    """One signature block: the party's title (upper case, bold), the role under it, the name if known."""

    title: str
    role: str = ""
    name: str = ""


@dataclass(frozen=True)
class Party:
    """A party to the form: a unit, the person who speaks for it (dotted when unknown), where it is."""

    role: str  # "Đơn vị thực hiện", "Cơ sở thụ hưởng", …
    name: str
    representative: str = ""
    details: list[str] = field(default_factory=list)  # tax code, address…


@dataclass(frozen=True)
class MoneyRow:
    """A row of a money table: a label and its amounts in đồng, in the table's column order."""

    label: str
    amounts: tuple[Decimal, ...]
    total: bool = False


def header(
    *,
    name: str,
    summary: str,
    symbol: str,
    date: datetime.date,
    signer_authority: str = "",
    signer_name: str = "",
    recipients: list[str] | None = None,
    by_centre: bool = False,
) -> DocumentHeader:
    """The frame of a form issued by the Department or, `by_centre`, by its Centre (the implementing unit)."""
    portal = settings.PORTAL
    parent, agency = (portal["AGENCY"], portal["CENTRE"]) if by_centre else (portal["PARENT_AGENCY"], portal["AGENCY"])
    authority = signer_authority or portal["SIGNER_AUTHORITY"]
    return DocumentHeader(
        parent_agency=parent,
        agency=agency,
        number=blank_number(symbol),
        place=portal["PLACE"],
        date=date,
        name=name,
        summary=summary,
        signer_authority=authority_lines(authority),
        signer_name=signer_name,
        recipients=recipients if recipients is not None else ["Như trên;", "Lưu: VT, TTKC."],
    )


def legal_bases(plan: AnnualPlan | None, day: datetime.date) -> list[str]:
    """The instruments in force on `day` (the bases staff keep for the plan), then the plan's approval decision.

    A decision dated after `day` was not yet made when the form was: it is left out.
    """
    bases = [f"{basis.citation(day)};" for basis in LegalBasis.objects.in_force_on(day)]
    decided = plan is not None and plan.decision_number and (plan.decision_date is None or plan.decision_date <= day)
    if decided:
        assert plan is not None
        when = f" ngày {cited_day(plan.decision_date)}" if plan.decision_date else ""
        title = f"{plan.title[:1].lower()}{plan.title[1:]}"
        bases.append(f"Quyết định số {decision_number_text(plan.decision_number)}{when} phê duyệt {title};")
    return bases


def _last_change(project: Project, status: ProjectStatus) -> ProjectStatusChange | None:
    """The project's last step into `status`, from its loaded status changes (no query once prefetched)."""
    changes = [change for change in project.status_changes.all() if change.to_status == status]
    return max(changes, key=lambda change: (change.changed_at, change.pk), default=None)


def status_date(project: Project, status: ProjectStatus) -> datetime.date | None:
    """The day the project last reached `status`, or None."""
    change = _last_change(project, status)
    return timezone.localdate(change.changed_at) if change else None


def status_note(project: Project, status: ProjectStatus) -> str:
    """The note staff wrote when the project reached `status` (the decision or minutes it cites), or ""."""
    change = _last_change(project, status)
    return change.note if change else ""


def places(project: Project) -> str:
    """The project's communes, or the beneficiaries' communes when none is recorded."""
    names = [unit.name for unit in project.communes.all()]
    if not names:
        names = sorted({share.establishment.commune.name for share in project.shares.all()})
    return ", ".join(names)


def column_sums(rows: list[MoneyRow]) -> tuple[Decimal, ...]:
    """Each column's sum over `rows`."""
    width = len(rows[0].amounts) if rows else 0
    return tuple(sum((row.amounts[i] for row in rows), ZERO) for i in range(width))


def with_total(rows: list[MoneyRow]) -> list[MoneyRow]:
    """`rows` and a "Tổng cộng" row of their column sums (nothing when there are no rows)."""
    return [*rows, MoneyRow("Tổng cộng", column_sums(rows), total=True)] if rows else []


def money_rows(items: Sequence[tuple[str, bool, tuple[Decimal, ...]]], state_total: str) -> list[MoneyRow]:
    """(source name, is state budget, amounts) as rows: the state sources, their subtotal, the others, the total.

    Every column of the last row is the sum of the source rows above it, so the table adds up
    whatever the sources.
    """
    if not items:
        return []
    state = [MoneyRow(name, amounts) for name, is_state, amounts in items if is_state]
    other = [MoneyRow(name, amounts) for name, is_state, amounts in items if not is_state]
    subtotal = MoneyRow(state_total, column_sums(state), total=True)
    return [*state, subtotal, *other, MoneyRow("Tổng cộng", column_sums(state + other), total=True)]
