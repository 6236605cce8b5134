"""Dates that need the plan or the project to be judged: payments, decisions, project periods.

Built on the generic bounds of `core.validators`; the services call these before saving, and
the forms call them too where they know the plan, so staff read the same message either way.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import vn_date
from core.validators import check_date_between, check_not_future, today
from programs.models import AnnualPlan, Project, SupportContent


def _first_day(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def plan_decision_date_check(*, plan: AnnualPlan, decision_date: datetime.date | None) -> None:
    """The decision approving a plan for year N: already taken, and dated in year N-1 or N.

    A plan is approved once the budget estimate is assigned: national plans in the autumn of
    the year before (TT 36/2013/TT-BCT), local ones in the first months of the year (DOMAIN.md 4.3).
    """
    label = _("Ngày quyết định")
    check_not_future(decision_date, label=label)
    check_date_between(
        decision_date,
        earliest=_first_day(plan.year - 1),
        latest=_last_day(plan.year),
        label=label,
        code="decision_outside_plan_years",
    )


def project_period_check(
    *, plan: AnnualPlan, content: SupportContent, start: datetime.date | None, end: datetime.date | None
) -> None:
    """A project of plan year N starts in year N and ends by 31/12/N, or by 31/12/N+1 when its
    content may run into the next year (`SupportContent.multi_year`).

    The annual plan and its budget are for one year; carrying a project into the next year is an
    exception decided by the Minister (TT 36/2013/TT-BCT), which the content's flag records.
    Raises a ValidationError keyed by field (start_date, end_date).
    """
    errors = {}
    year = plan.year
    try:
        check_date_between(
            start,
            earliest=_first_day(year),
            latest=_last_day(year),
            label=_("Ngày bắt đầu"),
            code="start_outside_plan_year",
        )
    except ValidationError as error:
        errors["start_date"] = [error]
    last_year = year + 1 if content.multi_year else year
    try:
        check_date_between(
            end,
            earliest=_first_day(year),
            latest=_last_day(last_year),
            label=_("Ngày kết thúc"),
            code="end_outside_plan_year",
        )
    except ValidationError as error:
        errors["end_date"] = [error]
    if errors:
        raise ValidationError(errors)


def project_approval_date(project: Project) -> datetime.date | None:
    """The day the project was approved: the date of its plan's approval decision (no query).

    Projects are approved in their plan's decision (`project_transition` requires an approved
    plan), which is the legal date. The project's own status change records when staff pressed
    the button, often days after the decision and after payments made under it.
    """
    return project.plan.decision_date


def disbursement_date_check(*, project: Project, date: datetime.date | None) -> None:
    """A payment is dated from the project's approval (and never before its plan's year) to today.

    Money goes out only under the approval decision (TT 36/2013/TT-BCT: advances follow the
    decision and the contract), and a payment recorded today cannot have been made tomorrow.
    """
    if date is None:
        return
    earliest = _first_day(project.plan.year)
    approved = project_approval_date(project)
    if approved is not None:
        earliest = max(earliest, approved)
    latest = today()
    if earliest <= date <= latest:
        return
    raise ValidationError(
        _(
            "Ngày chi %(date)s không hợp lệ: khoản chi của đề án này phải từ ngày phê duyệt "
            "(%(earliest)s, không trước năm kế hoạch %(year)s) đến hôm nay (%(today)s)."
        )
        % {"date": vn_date(date), "earliest": vn_date(earliest), "year": project.plan.year, "today": vn_date(latest)},
        code="date_out_of_range",
    )
