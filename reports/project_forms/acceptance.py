"""Biên bản nghiệm thu cơ sở (TT 36/2013/TT-BCT, Mẫu 5a/5b): what a project did against its plan, and its money."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from programs.models import Project, ProjectStatus
from reports.documents.common import DocumentHeader
from reports.project_forms.common import (
    MoneyRow,
    Party,
    Signature,
    header,
    legal_bases,
    money_rows,
    places,
    status_date,
    status_note,
)
from reports.project_forms.proposal import OutcomeRow

# The statuses in which the acceptance has taken place: its conclusion can be printed.
ACCEPTED = (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)


@dataclass(frozen=True)
class AcceptanceForm:
    header: DocumentHeader
    code: str
    title: str
    bases: list[str]
    location: str
    held_on: datetime.date | None  # the day staff recorded the acceptance; dotted until then
    parties: list[Party]  # the managing agency and the implementing unit
    beneficiaries: list[Party]
    beneficiaries_sign_list: bool  # several beneficiaries sign the list of section I
    start: datetime.date
    end: datetime.date
    outcomes: list[OutcomeRow]
    all_reached: bool  # every indicator achieved at least as planned
    money: list[MoneyRow]  # approved, disbursed, remaining
    accepted: bool
    record_note: str  # what staff noted when they recorded the acceptance (minutes' number…)
    signatures: list[Signature]
    kind: str = "acceptance"


def acceptance_form(project: Project) -> AcceptanceForm:
    """From a project loaded with `Project.objects.for_staff_detail()` (no further query)."""
    portal = settings.PORTAL
    held_on = status_date(project, ProjectStatus.ACCEPTED)
    shares = list(project.shares.all())
    outcomes = [
        OutcomeRow(outcome.indicator.name, outcome.indicator.unit, outcome.planned, outcome.achieved)
        for outcome in project.outcomes.all()
    ]
    parties = [
        Party("Đại diện cơ quan quản lý", f"{portal['AGENCY'].title()} {portal['PLACE']}"),
        Party("Đại diện đơn vị thực hiện", project.implementing_unit),
    ]
    beneficiaries = [
        Party(
            "Cơ sở thụ hưởng",
            share.establishment.name,
            share.establishment.representative,
            [share.establishment.address or share.establishment.commune.name],
        )
        for share in shares
    ]
    signatures = [
        Signature("ĐẠI DIỆN CƠ QUAN QUẢN LÝ", portal["AGENCY"].title()),
        Signature("ĐẠI DIỆN ĐƠN VỊ THỰC HIỆN", project.implementing_unit),
    ]
    # One beneficiary signs beside the others (Mẫu 5a); several sign the list in section I (Mẫu 5b).
    if len(beneficiaries) == 1:
        signatures.append(Signature("ĐẠI DIỆN CƠ SỞ THỤ HƯỞNG", beneficiaries[0].name, beneficiaries[0].representative))
    frame = header(
        name="BIÊN BẢN NGHIỆM THU CƠ SỞ",
        summary=f"Đề án {project.code}: {project.title}",
        symbol="BB-NT",
        date=held_on or timezone.localdate(),
        recipients=[],
    )
    return AcceptanceForm(
        header=frame,
        code=project.code,
        title=project.title,
        bases=legal_bases(project.plan, frame.date),
        location=places(project),
        held_on=held_on,
        parties=parties,
        beneficiaries=beneficiaries,
        beneficiaries_sign_list=len(beneficiaries) > 1,
        start=project.start_date,
        end=project.end_date,
        outcomes=outcomes,
        all_reached=bool(outcomes)
        and all(row.achieved is not None and row.achieved >= row.planned for row in outcomes),
        money=money_rows(
            [
                (line.source.name, line.source.is_state_budget, (line.approved, line.disbursed, line.remaining))
                for line in project.budget_lines.all()
            ],
            "Cộng ngân sách nhà nước",
        ),
        accepted=project.status in ACCEPTED,
        record_note=status_note(project, ProjectStatus.ACCEPTED),
        signatures=signatures,
    )
