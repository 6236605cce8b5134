"""What an establishment does with its applications: drafts, files, submission, messages, results.

The staff side (review, decisions, conversion) lives in `applications.review_services`; both
move an application only through `application_transition`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationAttachment, ApplicationMessage, ApplicationStatus
from applications.uploads import check_upload
from applications.workflow import application_transition
from beneficiaries.models import AccountStatus, Establishment, EstablishmentYearStat
from beneficiaries.notifications import notify
from core.dates import vn_date
from core.money import format_vnd
from core.validators import check_sane_date, check_year_figures
from programs.ceilings import Ceiling, ceiling_compute
from programs.eligibility import establishment_eligibility
from programs.models import OutcomeIndicator, PriorityGround, Project, ProjectOutcome, RuleSet, SupportContent
from programs.repeat_support import RepeatSupport, project_repeats, repeat_window_q, repeat_window_years

# Applications are for the province's own (local) funds; without local levels the national ones apply.
APPLICATION_RULE_SET = RuleSet.LOCAL
# An application asks for support in a coming plan year: its dates reach a few years ahead at most.
PLANNED_YEARS_AHEAD = 3


def establishment_users(establishment: Establishment) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        establishment_account__establishment=establishment,
        establishment_account__status=AccountStatus.VERIFIED,
    )


def staff_users():
    return get_user_model().objects.filter(is_active=True, groups__name="staff").distinct()


def _staff_url(application: Application) -> str:
    # The staff review pages are built beside this module; link to them once they exist.
    try:
        return reverse("staff:application_detail", args=[application.uuid])
    except NoReverseMatch:
        return ""


def _apply_url(application: Application) -> str:
    return reverse("apply:detail", args=[application.uuid])


def application_ceiling(
    *,
    content: SupportContent | None,
    variant: str,
    eligible_cost: Decimal | None,
    on_date: datetime.date | None,
    ground: PriorityGround | None,
) -> Ceiling | None:
    """The ceiling for what the applicant typed so far, or None while content or cost is missing.

    `ground` is the priority ground staff recorded in the review (None for what the
    establishment types: it sees the base ceiling). Raises ValidationError when the
    content has no rule in force for the variant.
    """
    if content is None or eligible_cost is None:
        return None
    return ceiling_compute(
        content=content,
        variant=variant or "standard",
        eligible_cost=eligible_cost,
        on_date=on_date or timezone.localdate(),
        ground=ground,
        rule_set=APPLICATION_RULE_SET,
    )


@dataclass(frozen=True)
class RequestAgainstCeiling:
    """The support asked for, beside the ceiling: whether it goes over, and the most that may be asked."""

    requested: Decimal
    fits: Decimal  # the most that may be asked for: the ceiling

    @property
    def over(self) -> bool:
        return self.requested > self.fits


def application_request_against(*, ceiling: Ceiling | None, requested: Decimal | None) -> RequestAgainstCeiling | None:
    """`requested` against `ceiling`, or None while either is missing."""
    if ceiling is None or requested is None:
        return None
    return RequestAgainstCeiling(requested=requested, fits=ceiling.amount)


def application_ceiling_of(application: Application) -> Ceiling | None:
    """The ceiling for what `application` holds, with the ground staff recorded in the review, if any."""
    return application_ceiling(
        content=application.content,
        variant=application.variant,
        eligible_cost=application.eligible_cost,
        on_date=application.planned_start,
        ground=application.priority_ground,
    )


@transaction.atomic
def application_create(*, establishment: Establishment, created_by: User | None) -> Application:
    application = Application(establishment=establishment, created_by=created_by)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_save_draft(*, application: Application, data: dict) -> Application:
    """Keep what was typed, complete or not (the form has already checked the types)."""
    if not application.can_edit:
        raise ValidationError(_("Hồ sơ này không còn sửa được."), code="not_editable")
    for field in Application.APPLICANT_FIELDS:
        if field in data:
            value = data[field]
            if field == "variant":
                value = value or "standard"
            elif field in ("title", "need", "expected_results"):
                value = (value or "").strip()
            setattr(application, field, value)
    for field in ("planned_start", "planned_end"):
        try:
            check_sane_date(getattr(application, field), future_years=PLANNED_YEARS_AHEAD)
        except ValidationError as error:
            raise ValidationError({field: error}) from None
    application.full_clean()
    application.save(update_fields=[*Application.APPLICANT_FIELDS, "updated_at"])
    return application


def _missing(application: Application) -> list[str]:
    required = (
        ("content", _("Chưa chọn nội dung hỗ trợ.")),
        ("title", _("Chưa ghi tên đề nghị hỗ trợ.")),
        ("need", _("Chưa mô tả nhu cầu, mục đích.")),
        ("expected_results", _("Chưa ghi kết quả mong đợi.")),
        ("eligible_cost", _("Chưa nhập tổng chi phí.")),
        ("support_requested", _("Chưa nhập kinh phí đề nghị hỗ trợ.")),
        ("counterpart_committed", _("Chưa nhập vốn đối ứng cam kết.")),
        ("planned_start", _("Chưa nhập ngày dự kiến bắt đầu.")),
        ("planned_end", _("Chưa nhập ngày dự kiến hoàn thành.")),
    )
    return [message for field, message in required if getattr(application, field) in (None, "")]


def _amount_problems(application: Application) -> list[str]:
    """Support within the cost, and counterpart and support together covering it."""
    cost, support, counterpart = (
        application.eligible_cost,
        application.support_requested,
        application.counterpart_committed,
    )
    if cost is None or support is None:
        return []
    problems = []
    if support > cost:
        problems.append(
            _("Kinh phí đề nghị hỗ trợ (%(support)s) lớn hơn tổng chi phí (%(cost)s).")
            % {"support": format_vnd(support), "cost": format_vnd(cost)}
        )
    if counterpart is not None and counterpart + support < cost:
        problems.append(
            _("Vốn đối ứng và kinh phí đề nghị hỗ trợ cộng lại (%(sum)s) chưa đủ tổng chi phí (%(cost)s).")
            % {"sum": format_vnd(counterpart + support), "cost": format_vnd(cost)}
        )
    return problems


def _ceiling_problems(application: Application) -> list[str]:
    try:
        ceiling = application_ceiling_of(application)
    except ValidationError as error:
        return error.messages
    asked = application_request_against(ceiling=ceiling, requested=application.support_requested)
    if ceiling is None or asked is None or not asked.over:
        return []
    return [
        _("Kinh phí đề nghị hỗ trợ %(support)s vượt mức hỗ trợ tối đa %(ceiling)s (%(basis)s).")
        % {
            "support": format_vnd(asked.requested),
            "ceiling": format_vnd(ceiling.amount),
            "basis": ceiling.legal_basis,
        }
    ]


def rule_problems(application: Application) -> list[str]:
    """What the rules refuse in the request itself: amounts that do not add up, over the ceiling, an
    establishment outside the content's beneficiaries. Online submission and filing on behalf ask it."""
    problems = [*_amount_problems(application), *_ceiling_problems(application)]
    eligibility = establishment_eligibility(application.establishment, application.content)
    if not eligibility:
        problems.append(_("Cơ sở chưa thuộc đối tượng được hỗ trợ: %(reason)s") % {"reason": eligibility.reason})
    return problems


def application_problems(application: Application) -> list[str]:
    """Everything that keeps `application` from being submitted, in the order of the form."""
    problems = [*_missing(application), *rule_problems(application)]
    kinds = {attachment.kind for attachment in application.attachments.all()}
    if ApplicationAttachment.Kind.BUSINESS_REGISTRATION not in kinds:
        problems.append(_("Chưa đính kèm giấy đăng ký kinh doanh."))
    return problems


# Requests of an establishment still on their way to a project: they count as possible repeats.
OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.NEEDS_CORRECTION,
    ApplicationStatus.APPROVED,
)


def application_period(application: Application) -> tuple[datetime.date, datetime.date]:
    """The planned period, or the day of submission (today for a draft) where no date was typed."""
    when = application.submitted_at
    start = application.planned_start or (timezone.localdate(when) if when else timezone.localdate())
    end = application.planned_end if application.planned_end and application.planned_end >= start else start
    return start, end


def application_repeat_support(application: Application) -> RepeatSupport | None:
    """The double-support check for an application (`programs.repeat_support`), or None when clear.

    Counts the establishment's projects of the same content within the window of the planned
    period (cancelled ones and the application's own project aside), and its other open
    applications of that content within the same window (those without dates too). Two queries.
    """
    if application.content_id is None:
        return None
    start, end = application_period(application)
    projects = project_repeats(
        establishment=application.establishment,
        content=application.content_id,
        start=start,
        end=end,
        exclude=application.project_id,
    )
    pending = (
        Application.objects.filter(
            establishment=application.establishment_id, content=application.content_id, status__in=OPEN_STATUSES
        )
        .filter(
            repeat_window_q(start, end, start_field="planned_start", end_field="planned_end")
            | Q(planned_start__isnull=True)
        )
        .exclude(pk=application.pk)
        .order_by("submitted_at", "pk")
    )
    found = RepeatSupport(establishment=application.establishment, projects=projects, applications=list(pending))
    return found if found.projects or found.applications else None


def application_repeat_warnings(application: Application) -> list[str]:
    """What the establishment reads before and after submitting: it may be refused as a repeat.

    A warning only: the establishment may still submit, staff decide (with a recorded reason).
    """
    repeat = application_repeat_support(application)
    if repeat is None:
        return []
    content = application.content.code if application.content else ""
    years = repeat_window_years()
    warnings = [
        _(
            "Cơ sở đã có đề án %(code)s hỗ trợ cùng nội dung %(content)s, bắt đầu ngày %(date)s: hồ sơ này có thể "
            "không được hỗ trợ vì trùng nội dung trong vòng %(years)d năm."
        )
        % {"code": project.code, "content": content, "date": vn_date(project.start_date), "years": years}
        for project in repeat.projects
    ]
    warnings += [
        _(
            "Cơ sở đang có hồ sơ %(name)s đề nghị hỗ trợ cùng nội dung %(content)s (%(status)s): hồ sơ này có thể "
            "không được chấp thuận vì trùng nội dung."
        )
        % {
            "name": other.receipt_number or other.title or _("(chưa đặt tên)"),
            "content": content,
            "status": other.get_status_display().lower(),
        }
        for other in repeat.applications
    ]
    return warnings


def next_receipt_number(year: int) -> str:
    prefix = f"TN-{year}-"
    last = (
        Application.objects.select_for_update()
        .filter(receipt_number__startswith=prefix)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def receipt_number_assign(application: Application) -> None:
    year = timezone.localdate().year
    for _attempt in range(5):
        application.receipt_number = next_receipt_number(year)
        try:
            with transaction.atomic():
                application.save(update_fields=["receipt_number"])
            return
        except IntegrityError:
            # Another submission took the number between our read and our write: take the next one.
            continue
    raise ValidationError(_("Không cấp được số tiếp nhận, hãy thử nộp lại."), code="receipt_number")


@transaction.atomic
def application_submit(*, application: Application, by: User | None) -> Application:
    """Submit (or resubmit after a correction): check, number, move to "submitted", tell everyone.

    A possible repeat of support does not stop the submission: the establishment is warned
    (`application_repeat_warnings`) and staff see it when they review.
    """
    application = (
        # Lock the application row only: PostgreSQL cannot lock the nullable side of the outer joins.
        Application.objects.select_for_update(of=("self",))
        .select_related("establishment__commune__parent", "establishment__craft_village", "content")
        .get(pk=application.pk)
    )
    if not application.can_submit:
        raise ValidationError(_("Hồ sơ này không ở trạng thái được nộp."), code="not_editable")
    problems = application_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    resubmission = application.awaits_correction
    if not application.receipt_number:
        receipt_number_assign(application)
    application = application_transition(application=application, to_status=ApplicationStatus.SUBMITTED, by=by)
    establishment = application.establishment
    subject = _("Đã tiếp nhận hồ sơ %(number)s") % {"number": application.receipt_number}
    notify(
        users=establishment_users(establishment),
        message=(
            _("Hồ sơ “%(title)s” đã được nộp, số tiếp nhận %(number)s.")
            % {"title": application.title, "number": application.receipt_number}
        ),
        url=_apply_url(application),
        email_subject=subject,
        email_body=_(
            "Kính gửi %(establishment)s,\n\n"
            "Trung tâm Khuyến công đã tiếp nhận hồ sơ “%(title)s”.\n"
            "Số tiếp nhận: %(number)s, ngày %(date)s.\n\n"
            "Anh/chị có thể theo dõi hồ sơ và tải giấy tiếp nhận tại cổng khuyến công."
        )
        % {
            "establishment": establishment.name,
            "title": application.title,
            "number": application.receipt_number,
            "date": vn_date(timezone.localdate()),
        },
    )
    if resubmission:
        staff_message = _("Hồ sơ đã bổ sung %(number)s – %(establishment)s")
    else:
        staff_message = _("Hồ sơ mới %(number)s – %(establishment)s")
    staff_message = staff_message % {"number": application.receipt_number, "establishment": establishment.name}
    notify(users=staff_users(), message=staff_message, url=_staff_url(application), email_subject=staff_message)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User | None) -> Application:
    if not application.can_withdraw:
        raise ValidationError(_("Không thể rút hồ sơ ở trạng thái này."), code="not_withdrawable")
    was_submitted = application.status != ApplicationStatus.DRAFT
    application = application_transition(application=application, to_status=ApplicationStatus.WITHDRAWN, by=by)
    if was_submitted:
        message = _("Cơ sở %(establishment)s đã rút hồ sơ %(number)s") % {
            "establishment": application.establishment.name,
            "number": application.receipt_number,
        }
        notify(users=staff_users(), message=message, url=_staff_url(application))
    return application


@transaction.atomic
def attachment_add(
    *, application: Application, kind: str, upload: UploadedFile, by: User | None
) -> ApplicationAttachment:
    """Check and keep one file; nothing changes when the file is refused."""
    if not application.can_edit:
        raise ValidationError(_("Hồ sơ này không còn sửa được."), code="not_editable")
    if kind not in ApplicationAttachment.Kind.values:
        raise ValidationError(_("Hãy chọn loại tài liệu."), code="kind")
    checked = check_upload(upload)
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ApplicationAttachment) -> None:
    if not attachment.application.can_edit:
        raise ValidationError(_("Hồ sơ này không còn sửa được."), code="not_editable")
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


@transaction.atomic
def application_message_send(*, application: Application, author: User, body: str) -> ApplicationMessage:
    """The establishment writes to staff about its application."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Hãy nhập nội dung tin nhắn."), code="empty")
    message = ApplicationMessage(application=application, author=author, from_staff=False, body=body)
    message.full_clean()
    message.save()
    label = application.receipt_number or application.title or _("(chưa đặt tên)")
    text = _("Tin nhắn mới từ %(establishment)s về hồ sơ %(label)s") % {
        "establishment": application.establishment.name,
        "label": label,
    }
    notify(users=staff_users(), message=text, url=_staff_url(application), email_subject=text, email_body=body)
    return message


@dataclass(frozen=True)
class YearFigures:
    year: int
    revenue: Decimal
    employees: int


@transaction.atomic
def application_results_report(
    *, application: Application, figures: list[YearFigures], products: str
) -> list[EstablishmentYearStat]:
    """Record the establishment's revenue and jobs for the years after the project, and its products.

    Each year runs from the project's end year to the current one, with figures the database
    holds (`core.validators.check_year_figures`); nothing is saved if one row is refused.
    """
    if not application.can_report_results:
        raise ValidationError(_("Chỉ báo cáo kết quả sau khi đề án đã được nghiệm thu."), code="not_open")
    project = application.project
    assert project is not None  # can_report_results: the application became a project that was accepted
    first_year = project.end_date.year
    establishment = application.establishment
    stats = []
    for row in figures:
        if row.year < first_year:
            raise ValidationError(
                _("Năm báo cáo phải từ năm %(year)s (năm kết thúc đề án) trở đi.") % {"year": first_year},
                code="year",
            )
        check_year_figures(year=row.year, revenue=row.revenue, employees=row.employees)
        stat, _created = EstablishmentYearStat.objects.update_or_create(
            establishment=establishment,
            year=row.year,
            defaults={"revenue": row.revenue, "employees": row.employees},
        )
        stats.append(stat)
    products = (products or "").strip()
    if products and products != establishment.main_products:
        establishment.main_products = products[:255]
        establishment.save(update_fields=["main_products", "updated_at"])
    project_outcomes_from_results(project=project, establishment=establishment)
    return stats


# The outcome indicators the establishment's own figures measure (programs.reference).
REVENUE_CHANGE, JOBS = "REVENUE_CHANGE", "JOBS"


def project_outcomes_from_results(*, project: Project, establishment: Establishment) -> None:
    """Turn the establishment's reported figures into the project's achieved outcomes.

    Revenue change (%) and jobs created compare the latest year reported from the project's
    end year on with the last year before it started. Only for a project with this single
    beneficiary: a group project's figures are the sum of several establishments, which
    staff record themselves.
    """
    if project.shares.exclude(establishment=establishment).exists():
        return
    stats = EstablishmentYearStat.objects.filter(establishment=establishment)
    before = stats.filter(year__lt=project.start_date.year).order_by("-year").first()
    after = stats.filter(year__gte=project.end_date.year).order_by("-year").first()
    if before is None or after is None:
        return
    achieved = {JOBS: Decimal(max(after.employees - before.employees, 0))}
    if before.revenue > 0:
        change = (after.revenue - before.revenue) * 100 / before.revenue
        achieved[REVENUE_CHANGE] = change.quantize(Decimal("0.01"))
    indicators = (
        OutcomeIndicator.objects.filter(code__in=achieved)
        .filter(Q(contents=project.content) | Q(outcomes__project=project))
        .distinct()
    )
    for indicator in indicators:
        ProjectOutcome.objects.update_or_create(
            project=project, indicator=indicator, defaults={"achieved": achieved[indicator.code]}
        )


PROFILE_FIELDS = ("phone", "email", "address", "representative", "main_products")


@transaction.atomic
def establishment_profile_update(*, establishment: Establishment, data: dict) -> Establishment:
    """Contact details only: name, tax code and legal form are changed by staff."""
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(establishment, field, data[field])
    establishment.full_clean()
    establishment.save(update_fields=[*PROFILE_FIELDS, "updated_at"])
    return establishment


@transaction.atomic
def establishment_year_stat_save(*, establishment: Establishment, figures: YearFigures) -> EstablishmentYearStat:
    """Record one year's figures: a past or current year, amounts the database holds (else ValidationError)."""
    check_year_figures(year=figures.year, revenue=figures.revenue, employees=figures.employees)
    stat, _created = EstablishmentYearStat.objects.update_or_create(
        establishment=establishment,
        year=figures.year,
        defaults={"revenue": figures.revenue, "employees": figures.employees},
    )
    return stat
