"""Bulk-writing helpers of the demo: chunks, history rows, backdated timestamps, reference rows."""

import bisect
import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

from beneficiaries.models import AdministrativeUnit, Sector
from programs.ceilings import rule_in_force
from programs.models import FundingSource, OutcomeIndicator, SupportContent, SupportRule

CHUNK = 2000  # rows generated and written per round, to bound memory at large scales
BATCH = 1000
REASON = "Dữ liệu trình diễn (seed_demo)"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Summary:
    scale: int
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    users: dict = field(default_factory=dict)

    def add(self, label: str, count: int) -> None:
        self.created[label] = self.created.get(label, 0) + count


@contextmanager
def backdated(*models):
    """Let bulk_create keep the timestamps we set instead of "now" (auto_now/auto_now_add off)."""
    fields = [
        f
        for m in models
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def with_history(objs: list, model, *, user=None) -> list:
    """bulk_create that also writes the "+" history rows, dated by each object's `_history_date`."""
    with backdated(model):
        return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user, default_change_reason=REASON)


class Reference:
    """The reference rows loaded by migrate, read once."""

    def __init__(self) -> None:
        self.units = {u.code: u.pk for u in AdministrativeUnit.objects.only("code")}
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.contents = {c.code: c for c in SupportContent.objects.all()}
        self.sources = {s.code: s for s in FundingSource.objects.all()}
        self.indicators = dict(OutcomeIndicator.objects.values_list("code", "pk"))
        links = OutcomeIndicator.contents.through.objects.values_list("supportcontent__code", "outcomeindicator__code")
        self.indicators_of: dict[str, list[str]] = {}
        for content, indicator in links.order_by("outcomeindicator__order"):
            self.indicators_of.setdefault(content, []).append(indicator)


class RuleCache:
    """Each support rule looked up once per validity period while seeding, not once per project.

    programs.ceilings.ceiling_compute stays the only formula; it is handed the rule found here
    (`rule=`), keyed by the period between two effective dates (all dates in a period see the
    same rules). Without this, 9,600 projects (scale 100) cost some 17,000 rule queries.
    """

    def __init__(self) -> None:
        dates = set()
        for start, end in SupportRule.objects.values_list("effective_from", "effective_to"):
            dates.add(start)
            if end is not None:
                dates.add(end + datetime.timedelta(days=1))
        self.boundaries = sorted(dates)
        self.found: dict = {}

    def rule(self, *, content, variant, on_date, rule_set):
        key = (content.pk, variant, rule_set, bisect.bisect_right(self.boundaries, on_date))
        if key not in self.found:
            self.found[key] = rule_in_force(content=content, variant=variant, on_date=on_date, rule_set=rule_set)
        return self.found[key]
