"""Money and results of a demo project, kept within the rules of programs.services.

- the state share never exceeds the ceiling the caller computes with programs.ceilings;
- nothing is approved before the project is, and advances stay within the content's cap;
- final payments only after acceptance; settled projects are paid in full; cancelled ones
  never received money;
- results are planned for every indicator of the content, achieved once accepted.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from core.money import split_whole
from demo.catalogue import NATIONAL, TEMPLATES
from demo.plans import AS_OF
from demo.projects import ProjectSpec

MILLION = 1_000_000
FUNDED = ("approved", "in_progress", "accepted", "settled")


@dataclass
class Money:
    lines: dict[str, list[int]] = field(default_factory=dict)  # source -> [planned, approved]
    shares: list[tuple[int, int, int]] = field(default_factory=list)  # establishment index, eligible, support
    disbursements: list[tuple[str, datetime.date, int, str, str]] = field(default_factory=list)
    outcomes: list[tuple[str, Decimal, Decimal | None]] = field(default_factory=list)


def _floor(amount: float, unit: int = MILLION) -> int:
    return int(amount) // unit * unit


def _was_approved(spec: ProjectSpec) -> bool:
    return any(to == "approved" for _from, to, *_rest in spec.path)


def size(
    spec: ProjectSpec, *, ceiling: Callable[[ProjectSpec, int], int], advance_cap: Decimal, indicators: list[str]
) -> Money:
    """Size the project's money; `ceiling(spec, total_cost)` is the most the state may pay."""
    rng = random.Random(spec.rng_seed + ":money")
    money = Money()
    total = spec.cost
    limit = ceiling(spec, total)
    wanted = spec.state or total * spec.share
    # Proposals are written in round millions, except booth rent, counted to the thousand đồng.
    unit = 1000 if spec.variant == "join_domestic" else MILLION
    state = min(_floor(wanted, unit), _floor(limit, unit))
    main = "KCQG" if spec.plan.level == NATIONAL else "KCDP"
    co_funding = TEMPLATES[spec.content].co_funding
    split = {main: state}
    if spec.plan.level != NATIONAL and co_funding and rng.random() < 0.2:
        # New-rural or poverty-reduction money sometimes pays part of a local project.
        split[co_funding] = _floor(state * rng.uniform(0.3, 0.4))
        split[main] = state - split[co_funding]
    approved = _was_approved(spec)
    approved_state = state
    if approved and rng.random() < 0.2:
        approved_state = _floor(state * rng.uniform(0.9, 0.98), unit)  # cut by the approval decision
    for source, planned in split.items():
        granted = planned * approved_state // state if state else 0
        money.lines[source] = [planned, (granted // 1000 * 1000) if approved else 0]
    if approved:
        # Rounding leaves a few thousand đồng: give them to the main source.
        money.lines[main][1] += approved_state - sum(line[1] for line in money.lines.values())
    if total > state:
        counterpart = total - state
        money.lines["DOIUNG"] = [counterpart, counterpart + (state - approved_state) if approved else 0]
    _shares(spec, money, rng, approved_state if approved else state)
    _disburse(spec, money, rng, advance_cap)
    _outcomes(spec, money, rng, indicators)
    return money


def _shares(spec: ProjectSpec, money: Money, rng: random.Random, support: int) -> None:
    people = spec.beneficiaries
    if not people:
        return
    if TEMPLATES[spec.content].awards:
        award = rng.choice((3, 5)) * MILLION
        money.shares = [(p.index, award, award) for p in people]
        return
    weights = [rng.uniform(0.7, 1.3) for _ in people]
    # Split to the thousand đồng without losing any: the shares add up to the project's state money.
    costs = split_whole(spec.cost, weights, 1000)
    supports = split_whole(support, weights, 1000)
    for person, eligible, award in zip(people, costs, supports, strict=True):
        money.shares.append((person.index, int(eligible), int(min(eligible, award))))


def _between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    high = min(high, AS_OF)
    if high <= low:
        return min(low, AS_OF)
    return low + datetime.timedelta(days=rng.randint(0, (high - low).days))


def _disburse(spec: ProjectSpec, money: Money, rng: random.Random, advance_cap: Decimal) -> None:
    if spec.status not in FUNDED:
        return  # proposed, appraised or cancelled: no money has left the treasury
    dates = spec.dates
    voucher = 0
    for source, (_planned, approved) in money.lines.items():
        if source == "DOIUNG" or approved <= 0:
            continue  # the establishment's own money is spent by itself, not disbursed
        advance = 0
        wants_advance = {"approved": 0.15, "in_progress": 0.7, "accepted": 0.8, "settled": 0.8}[spec.status]
        if rng.random() < wants_advance:
            cap = approved * advance_cap / 100
            advance = _floor(float(cap) * rng.uniform(0.7, 1.0), 1000)
            if spec.status == "approved":
                day = _between(rng, dates["approved"] + datetime.timedelta(days=10), dates["start"])
            else:
                day = _between(rng, dates["start"] + datetime.timedelta(days=7), dates["end"])
            voucher += 1
            money.disbursements.append((source, day, advance, "advance", f"UNC {spec.code}/{voucher:02d}"))
        paid_in_full = spec.status == "settled" or (spec.status == "accepted" and rng.random() < 0.5)
        if paid_in_full and approved > advance:
            if spec.status == "settled":
                day = _between(rng, dates["accepted"] + datetime.timedelta(days=3), dates["settled"])
            else:
                day = _between(
                    rng, dates["accepted"] + datetime.timedelta(days=7), dates["accepted"] + datetime.timedelta(days=40)
                )
            voucher += 1
            money.disbursements.append((source, day, approved - advance, "final", f"UNC {spec.code}/{voucher:02d}"))


def _value(code: str, spec: ProjectSpec, rng: random.Random) -> tuple[float, float]:
    """Planned and achieved value of one indicator."""
    people = len(spec.beneficiaries)
    if code == "TRAINEES":
        return 30, rng.randint(25, 35)
    if code == "EMPLOYED":
        return 24, 0  # filled from TRAINEES below
    if code == "MGMT_TRAINEES":
        planned = rng.choice((40, 50, 60, 80, 100))
        return planned, round(planned * rng.uniform(0.85, 1.1))
    if code in ("MODELS", "FAIRS", "BRANDS"):
        return 1, 1
    if code == "CLUSTERS":
        return (1, 1) if spec.content in ("KC07a", "KC07b") or spec.variant == "cluster" else (0, 0)
    if code == "MACHINES":
        planned = rng.randint(1, 3)
        return planned, planned
    if code in ("EST_SUPPORTED", "CONSULTED", "BOOTHS"):
        dropped = 1 if people > 1 and rng.random() < 0.15 else 0  # one establishment withdrew
        return people, people - dropped
    if code == "CERTIFIED":
        planned = rng.choice((15, 20, 25))
        return planned, rng.randint(planned - 5, planned + 3)
    if code == "MEDIA":
        planned = rng.choice((12, 18, 24))
        return planned, planned - rng.randint(0, 2)
    if code == "JOBS":
        planned = rng.randint(150, 300) if spec.content == "KC07b" else rng.randint(2, 15)
        return planned, round(planned * rng.uniform(0.7, 1.2))
    if code == "REVENUE_CHANGE":
        return rng.choice((15, 20, 25)), rng.randint(10, 35)
    return 0, 0


def _outcomes(spec: ProjectSpec, money: Money, rng: random.Random, indicators: list[str]) -> None:
    done = spec.status in ("accepted", "settled")
    values = {code: _value(code, spec, rng) for code in indicators}
    if "EMPLOYED" in values and "TRAINEES" in values:
        trainees = values["TRAINEES"][1]
        values["EMPLOYED"] = (24, round(trainees * rng.uniform(0.8, 0.9)))  # 80-90% find work
    for code, (planned, achieved) in values.items():
        if planned == 0 and achieved == 0:
            continue
        money.outcomes.append((code, Decimal(planned), Decimal(achieved) if done else None))
