"""Đề cương đề án khuyến công (TT 36/2013/TT-BCT Art. 9): its eight contents, from a project or an application."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from applications.models import Application
from beneficiaries.models import Establishment
from programs.models import FundingSource, Project
from reports.documents.common import DocumentHeader
from reports.project_forms.common import (
    ZERO,
    MoneyRow,
    Party,
    Signature,
    header,
    legal_bases,
    money_rows,
    places,
    with_total,
)

STATE_TOTAL = "Cộng ngân sách nhà nước"


@dataclass(frozen=True)
class OutcomeRow:
    """A planned result of the project, and what was achieved once known."""

    name: str
    unit: str
    planned: Decimal
    achieved: Decimal | None = None


@dataclass(frozen=True)
class ProposalForm:
    """The proposal's eight contents; an empty text is left dotted for the officer to write by hand."""

    header: DocumentHeader
    reference_label: str  # "Mã đề án" or "Số tiếp nhận hồ sơ"
    reference: str  # the project's code or the application's receipt number
    title: str
    bases: list[str]
    implementing_unit: str
    beneficiaries: list[Party]
    location: str
    need: str
    objectives: str
    content: str
    eligible_cost: Decimal | None
    outcomes: list[OutcomeRow]
    start: datetime.date | None
    end: datetime.date | None
    budget: list[MoneyRow]  # one column: the amount asked for
    shares: list[MoneyRow]  # two columns: eligible cost, support
    expected_results: str
    signatures: list[Signature]
    kind: str = "proposal"


def _party(establishment: Establishment) -> Party:
    details = [f"Mã số thuế: {establishment.tax_code_display}"]
    details.append(f"Địa chỉ: {establishment.address or establishment.commune.name}")
    return Party("Cơ sở thụ hưởng", establishment.name, establishment.representative, details)


def _frame(title: str, day: datetime.date, unit: str) -> tuple[DocumentHeader, list[Signature]]:
    frame = header(
        name="ĐỀ CƯƠNG ĐỀ ÁN KHUYẾN CÔNG", summary=title, symbol="ĐA-TTKC", date=day, by_centre=True, recipients=[]
    )
    return frame, [Signature("ĐƠN VỊ THỰC HIỆN ĐỀ ÁN", unit, "")]


def proposal_of_project(project: Project) -> ProposalForm:
    """From a project loaded with `Project.objects.for_staff_detail()` (one query more: the legal bases)."""
    application = getattr(project, "application", None)
    shares = list(project.shares.all())
    lines = list(project.budget_lines.all())
    frame, signatures = _frame(project.title, timezone.localdate(project.created_at), project.implementing_unit)
    return ProposalForm(
        header=frame,
        reference_label="Mã đề án",
        reference=project.code,
        title=project.title,
        bases=legal_bases(project.plan, frame.date),
        implementing_unit=project.implementing_unit,
        beneficiaries=[_party(share.establishment) for share in shares],
        location=places(project),
        need=application.need if application else "",
        objectives=project.objectives,
        content=f"{project.content.code} – {project.content.name}",
        eligible_cost=sum((share.eligible_cost for share in shares), ZERO) if shares else None,
        outcomes=[
            OutcomeRow(outcome.indicator.name, outcome.indicator.unit, outcome.planned)
            for outcome in project.outcomes.all()
        ],
        start=project.start_date,
        end=project.end_date,
        budget=money_rows(
            [(line.source.name, line.source.is_state_budget, (line.planned,)) for line in lines], STATE_TOTAL
        ),
        shares=with_total(
            [MoneyRow(share.establishment.name, (share.eligible_cost, share.support_amount)) for share in shares]
        ),
        expected_results=project.expected_results,
        signatures=signatures,
    )


def proposal_of_application(application: Application) -> ProposalForm:
    """From an application not yet made a project: what the establishment asked for (two queries)."""
    counterpart = FundingSource.objects.filter(kind=FundingSource.Kind.COUNTERPART).order_by("order").first()
    establishment = application.establishment
    support = application.support_requested or ZERO
    committed = application.counterpart_committed or ZERO
    unit = settings.PORTAL["CENTRE"]
    day = timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()
    frame, signatures = _frame(application.title, day, unit)
    content = application.content
    return ProposalForm(
        header=frame,
        reference_label="Số tiếp nhận hồ sơ",
        reference=application.receipt_number or "",
        title=application.title,
        bases=legal_bases(None, frame.date),
        implementing_unit=unit,
        beneficiaries=[_party(establishment)],
        location=establishment.commune.name,
        need=application.need,
        objectives="",
        content=f"{content.code} – {content.name}" if content else "",
        eligible_cost=application.eligible_cost,
        outcomes=[],
        start=application.planned_start,
        end=application.planned_end,
        budget=money_rows(
            [
                ("Kinh phí khuyến công đề nghị hỗ trợ", True, (support,)),
                (counterpart.name if counterpart else "Vốn đối ứng của cơ sở", False, (committed,)),
            ],
            STATE_TOTAL,
        ),
        shares=with_total([MoneyRow(establishment.name, (application.eligible_cost or ZERO, support))]),
        expected_results=application.expected_results,
        signatures=signatures,
    )
