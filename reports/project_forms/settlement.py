"""Biểu chi tiết quyết toán kinh phí (TT 36/2013/TT-BCT, Mẫu 7): a project's money by source, and its payments."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from core.dates import vn_date
from programs.models import DisbursementKind, Project, ProjectStatus
from reports.documents.common import DocumentHeader
from reports.project_forms.common import ZERO, MoneyRow, Signature, header, money_rows, status_date


@dataclass(frozen=True)
class Payment:
    date: datetime.date
    kind: str
    source: str
    voucher: str
    amount: Decimal


@dataclass(frozen=True)
class SettlementForm:
    header: DocumentHeader
    code: str
    title: str
    implementing_unit: str
    decision: str  # the plan's approval decision
    start: datetime.date
    end: datetime.date
    # Per source: approved, advanced, paid (final), disbursed (advanced + paid), remaining (approved − disbursed).
    sources: list[MoneyRow]
    payments: list[Payment]
    payments_total: Decimal
    settled: bool
    signatures: list[Signature]
    kind: str = "settlement"


def settlement_form(project: Project) -> SettlementForm:
    """From a project loaded with `Project.objects.for_staff_detail()` (no further query).

    Each source's advances and final payments are added from its disbursements, so a row's
    "disbursed" equals its budget line's `disbursed` and every column's total is the sum of its rows.
    """
    disbursements = list(project.disbursements.all())
    items = []
    for line in project.budget_lines.all():
        paid = [d for d in disbursements if d.source_id == line.source_id]
        advanced = sum((d.amount for d in paid if d.kind == DisbursementKind.ADVANCE), ZERO)
        final = sum((d.amount for d in paid if d.kind == DisbursementKind.FINAL), ZERO)
        disbursed = advanced + final
        items.append(
            (
                line.source.name,
                line.source.is_state_budget,
                (line.approved, advanced, final, disbursed, line.approved - disbursed),
            )
        )
    plan = project.plan
    decision = ""
    if plan.decision_number:
        decision = plan.decision_number + (f" ngày {vn_date(plan.decision_date)}" if plan.decision_date else "")
    payments = [Payment(d.date, d.get_kind_display(), d.source.name, d.voucher_number, d.amount) for d in disbursements]
    settled_on = status_date(project, ProjectStatus.SETTLED)
    return SettlementForm(
        header=header(
            name="BIỂU CHI TIẾT QUYẾT TOÁN KINH PHÍ",
            summary=f"Đề án {project.code}: {project.title}",
            symbol="QT-TTKC",
            date=settled_on or timezone.localdate(),
            by_centre=True,
            recipients=[],
        ),
        code=project.code,
        title=project.title,
        implementing_unit=project.implementing_unit,
        decision=decision,
        start=project.start_date,
        end=project.end_date,
        sources=money_rows(items, "Cộng ngân sách nhà nước"),
        payments=payments,
        payments_total=sum((payment.amount for payment in payments), ZERO),
        settled=project.status == ProjectStatus.SETTLED,
        signatures=[
            Signature("NGƯỜI LẬP BIỂU"),
            Signature("KẾ TOÁN"),
            Signature("THỦ TRƯỞNG ĐƠN VỊ", project.implementing_unit),
        ],
    )
