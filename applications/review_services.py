"""Staff review of applications: take, appraise, ask for a correction, decide, turn into a project.

Every service runs in one transaction, moves the application only through
`application_transition` (which records the step) and tells the establishment's
verified users what happened: an in-app notice and an e-mail sent after the commit.
Refusals are `ValidationError`s with Vietnamese messages; nothing is saved then.
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Field
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationAttachment, ApplicationMessage, ApplicationStatus, Appraisal
from applications.services import (
    application_repeat_support,
    attachment_add,
    establishment_users,
    receipt_number_assign,
    rule_problems,
)
from applications.uploads import check_upload
from applications.workflow import application_transition
from beneficiaries.models import Establishment
from beneficiaries.notifications import notify
from core.history import record_next_change
from programs.models import ZERO, AnnualPlan, FundingSource, PlanLevel, PriorityGround, Project
from programs.repeat_support import repeat_refusal
from programs.services import ShareInput, project_save

# The state source that pays for a project, by the level of its plan.
STATE_SOURCE_BY_LEVEL = {PlanLevel.NATIONAL: "KCQG", PlanLevel.LOCAL: "KCDP"}
COUNTERPART_SOURCE = "DOIUNG"


def _applicant_url(application: Application) -> str:
    """The establishment's own page of the application, once the /apply/ pages exist."""
    try:
        return reverse("apply:detail", kwargs={"uuid": application.uuid})
    except NoReverseMatch:
        return ""


def _tell_establishment(application: Application, message: str, details: str = "") -> None:
    name = application.receipt_number or application.title or _("hồ sơ của cơ sở")
    subject = _("[Khuyến công] Hồ sơ %(name)s: %(status)s") % {
        "name": name,
        "status": application.get_status_display(),
    }
    body = "\n\n".join(part for part in (message, details) if part)
    url = _applicant_url(application)
    if url:
        body += "\n\n" + _("Xem hồ sơ: %(url)s") % {"url": url}
    notify(
        users=establishment_users(application.establishment),
        message=message,
        url=url,
        email_subject=subject,
        email_body=body,
    )


def _label(application: Application) -> str:
    return application.receipt_number or application.title or str(application.uuid)


@transaction.atomic
def application_take(*, application: Application, officer: User) -> Application:
    """Start reviewing a submitted application; the officer becomes its handler."""
    application = application_transition(application=application, to_status=ApplicationStatus.UNDER_REVIEW, by=officer)
    application.assigned_to = officer
    application.save(update_fields=["assigned_to", "updated_at"])
    _tell_establishment(
        application,
        _("Hồ sơ %(name)s đang được cán bộ Trung tâm Khuyến công xem xét.") % {"name": _label(application)},
    )
    return application


@transaction.atomic
def appraisal_create(
    *, application: Application, appraiser: User, scores: dict[str, int], comments: dict[str, str], conclusion: str = ""
) -> Appraisal:
    """Record an appraisal with the five points of TT 36/2013 (a score 0–10 and a comment each)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_appraise:
        raise ValidationError(
            _("Chỉ thẩm định được hồ sơ đang xem xét (hồ sơ này đang ở trạng thái “%(status)s”).")
            % {"status": application.get_status_display()},
            code="not_under_review",
        )
    appraisal = Appraisal(application=application, appraiser=appraiser, conclusion=(conclusion or "").strip())
    for point in Appraisal.POINTS:
        setattr(appraisal, f"{point}_score", scores.get(point))
        setattr(appraisal, f"{point}_comment", (comments.get(point) or "").strip())
    appraisal.full_clean()
    appraisal.save()
    return appraisal


# While staff weigh the application, and after approval until it becomes a project.
GROUND_STATUSES = (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED)


@transaction.atomic
def application_record_ground(*, application: Application, officer: User, ground: PriorityGround | None) -> Application:
    """Record (or clear, with None) the priority ground the review found; conversion carries it to the project.

    Only staff record a ground, and only an active one: it is a decision of the review, never
    an attribute of the establishment. The change is kept in the application's history.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in GROUND_STATUSES:
        raise ValidationError(
            _("Chỉ ghi nhận diện ưu tiên khi hồ sơ đang xem xét hoặc đã chấp thuận (hồ sơ đang “%(status)s”).")
            % {"status": application.get_status_display()},
            code="ground_not_now",
        )
    if ground is not None and not ground.active:
        raise ValidationError(
            _("Diện ưu tiên “%(ground)s” không còn áp dụng.") % {"ground": ground.name}, code="ground_inactive"
        )
    application.priority_ground = ground
    application._history_user = officer  # type: ignore[attr-defined]  # who decided, in the history
    application.save(update_fields=["priority_ground", "updated_at"])
    return application


@transaction.atomic
def application_request_correction(*, application: Application, officer: User, reason: str) -> Application:
    """Send the application back to the establishment with what to correct; it may then edit and resubmit."""
    application = application_transition(
        application=application, to_status=ApplicationStatus.NEEDS_CORRECTION, by=officer, reason=reason
    )
    _tell_establishment(
        application,
        _("Hồ sơ %(name)s cần bổ sung, sửa đổi. Cơ sở hãy sửa hồ sơ rồi nộp lại.") % {"name": _label(application)},
        _("Nội dung cần bổ sung, sửa đổi: %(reason)s") % {"reason": reason.strip()},
    )
    return application


def _check_repeat(application: Application, repeat_reason: str) -> str:
    """The double-support check before staff go on: the reason (stripped), required when it is a repeat.

    Raises `RepeatSupportRefused` (listing the earlier projects and open applications) without one.
    """
    repeat_reason = (repeat_reason or "").strip()
    repeat = application_repeat_support(application)
    if repeat is not None and not repeat_reason:
        assert application.content is not None  # a repeat is always of the application's content
        raise repeat_refusal(application.content, [repeat])
    return repeat_reason if repeat is not None else ""


@transaction.atomic
def application_decide(
    *, application: Application, officer: User, approve: bool, reason: str = "", repeat_reason: str = ""
) -> Application:
    """Approve (after at least one appraisal) or refuse (with a reason) an application under review.

    Approving an application that would support the establishment again with the same content
    within the double-support window (`application_repeat_support`) needs `repeat_reason`; it is
    kept on the application and carried to the project on conversion.
    """
    if approve and not application.appraisals.exists():
        raise ValidationError(
            _("Hồ sơ chưa có phiếu thẩm định: hãy thẩm định trước khi chấp thuận."), code="appraisal_required"
        )
    if approve:
        repeat_reason = _check_repeat(application, repeat_reason)
    to_status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REFUSED
    application = application_transition(application=application, to_status=to_status, by=officer, reason=reason)
    if approve and repeat_reason:
        application.repeat_support_reason = repeat_reason
        record_next_change(application, reason=repeat_reason)
        application.save(update_fields=["repeat_support_reason", "updated_at"])
    if approve:
        message = _("Hồ sơ %(name)s đã được chấp thuận. Trung tâm sẽ đưa vào kế hoạch khuyến công.") % {
            "name": _label(application)
        }
        details = reason.strip()
    else:
        message = _("Hồ sơ %(name)s không được chấp thuận.") % {"name": _label(application)}
        details = _("Lý do: %(reason)s") % {"reason": reason.strip()}
    _tell_establishment(application, message, details)
    return application


@transaction.atomic
def application_message_send(*, application: Application, author: User, body: str) -> ApplicationMessage:
    """A staff message on the application's thread; the establishment is told."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Hãy nhập nội dung tin nhắn."), code="empty_message")
    message = ApplicationMessage.objects.create(application=application, author=author, from_staff=True, body=body)
    _tell_establishment(
        application,
        _("Cán bộ khuyến công đã gửi tin nhắn về hồ sơ %(name)s.") % {"name": _label(application)},
        body,
    )
    return message


def _dates_in_plan(application: Application, plan: AnnualPlan) -> tuple[datetime.date, datetime.date]:
    """The planned dates, or the plan's year where the establishment gave none."""
    start = application.planned_start or datetime.date(plan.year, 1, 1)
    end = application.planned_end or datetime.date(plan.year, 12, 31)
    if end < start:
        end = datetime.date(start.year, 12, 31) if start.year >= plan.year else start
    return start, end


def _field_label(name: str) -> str:
    """The Vietnamese label of an application field (a lazy string, rendered here)."""
    field = Application._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.verbose_name)


@transaction.atomic
def application_convert(
    *,
    application: Application,
    officer: User,
    plan: AnnualPlan,
    code: str = "",
    implementing_unit: str = "",
    repeat_reason: str = "",
    eligibility_reason: str = "",
) -> Project:
    """Turn an approved application into a proposed project of `plan`, linked both ways.

    The project takes the application's title, content, variant, need (as objectives),
    expected results, dates and the priority ground recorded in the review; the establishment
    is its beneficiary (eligible cost and support requested); the state source of the plan's
    level plans the support and the counterpart source the money committed. `project_save`
    checks the ceiling, the double support and the establishment's eligibility for the content
    (outside it, `eligibility_reason` records the exception): when it refuses, nothing is created
    and the application stays approved. The repeat reason recorded on approval goes on unless
    `repeat_reason` replaces it; it becomes the beneficiary's repeat reason on the project.
    """
    application = Application.objects.select_for_update().select_related("establishment").get(pk=application.pk)
    if not application.can_convert:
        raise ValidationError(
            _("Chỉ hồ sơ đã được chấp thuận mới chuyển thành đề án (hồ sơ này đang ở trạng thái “%(status)s”).")
            % {"status": application.get_status_display()},
            code="not_approved",
        )
    if application.content_id is None:
        raise ValidationError(_("Hồ sơ chưa chọn nội dung hỗ trợ."), code="no_content")
    repeat_reason = (repeat_reason or "").strip() or application.repeat_support_reason
    start, end = _dates_in_plan(application, plan)
    project = Project(
        code=code,  # left blank, `project_save` numbers it after the plan
        title=(application.title or _("Đề án từ hồ sơ %(name)s") % {"name": _label(application)})[:255],
        content_id=application.content_id,
        variant=application.variant,
        plan=plan,
        implementing_unit=(implementing_unit or "").strip() or settings.PORTAL["CENTRE"],
        start_date=start,
        end_date=end,
        objectives=application.need,
        expected_results=application.expected_results,
        priority_ground=application.priority_ground,
    )
    support = application.support_requested or ZERO
    counterpart = application.counterpart_committed or ZERO
    sources = {s.code: s for s in FundingSource.objects.filter(code__in=[*STATE_SOURCE_BY_LEVEL.values(), "DOIUNG"])}
    lines = {sources[STATE_SOURCE_BY_LEVEL[PlanLevel(plan.level)]]: (support, ZERO)}
    if counterpart:
        lines[sources[COUNTERPART_SOURCE]] = (counterpart, ZERO)
    establishment = application.establishment
    # Other requests still open count too; the projects are checked by `project_save` on the project's dates.
    _check_repeat(application, repeat_reason)
    project = project_save(
        project=project,
        communes=[establishment.commune_id],
        beneficiaries=[
            ShareInput(establishment, application.eligible_cost or support, support, eligibility_reason.strip())
        ],
        lines=lines,
        repeat_reason=repeat_reason,
    )
    application = application_transition(application=application, to_status=ApplicationStatus.CONVERTED, by=officer)
    # Only now: the database accepts a project only on a converted application.
    application.project = project
    application.save(update_fields=["project", "updated_at"])
    _tell_establishment(
        application,
        _("Hồ sơ %(name)s đã trở thành đề án %(code)s trong %(plan)s.")
        % {"name": _label(application), "code": project.code, "plan": plan},
    )
    return project


# What staff must type before filing on an establishment's behalf (the form asks for the same).
ON_BEHALF_REQUIRED = ("content", "title", "need", "eligible_cost", "support_requested")


def _check_scans(attachments: Sequence[tuple[str, UploadedFile]]) -> None:
    """Refuse, before anything is kept, a paper file without the business registration or a bad file."""
    if ApplicationAttachment.Kind.BUSINESS_REGISTRATION not in {kind for kind, _upload in attachments}:
        raise ValidationError(_("Chưa đính kèm giấy đăng ký kinh doanh."), code="no_registration")
    for kind, upload in attachments:
        if kind not in ApplicationAttachment.Kind.values:
            raise ValidationError(_("Hãy chọn loại tài liệu."), code="kind")
        try:
            check_upload(upload)
        except ValidationError as error:
            raise ValidationError(
                _("Tệp “%(name)s”: %(reason)s") % {"name": upload.name, "reason": " ".join(error.messages)},
                code=error.code,
            ) from error


@transaction.atomic
def application_file_on_behalf(
    *,
    establishment: Establishment,
    officer: User,
    attachments: Sequence[tuple[str, UploadedFile]] = (),
    repeat_reason: str = "",
    **fields: object,
) -> Application:
    """An application received by phone or on paper, typed by staff and submitted at once.

    `attachments` are the scanned papers as (kind, file): as online, the business registration is
    required, and every file passes `check_upload`; they are kept with the application in the same
    transaction, and a refused file keeps nothing. As for a project, staff go on with a possible
    repeat of support only with `repeat_reason` (raises `RepeatSupportRefused` listing the earlier
    projects and open applications).
    """
    unknown = set(fields) - set(Application.APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    application = Application(establishment=establishment, filed_by_staff=True, created_by=officer, **fields)
    missing = [_field_label(name) for name in ON_BEHALF_REQUIRED if fields.get(name) in (None, "")]
    if missing:
        raise ValidationError(_("Hồ sơ còn thiếu: %(missing)s.") % {"missing": ", ".join(missing)}, code="incomplete")
    if (application.support_requested or ZERO) > (application.eligible_cost or ZERO):
        raise ValidationError(
            {"support_requested": _("Kinh phí đề nghị hỗ trợ không được lớn hơn tổng chi phí.")},
            code="support_above_cost",
        )
    application.full_clean(exclude=["receipt_number"])
    # The same rules as the establishment's own submission.
    problems = rule_problems(application)
    if problems:
        raise ValidationError(problems, code="not_fileable")
    _check_scans(attachments)
    application.repeat_support_reason = _check_repeat(application, repeat_reason)
    if application.repeat_support_reason:
        record_next_change(application, reason=application.repeat_support_reason)
    application.save()
    kept: list[ApplicationAttachment] = []
    try:
        for kind, upload in attachments:
            kept.append(attachment_add(application=application, kind=kind, upload=upload, by=officer))
        # The same numbering as the establishment's own submissions (TN-<year>-<6 digits>).
        receipt_number_assign(application)
        application = application_transition(
            application=application,
            to_status=ApplicationStatus.SUBMITTED,
            by=officer,
            reason=_("Cán bộ nộp thay cơ sở (hồ sơ nhận qua điện thoại hoặc giấy)."),
        )
    except Exception:
        # The rows go with the transaction; the stored files must go by hand.
        for attachment in kept:
            attachment.file.delete(save=False)
        raise
    _tell_establishment(
        application,
        _("Cán bộ khuyến công đã nộp thay hồ sơ %(name)s cho cơ sở %(establishment)s.")
        % {"name": application.receipt_number, "establishment": establishment.name},
    )
    return application
