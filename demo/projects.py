"""Generate the demo projects: who benefits, titles, dates and each project's status path.

Pure Python: money is sized afterwards by `ledger`, with the ceiling service. Each project
draws from its own random stream, seeded by its code, so a project does not change when
others are added; beneficiaries come from the eligible establishments of the registry.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from demo.catalogue import NATIONAL, TEMPLATES, schedule
from demo.establishments import SEED, UNITS, EstablishmentSpec
from demo.plans import AS_OF, PLANS, STATUS_MIX, PlanSpec
from demo.trades import TRADE_BY_KEY, TRADES
from programs.repeat_support import repeat_window_years

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNE_CODES = [code for code, (_name, kind, _units) in UNITS.items() if kind == "xa"]
LIFECYCLE = ("proposed", "appraised", "approved", "in_progress", "accepted", "settled")
NOTES = {
    "appraised": "Hội đồng thẩm định cấp cơ sở thống nhất đề án",
    "approved": "Phê duyệt theo {decision}",
    "in_progress": "Ký hợp đồng, triển khai thực hiện",
    "accepted": "Nghiệm thu cơ sở, biên bản nghiệm thu ngày {day}",
    "settled": "Quyết toán kinh phí, thanh lý hợp đồng",
    "proposed": "Trả hồ sơ để bổ sung dự toán chi tiết",
}
CANCEL_REASONS = (
    "Cơ sở không bố trí được vốn đối ứng",
    "Cơ sở xin rút do thay đổi kế hoạch sản xuất",
    "Điều chỉnh kế hoạch, chuyển kinh phí cho đề án khác",
)


@dataclass(frozen=True)
class Pin:
    """A hand-written project for a showcase establishment (behind the demo accounts)."""

    establishment: int
    status: str
    variant: str = ""
    machine: str = ""
    product: str = ""
    cost: int = 0
    state: int = 0


# (year, level, content, occurrence) -> pin. The first two mirror the real Hậu Giang cases of
# DOMAIN.md §3.2: a 451 million dryer supported with 200 million; roll-forming machines of over
# 700 million supported with the 300 million cap.
SOLAR_DRYER = "máy sấy thủy sản năng lượng mặt trời công suất 500 kg/mẻ"
PINS = {
    (2024, NATIONAL, "KC03b", 0): Pin(0, "settled", "standard", SOLAR_DRYER, cost=451_000_000, state=200_000_000),
    (2025, NATIONAL, "KC03b", 0): Pin(
        1, "accepted", "standard", "máy cán tôn sóng và máy chấn tôn", cost=712_400_000, state=300_000_000
    ),
    (2023, "local", "KC05", 0): Pin(1, "settled"),
    (2025, "local", "KC04b", 0): Pin(0, "accepted", "join_domestic"),
    (2026, "local", "KC04c", 0): Pin(0, "approved", product="Khô cá lóc Bảy Hồng"),
}


@dataclass(slots=True)
class ProjectSpec:
    code: str
    plan: PlanSpec
    content: str
    variant: str
    title: str
    objectives: str
    expected_results: str
    implementing_unit: str
    beneficiaries: list[EstablishmentSpec]
    communes: list[str]
    start: datetime.date
    end: datetime.date
    status: str
    path: list[tuple[str, str, datetime.datetime, str, str]]  # from, to, when, role, note
    proposed_at: datetime.datetime
    cost: int  # total planned cost, all sources, in đồng
    share: float  # state share of the cost asked for
    priority_owner: object | None = None  # the establishment whose owner gives a priority reason
    state: int = 0  # a pinned state share
    dates: dict = field(default_factory=dict)

    @property
    def rng_seed(self) -> str:
        return f"{SEED}:{self.code}"


class _Picker:
    """Chooses eligible beneficiaries; no establishment gets the same content twice within the
    double-support window (`programs.repeat_support`), nor a showcase establishment beside its pins.
    """

    def __init__(self, pool: list[EstablishmentSpec]) -> None:
        self.pool = pool
        self.eligible = [spec for spec in pool if spec.eligible]
        self.by_trade = {t.key: [s for s in self.eligible if s.trade == t.key] for t in TRADES}
        self.by_need = {
            need: [s for s in self.eligible if getattr(TRADE_BY_KEY[s.trade], need)] for need in ("craft", "model")
        }
        # Projects run within their plan year: plan years further apart than the window keep starts apart.
        self.gap = repeat_window_years() + 1
        self.taken: dict[tuple[int, str], set[int]] = {}
        for (year, _level, content, _occurrence), pin in PINS.items():
            self.take([pool[pin.establishment]], content, year)

    def clear(self, spec: EstablishmentSpec, content: str, year: int) -> bool:
        return all(abs(year - other) >= self.gap for other in self.taken.get((spec.index, content), ()))

    def take(self, specs: list[EstablishmentSpec], content: str, year: int) -> None:
        for spec in specs:
            self.taken.setdefault((spec.index, content), set()).add(year)

    def one(self, rng, content: str, year: int, need: str) -> EstablishmentSpec:
        candidates = self.by_need[need] if need else self.eligible
        for _attempt in range(20):
            spec = rng.choice(candidates)
            if self.clear(spec, content, year):
                break
        else:
            clear = [spec for spec in candidates if self.clear(spec, content, year)]
            if not clear:
                raise ValueError(f"No establishment left for {content} in {year} outside the double-support window")
            spec = rng.choice(clear)
        self.take([spec], content, year)
        return spec

    def group(
        self, rng, content: str, year: int, size: int, trade: str = "", first: EstablishmentSpec | None = None
    ) -> list:
        candidates = [s for s in (self.by_trade[trade] if trade else self.eligible) if self.clear(s, content, year)]
        chosen = rng.sample(candidates, min(size, len(candidates)))
        if first is not None:
            chosen = [first] + [spec for spec in chosen if spec is not first][: size - 1]
        self.take(chosen, content, year)
        return chosen


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))), tzinfo=TZ)


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _dates(rng, plan: PlanSpec, status: str, months: int) -> dict:
    year = plan.year
    reached = LIFECYCLE.index(status) if status in LIFECYCLE else LIFECYCLE.index("approved")
    if plan.decision_date is None or (year == AS_OF.year and reached < LIFECYCLE.index("approved")):
        # Not approved yet in November of the current year: late additions to the plan.
        proposed = datetime.date(year - 1 if plan.level == NATIONAL else year, 7, 1) + _days(rng, 0, 60)
        appraised = proposed + _days(rng, 30, 45)
        start = datetime.date(year, 11, 24) + _days(rng, 0, 10)
        return {"proposed": proposed, "appraised": appraised, "start": start, "end": start + _days(rng, 14, 20)}
    approved = plan.decision_date + (_days(rng, 0, 10) if plan.level != NATIONAL else datetime.timedelta())
    appraised = (
        approved - _days(rng, 10, 40) if plan.level != NATIONAL else datetime.date(year - 1, 6, 20) + _days(rng, 0, 60)
    )
    proposed = min(plan.proposals_open + _days(rng, 0, 45), appraised - _days(rng, 30, 45))
    start = min(approved + _days(rng, 10, 110), datetime.date(year, 10, 1))
    end = min(start + datetime.timedelta(days=30 * months) - _days(rng, 0, 10), datetime.date(year, 12, 15))
    if year == AS_OF.year and status == "in_progress" and end <= AS_OF:
        # Still running in November: it ends in the coming weeks.
        end = AS_OF + _days(rng, 10, 30)
        start = max(end - datetime.timedelta(days=30 * months), approved + _days(rng, 10, 20))
    accepted = min(end + _days(rng, 3, 20), AS_OF - _days(rng, 30, 40))
    settled = min(accepted + _days(rng, 10, 40), AS_OF - _days(rng, 1, 20))
    return {
        "proposed": proposed,
        "appraised": appraised,
        "approved": approved,
        "start": start,
        "end": end,
        "in_progress": start,
        "accepted": accepted,
        "settled": settled,
    }


def _path(rng, plan: PlanSpec, status: str, dates: dict) -> list:
    if status == "cancelled":
        stop = rng.choice(("appraised", "approved"))
        targets = list(LIFECYCLE[1 : LIFECYCLE.index(stop) + 1])
        dates["cancelled"] = dates[stop] + _days(rng, 5, 30)
    else:
        targets = list(LIFECYCLE[1 : LIFECYCLE.index(status) + 1])
    steps, current = [], "proposed"
    if targets and rng.random() < 0.1:
        # Sent back once for a more detailed budget, then appraised again.
        first = dates["appraised"] - _days(rng, 18, 25)
        steps.append(("proposed", "appraised", _at(rng, first), "staff", NOTES["appraised"]))
        steps.append(("appraised", "proposed", _at(rng, first + _days(rng, 3, 6)), "leader", NOTES["proposed"]))
    for target in targets:
        role = "leader" if target == "approved" else "staff"
        note = NOTES[target].format(decision=plan.decision_number, day=f"{dates.get(target, AS_OF):%d/%m/%Y}")
        steps.append((current, target, _at(rng, dates[target]), role, note))
        current = target
    if status == "cancelled":
        steps.append((current, "cancelled", _at(rng, dates["cancelled"]), "leader", rng.choice(CANCEL_REASONS)))
    return steps


def _machine(rng: random.Random, trade, variant: str) -> str:
    machine = rng.choice(trade.machines)
    if variant == "production_line" and not machine.startswith(("dây chuyền", "hệ thống")):
        machine = f"dây chuyền đồng bộ {machine}"
    return machine


def _texts(rng, template, content: str, variant: str, year: int, lead, pin: Pin | None) -> tuple[str, str, str, str]:
    """Title, objectives and expected results; and the unit named in the title."""
    trade = TRADE_BY_KEY[lead.trade] if lead else rng.choice(TRADES)
    code = lead.commune if lead else rng.choice(COMMUNE_CODES)
    unit = UNITS[code]
    values = {
        "est": lead.name if lead else "",
        "commune": f"{'phường' if unit[1] == 'phuong' else 'xã'} {unit[0]}",
        "craft": trade.craft,
        "model": trade.model,
        "machine": (pin and pin.machine) or _machine(rng, trade, variant),
        "trade": trade.label,
        "product": (pin and pin.product) or (lead.main_products.split("; ")[0] if lead else ""),
        "year": year,
        "selection": "tỉnh" if year < 2025 else "thành phố",
        "place": "Hậu Giang" if year < 2026 else "Vị Thanh",
    }
    titles = template.titles
    if content == "KC04b":
        titles = titles[:1] if variant == "standard" else titles[1:]
    elif content == "KC05" and "a" not in trade.sectors:
        titles = titles[1:]
    title = rng.choice(titles).format(**values)
    return title[:255], template.objective.format(**values), template.result.format(**values), code


def generate(scale: int, pool: list[EstablishmentSpec], centre: str) -> list[ProjectSpec]:
    """`scale` times the yearly schedule of catalogue.SCHEDULE, in a fixed order."""
    picker = _Picker(pool)
    numbers: dict[tuple[int, str], int] = {}
    seen: dict[tuple[int, str, str], int] = {}
    specs = []
    for _unit in range(scale):
        for plan in PLANS:
            for content in schedule(plan.year, plan.level):
                key = (plan.year, plan.level)
                numbers[key] = numbers.get(key, 0) + 1
                occurrence = seen[(*key, content)] = seen.get((*key, content), -1) + 1
                code = f"{plan.code_prefix}-{plan.year}-{numbers[key]:03d}"
                pin = PINS.get((*key, content, occurrence))
                specs.append(_build(code, plan, content, pin, picker, centre))
    return specs


def _build(code: str, plan: PlanSpec, content: str, pin: Pin | None, picker: _Picker, centre: str) -> ProjectSpec:
    rng = random.Random(f"{SEED}:{code}")
    template = TEMPLATES[content]
    names_, weights = zip(*template.variants, strict=True)
    variant = (pin and pin.variant) or rng.choices(names_, weights=weights)[0]
    mix = STATUS_MIX[(plan.year, plan.level)]
    status = pin.status if pin else rng.choices(list(mix), weights=list(mix.values()))[0]
    showcase = picker.pool[pin.establishment] if pin else None
    if template.who == "single":
        beneficiaries = [showcase or picker.one(rng, content, plan.year, template.needs)]
    elif template.who == "group":
        trade = rng.choice(("khom", "luc_binh", "ca_kho")) if content == "KC07a" else ""
        beneficiaries = picker.group(rng, content, plan.year, rng.randint(*template.size), trade, first=showcase)
    else:
        beneficiaries = []
    lead = beneficiaries[0] if beneficiaries else None
    title, objectives, results, unit = _texts(rng, template, content, variant, plan.year, lead, pin)
    dates = _dates(rng, plan, status, rng.randint(*template.months))
    low, high = template.cost
    if content == "KC03b":
        low, high = (400, 1_000) if plan.level == NATIONAL else (250, 600)
        if variant == "production_line":
            low, high = low * 2, high * 2
    # Estimates with counterpart money are costed to the thousand đồng; fully funded ones in millions.
    odd = rng.randrange(0, 1000, 50) * 1000 if template.share[0] < 1 else 0
    cost = (pin and pin.cost) or rng.randint(low, high) * 1_000_000 + odd
    # Establishments joining another domestic fair get 80% of their booth rent.
    share = 0.8 if content == "KC04b" and variant == "join_domestic" else rng.uniform(*template.share)
    implementer = lead.name if lead and rng.random() < template.implementer else centre
    if content == "KC09" and rng.random() < 0.3:
        implementer = "Sở Công Thương thành phố Cần Thơ"
    communes = list(dict.fromkeys(spec.commune for spec in beneficiaries)) or [unit]
    if content in ("KC06", "KC09"):
        communes = []  # province-wide
    priority = (
        lead
        if plan.year >= 2026 and template.who == "single" and lead and (lead.woman_owned or lead.ethnic_minority)
        else None
    )
    return ProjectSpec(
        code=code,
        plan=plan,
        content=content,
        variant=variant,
        title=title,
        objectives=objectives,
        expected_results=results,
        implementing_unit=implementer,
        beneficiaries=beneficiaries,
        communes=communes,
        start=dates["start"],
        end=dates["end"],
        status=status,
        path=_path(rng, plan, status, dates),
        proposed_at=_at(rng, dates["proposed"]),
        cost=cost,
        share=share,
        priority_owner=priority,
        state=pin.state if pin else 0,
        dates=dates,
    )
