"""The one function that moves an application along its path and records the step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, ApplicationStatusChange

# Steps that need a reason the establishment will read.
NEEDS_REASON = (ApplicationStatus.NEEDS_CORRECTION, ApplicationStatus.REFUSED)


@transaction.atomic
def application_transition(*, application: Application, to_status: str, by=None, reason: str = "") -> Application:
    """Move `application` to `to_status` if its path allows it, and record who, when and why.

    Locks the row, so two officers acting at once cannot both move it. The caller
    checks what the step itself requires (completeness on submission, a project on
    conversion) and sends the notices.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_status not in application.allowed_transitions():
        raise ValidationError(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {"from": application.get_status_display(), "to": ApplicationStatus(to_status).label},
            code="transition_not_allowed",
        )
    reason = (reason or "").strip()
    if to_status in NEEDS_REASON and not reason:
        raise ValidationError(_("Hãy ghi rõ lý do để cơ sở biết cần làm gì."), code="reason_required")
    ApplicationStatusChange.objects.create(
        application=application, from_status=application.status, to_status=to_status, changed_by=by, reason=reason
    )
    now = timezone.now()
    application.status = to_status
    fields = ["status", "updated_at"]
    if to_status == ApplicationStatus.SUBMITTED and application.submitted_at is None:
        application.submitted_at = now
        fields.append("submitted_at")
    if to_status in (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED):
        application.decided_at, application.decision_reason = now, reason
        fields += ["decided_at", "decision_reason"]
    application.save(update_fields=fields)
    return application
