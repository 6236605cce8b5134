"""Phiếu thẩm định cấp cơ sở (TT 36/2013/TT-BCT, Mẫu 4a): one officer's scored appraisal of an application."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Appraisal
from core.templatetags.portal import person
from reports.documents.common import DocumentHeader
from reports.project_forms.common import Party, Signature, header, legal_bases


@dataclass(frozen=True)
class Criterion:
    number: int
    label: str
    score: int
    out_of: int
    comment: str


@dataclass(frozen=True)
class AppraisalForm:
    header: DocumentHeader
    bases: list[str]
    receipt_number: str
    title: str
    applicant: Party
    content: str
    eligible_cost: Decimal | None
    support_requested: Decimal | None
    counterpart_committed: Decimal | None
    start: datetime.date | None
    end: datetime.date | None
    criteria: list[Criterion]
    total_score: int
    max_score: int
    conclusion: str
    appraiser: str
    signatures: list[Signature]
    kind: str = "appraisal"


def appraisal_form(application: Application, appraisal: Appraisal) -> AppraisalForm:
    """The sheet of `appraisal` (its appraiser loaded) for `application` (establishment and content loaded)."""
    establishment = application.establishment
    appraiser = person(appraisal.appraiser)
    content = application.content
    frame = header(
        name="PHIẾU THẨM ĐỊNH ĐỀ ÁN KHUYẾN CÔNG",
        summary=f"Cấp cơ sở – hồ sơ {application.receipt_number}" if application.receipt_number else "Cấp cơ sở",
        symbol="PTĐ-SCT",
        date=timezone.localdate(appraisal.created_at),
        recipients=[],
    )
    return AppraisalForm(
        header=frame,
        bases=legal_bases(None, frame.date),
        receipt_number=application.receipt_number or "",
        title=application.title,
        applicant=Party(
            "Cơ sở đề nghị hỗ trợ",
            establishment.name,
            establishment.representative,
            [
                f"Mã số thuế: {establishment.tax_code_display}",
                f"Địa chỉ: {establishment.address or establishment.commune.name}",
            ],
        ),
        content=f"{content.code} – {content.name}" if content else "",
        eligible_cost=application.eligible_cost,
        support_requested=application.support_requested,
        counterpart_committed=application.counterpart_committed,
        start=application.planned_start,
        end=application.planned_end,
        criteria=[
            Criterion(number, label, score, Appraisal.MAX_POINT_SCORE, comment)
            for number, (label, score, comment) in enumerate(appraisal.scored_points(), start=1)
        ],
        total_score=appraisal.total_score,
        max_score=appraisal.max_score,
        conclusion=appraisal.conclusion,
        appraiser=appraiser,
        signatures=[Signature("NGƯỜI THẨM ĐỊNH", "", appraiser)],
    )
