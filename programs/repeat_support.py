"""The double-support check: one rule for every path that gives an establishment a content's support.

An establishment supported with a content is not supported with the same content again within
the window (`repeat_window_years()` years) unless staff record why. Two support periods are
within the window when they overlap, or when one starts at most that many years before or after
the other (the same day, earlier or later: both directions, so the order in which two projects
are typed does not matter). Cancelled projects never count, nor the project being checked.

Projects, the staff project form, filing on behalf, online submission, the review before
approval and the conversion into a project all ask `project_repeats` (and applications add the
requests still open through `repeat_window_q`, with the same window).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.models import Establishment
from core.dates import vn_date
from programs.models import Project, ProjectStatus, SupportContent

# The window and its legal basis; `settings.REPEAT_SUPPORT` overrides either (khuyencong.settings).
# No article setting the number of years was found [U]: the Centre's convention until it is confirmed.
DEFAULT_REPEAT_SUPPORT = {
    "YEARS": 3,
    "LEGAL_BASIS": gettext_lazy(
        "Nguyên tắc không hỗ trợ trùng lặp cùng nội dung cho một cơ sở (NĐ 45/2012/NĐ-CP, TT 46/2012/TT-BCT); "
        "số năm là quy ước của Trung tâm, chưa đối chiếu văn bản"
    ),
}


def repeat_window_years() -> int:
    """How many years before or after a support period the same content counts as a repeat."""
    return int(getattr(settings, "REPEAT_SUPPORT", {}).get("YEARS", DEFAULT_REPEAT_SUPPORT["YEARS"]))


def repeat_legal_basis() -> str:
    return str(getattr(settings, "REPEAT_SUPPORT", {}).get("LEGAL_BASIS", DEFAULT_REPEAT_SUPPORT["LEGAL_BASIS"]))


def years_from(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by `years` years (negative: back); 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def repeat_window_q(start: datetime.date, end: datetime.date | None = None, *, start_field: str, end_field: str) -> Q:
    """Rows whose period (`start_field`–`end_field`) is within the window of `start`–`end`.

    Inside: a start at most the window's years before or after `start` (both edges included),
    or a period that overlaps `start`–`end`. A row without an end date compares by its start only.
    """
    years = repeat_window_years()
    end = end if end is not None and end >= start else start
    since, until = years_from(start, -years), years_from(start, years)
    near_start = Q(**{f"{start_field}__gte": since, f"{start_field}__lte": until})
    overlapping = Q(**{f"{start_field}__lte": end, f"{end_field}__gte": start})
    return near_start | overlapping


@dataclass(frozen=True)
class RepeatSupport:
    """Why `establishment` would be supported again: its earlier projects, and requests still open."""

    establishment: Establishment
    projects: list[Project]
    # Open applications of the same content (applications.services fills it; programs never reads it).
    applications: list = field(default_factory=list)


def project_repeats(
    *,
    establishment: Establishment,
    content: SupportContent | int,
    start: datetime.date,
    end: datetime.date | None = None,
    exclude: Project | int | None = None,
) -> list[Project]:
    """The projects that already support `establishment` with `content` within the window of `start`–`end`.

    Cancelled projects and `exclude` (the project being checked) do not count. One query.
    """
    found = (
        Project.objects.filter(shares__establishment=establishment, content=content)
        .filter(repeat_window_q(start, end, start_field="start_date", end_field="end_date"))
        .exclude(status=ProjectStatus.CANCELLED)
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk if isinstance(exclude, Project) else exclude)
    return list(found.select_related("plan", "content").distinct().order_by("-start_date", "code"))


def project_repeat_support(*, project: Project, establishments: Iterable[Establishment]) -> list[RepeatSupport]:
    """The establishments among `establishments` that `project` would support again (one query each)."""
    repeats = []
    for establishment in establishments:
        found = project_repeats(
            establishment=establishment,
            content=project.content_id,
            start=project.start_date,
            end=project.end_date,
            exclude=project if project.pk else None,
        )
        if found:
            repeats.append(RepeatSupport(establishment=establishment, projects=found))
    return repeats


class RepeatSupportRefused(ValidationError):
    """A beneficiary already has the content within the window and no reason was given; `repeats` lists why."""

    def __init__(self, message: str, repeats: list[RepeatSupport]):
        super().__init__(message, code="repeat_support_reason_required")
        self.repeats = repeats


def repeat_listing(repeats: list[RepeatSupport]) -> str:
    """ "Cơ sở A (KCĐP-2024-003 từ 01/03/2024; hồ sơ TN-2026-000012)", for messages and history."""
    parts = []
    for repeat in repeats:
        found = [_("%(code)s từ %(date)s") % {"code": p.code, "date": vn_date(p.start_date)} for p in repeat.projects]
        found += [_("hồ sơ %(number)s") % {"number": a.receipt_number or a.title} for a in repeat.applications]
        parts.append(f"{repeat.establishment.name} ({'; '.join(found)})")
    return ", ".join(parts)


def repeat_refusal(content: SupportContent, repeats: list[RepeatSupport]) -> RepeatSupportRefused:
    """The refusal staff read when they go on without a reason."""
    return RepeatSupportRefused(
        _(
            "Cơ sở đã được hỗ trợ hoặc đang đề nghị hỗ trợ nội dung %(content)s trong vòng %(years)d năm: "
            "%(listed)s. Hãy nêu lý do hỗ trợ lại."
        )
        % {"content": content.code, "years": repeat_window_years(), "listed": repeat_listing(repeats)},
        repeats,
    )
