"""The annual plan and results reports as PDF: a Decree 30/2020 document laid out by WeasyPrint.

The figures arrive ready in a PlanDocument or ResultsDocument (reports.documents); this module only
picks the template and turns its HTML into PDF bytes, so the PDF shows the dashboard's numbers.
Layout is the slow step (about 6 ms per table row), which is why reports are built by the worker.
"""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string

from .models import ReportKind

TEMPLATES = {
    ReportKind.PLAN: "reports/pdf/plan.html",
    ReportKind.RESULTS: "reports/pdf/results.html",
}


def render_html(document) -> str:
    """The document's HTML, as WeasyPrint will lay it out (no query: the document is plain data)."""
    try:
        template = TEMPLATES[document.kind]
    except KeyError:
        raise ValueError(f"No PDF template for report kind {document.kind!r}") from None
    return render_to_string(
        template, {"document": document, "header": document.header, "narrative": document.narrative}
    )


def render_pdf(document, progress: Callable[[int], None] | None = None) -> bytes:
    """The PDF of a PlanDocument or ResultsDocument.

    `progress(percent)` is called after the HTML is rendered (50) and after the layout (90); the
    caller reports 100 once the file is stored.
    """
    # Imported here: WeasyPrint loads Pango and fontTools, which only the worker needs.
    from weasyprint import HTML

    report = progress or (lambda percent: None)
    html = render_html(document)
    report(50)
    layout = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    report(90)
    return layout.write_pdf()
