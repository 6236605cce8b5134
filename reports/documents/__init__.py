"""The contents of the two annual reports, gathered once and handed to the PDF and XLSX renderers.

Every total comes from `reports.selectors` (the dashboard's own queries) or is summed in the
database here; the renderers only lay the figures out. A document is plain data: no queries run
after it is built.
"""

import datetime

from reports.documents.common import ContentGroup, DocumentHeader, narrative_for
from reports.documents.plan import PlanDocument, plan_document
from reports.documents.results import ResultsDocument, results_document
from reports.models import ReportKind

__all__ = [
    "ContentGroup",
    "DocumentHeader",
    "PlanDocument",
    "ResultsDocument",
    "build_document",
    "narrative_for",
    "plan_document",
    "results_document",
]


def build_document(kind: str, year: int, *, today: datetime.date | None = None) -> PlanDocument | ResultsDocument:
    """The document of `kind` (ReportKind) for `year`."""
    builder = plan_document if kind == ReportKind.PLAN else results_document
    return builder(year, today=today)
