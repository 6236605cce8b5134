"""The annual plan and results reports as PDF: a Decree 30/2020 document laid out by WeasyPrint.

The figures arrive ready in a PlanDocument or ResultsDocument (reports.documents); this module only
lays them out, so the PDF shows the dashboard's numbers.

A report is the document itself (portrait, signed) followed by its project list as an appendix
(landscape). WeasyPrint keeps every laid-out page in memory until the PDF is written, so a year of a
thousand projects would take half a gigabyte at once: the appendix is laid out in parts of about
`PART_ROWS` projects, each written to PDF and freed before the next, and the parts are joined by
pypdf. Page numbers run on from part to part.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from reports.models import ReportKind

TEMPLATES = {
    ReportKind.PLAN: ("reports/pdf/plan.html", "reports/pdf/plan_appendix.html"),
    ReportKind.RESULTS: ("reports/pdf/results.html", "reports/pdf/results_appendix.html"),
}
# Projects per appendix part: a part ends at a content group where it can, so about 20-30 landscape
# pages are held at a time (tens of MiB), whatever the size of the year.
PART_ROWS = 80


@dataclass(frozen=True)
class PartGroup:
    """A content group, or the piece of one that falls in this part."""

    code: str
    name: str
    rows: list
    total: object  # the group's subtotal, printed on its first piece only
    continued: bool  # a piece after the first: its heading says "(tiếp theo)"


@dataclass(frozen=True)
class AppendixPart:
    groups: list[PartGroup]
    first: bool
    last: bool
    first_page: int = 1


def appendix_parts(groups, size: int | None = None) -> list[AppendixPart]:
    """Cut the content groups into parts of at most `size` projects, at group boundaries where possible.

    A group larger than `size` is split, its later pieces marked `continued`. A year without
    projects still has one (empty) part, which says so.
    """
    size = size or PART_ROWS
    parts: list[list[PartGroup]] = [[]]
    room = size
    for group in groups:
        rows, continued = list(group.rows), False
        if parts[-1] and room < len(rows) <= size:
            parts.append([])  # a group that fits in a part starts a fresh one rather than being split
            room = size
        while True:
            if room == 0:
                parts.append([])
                room = size
            piece, rows = rows[:room], rows[room:]
            parts[-1].append(PartGroup(group.code, group.name, piece, None if continued else group.total, continued))
            room -= len(piece)
            if not rows:
                break
            continued = True
    return [
        AppendixPart(groups=groups, first=index == 0, last=index == len(parts) - 1)
        for index, groups in enumerate(parts)
    ]


def _context(document, **extra) -> dict:
    return {"document": document, "header": document.header, "narrative": document.narrative, **extra}


def _templates(document) -> tuple[str, str]:
    try:
        return TEMPLATES[document.kind]
    except KeyError:
        raise ValueError(f"No PDF template for report kind {document.kind!r}") from None


def render_pdf(document, progress: Callable[[int], None] | None = None) -> bytes:
    """The PDF of a PlanDocument or ResultsDocument.

    `progress(percent)` is told how far the layout has got (35 after the document, 90 after the last
    appendix part); the caller reports 100
    once the file is stored.
    """
    # Imported here: WeasyPrint loads Pango and fontTools, which only the worker needs.
    from pypdf import PdfWriter
    from weasyprint import HTML

    report = progress or (lambda percent: None)
    body_template, appendix_template = _templates(document)
    base_url = str(settings.BASE_DIR)
    writer = PdfWriter()

    def add(html: str) -> int:
        layout = HTML(string=html, base_url=base_url).render()
        pages = len(layout.pages)
        writer.append(io.BytesIO(layout.write_pdf()))
        return pages  # the layout goes out of scope here, and its pages with it

    pages = add(render_to_string(body_template, _context(document)))
    report(35)
    parts = appendix_parts(document.groups)
    for index, part in enumerate(parts, start=1):
        numbered = AppendixPart(part.groups, part.first, part.last, first_page=pages + 1)
        pages += add(render_to_string(appendix_template, _context(document, part=numbered)))
        report(35 + 55 * index // len(parts))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
