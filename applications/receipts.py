"""The giấy tiếp nhận hồ sơ: the receipt an establishment downloads after submitting, as a PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Application


def receipt_pdf(*, application: Application) -> bytes:
    """Render the receipt of a submitted application (A4, WeasyPrint) and return the PDF bytes."""
    from weasyprint import HTML  # imported here: loading WeasyPrint is slow and only this view needs it

    submitted = timezone.localtime(application.submitted_at) if application.submitted_at else timezone.localtime()
    html = render_to_string(
        "applications/pdf/receipt.html",
        {
            "application": application,
            "establishment": application.establishment,
            "attachments": list(application.attachments.all()),
            "submitted": submitted,
            "today": submitted.date(),
            "PORTAL": settings.PORTAL,
            "result_rule": settings.APPLICATION_RESULT,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
