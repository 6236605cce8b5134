"""Build a report file from its kind, year and format: the code the worker and `build_report` share."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from reports.documents import build_document
from reports.models import ReportFormat, report_filename


@dataclass(frozen=True)
class BuiltReport:
    content: bytes
    filename: str


def build_report(*, kind: str, year: int, fmt: str, progress: Callable[[int], None] | None = None) -> BuiltReport:
    """Gather the year's figures and render them; `progress(percent)` is told how far it has got.

    The report is an official document: it is written in the portal's language whatever the
    language of the person who asked.
    """
    progress = progress or (lambda percent: None)
    with translation.override(settings.LANGUAGE_CODE):
        document = build_document(kind, year)
        progress(30)
        if fmt == ReportFormat.PDF:
            from reports.pdf import render_pdf  # WeasyPrint loads slowly: only PDF builds pay for it

            content = render_pdf(document, progress=progress)
        else:
            from reports.xlsx import render_xlsx

            content = render_xlsx(document)
    progress(90)
    return BuiltReport(content=content, filename=report_filename(kind, year, fmt))
