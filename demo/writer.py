"""Write the demo province: bulk inserts in chunks, existing rows found by their natural keys.

Tax codes, project codes, (year, level) of plans and usernames identify demo rows, so a second
run only creates what is missing: at the same scale it creates nothing and takes about a second.
Rows are bulk-created (no save(), no signals), so this module sets what save() would:
`Establishment.search_text`, and the timestamps, which are backdated to the demo's own dates.
"""

import time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from beneficiaries.models import CraftVillage, Establishment, EstablishmentYearStat
from core.money import format_vnd
from core.text import fold
from demo import accounts, applications, establishments, ledger, projects
from demo.bulk import BATCH, CHUNK, Reference, RuleCache, Summary, at, chunks, with_history
from demo.catalogue import NATIONAL
from demo.plans import PLANS
from demo.trades import VILLAGES
from programs.ceilings import ceiling_compute
from programs.models import (
    AnnualPlan,
    BudgetLine,
    Disbursement,
    FundingSource,
    PlanBudget,
    PriorityGround,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatusChange,
)
from programs.services import PER_ESTABLISHMENT_UNITS
from programs.services.commitments import committed_by_source

BASE_ESTABLISHMENTS = 260  # per scale unit; projects per unit: the 96 slots of catalogue.SCHEDULE


def seed(*, scale: int = 1) -> Summary:
    started = time.perf_counter()
    summary = Summary(scale=scale)
    with transaction.atomic():
        ref = Reference()
        villages = _ensure_villages(ref, summary)
        est_specs = establishments.generate(BASE_ESTABLISHMENTS * scale)
        est_pks = _ensure_establishments(est_specs, ref, villages, summary)
        owners = {
            username: Establishment.objects.get(pk=est_pks[index])
            for index, username in enumerate(("establishment", "establishment2"))
        }
        users = accounts.ensure_users(owners)
        plans = _ensure_plans(summary, users["staff"])
        centre = settings.PORTAL["CENTRE"]
        specs = projects.generate(scale, est_specs, centre)
        created = _ensure_projects(specs, est_pks, plans, ref, users, summary)
        _ensure_budgets(plans, ref, summary, force=created > 0)
        check_commitments(plans.values())
        accounts.ensure_links(users, owners)
        applications.ensure(users=users, owners=owners, summary=summary)
    summary.users = users
    summary.totals = {"establishments": Establishment.objects.count(), "projects": Project.objects.count()}
    summary.seconds = time.perf_counter() - started
    return summary


def _ensure_villages(ref: Reference, summary: Summary) -> dict[str, int]:
    found = {}
    for village in VILLAGES:
        row, created = CraftVillage.objects.get_or_create(
            commune_id=ref.units[establishments.CODE_BY_NAME[village.commune]],
            name=village.name,
            defaults={
                "crafts": village.crafts,
                "recognition_decision": village.decision,
                "recognised_on": village.recognised_on,
            },
        )
        summary.add("làng nghề", created)
        found[village.name] = row.pk
    return found


def _ensure_establishments(specs, ref: Reference, villages: dict, summary: Summary) -> dict[int, int]:
    """Create the missing establishments; return establishment index -> pk for all of them."""
    pks = dict(Establishment.objects.values_list("tax_code", "pk"))
    missing = [spec for spec in specs if spec.tax_code not in pks]
    through = Establishment.sectors.through
    for chunk in chunks(missing):
        rows = []
        for spec in chunk:
            created_at = at(spec.registered_on)
            row = Establishment(
                name=spec.name,
                legal_form=spec.legal_form,
                tax_code=spec.tax_code,
                representative=spec.owner.full_name,
                phone=spec.phone,
                email=spec.email,
                address=spec.address,
                commune_id=ref.units[spec.commune],
                craft_village_id=villages.get(spec.village),
                founding_year=spec.founding_year,
                main_products=spec.main_products,
                woman_owned=spec.woman_owned,
                ethnic_minority_owner=spec.ethnic_minority,
                search_text=fold(f"{spec.name} {spec.tax_code} {spec.owner.full_name}"),
                created_at=created_at,
                updated_at=created_at,
            )
            row._history_date = created_at
            rows.append(row)
        rows = with_history(rows, Establishment)
        links, stats = [], []
        for spec, row in zip(chunk, rows, strict=True):
            pks[spec.tax_code] = row.pk
            links += [through(establishment_id=row.pk, sector_id=ref.sectors[code]) for code in spec.sectors]
            for year, revenue, employees in spec.stats:
                stat = EstablishmentYearStat(establishment_id=row.pk, year=year, employees=employees)
                stat.revenue = Decimal(revenue)
                stats.append(stat)
        through.objects.bulk_create(links, batch_size=BATCH)
        EstablishmentYearStat.objects.bulk_create(stats, batch_size=BATCH)
        summary.add("cơ sở", len(rows))
        summary.add("số liệu năm", len(stats))
    return {spec.index: pks[spec.tax_code] for spec in specs}


def _ensure_plans(summary: Summary, staff) -> dict[tuple[int, str], AnnualPlan]:
    plans = {(p.year, p.level): p for p in AnnualPlan.objects.filter(year__in={s.year for s in PLANS})}
    missing = []
    for spec in PLANS:
        if (spec.year, spec.level) in plans:
            continue
        plan = AnnualPlan(
            year=spec.year,
            level=spec.level,
            title=spec.title,
            status=spec.status,
            decision_number=spec.decision_number,
            decision_date=spec.decision_date,
            notes=spec.notes,
            created_at=at(spec.proposals_open),
        )
        plan._history_date = plan.created_at
        missing.append(plan)
    for plan in with_history(missing, AnnualPlan, user=staff):
        plans[(plan.year, plan.level)] = plan
    summary.add("kế hoạch", len(missing))
    return plans


def _ensure_projects(specs, est_pks, plans, ref: Reference, users, summary: Summary) -> int:
    existing = set(Project.objects.values_list("code", flat=True))
    missing = [spec for spec in specs if spec.code not in existing]
    rules = RuleCache()
    for chunk in chunks(missing, CHUNK // 2):
        _write_projects(chunk, est_pks, plans, ref, rules, users, summary)
    return len(missing)


class DemoRuleBroken(RuntimeError):
    """The demo would write data the portal's own rules refuse: stop rather than seed it."""


# The ground the appraisal records for a project whose lead establishment is owned by a woman or
# an ethnic-minority person (NĐ 235/2025); never applied by the owner's attribute alone.
GROUND_BY_OWNER = (("woman_owned", "woman_owned"), ("ethnic_minority", "ethnic_minority_owner"))


class Grounds:
    """The priority grounds loaded by migrate, read once; `of(spec)` is the one a demo project records."""

    def __init__(self) -> None:
        self.by_code = {ground.code: ground for ground in PriorityGround.objects.filter(active=True)}

    def of(self, spec) -> PriorityGround | None:
        owner = spec.priority_owner
        if owner is None:
            return None
        for attribute, code in GROUND_BY_OWNER:
            ground = self.by_code.get(code)
            if getattr(owner, attribute) and ground is not None and ground.in_force_on(spec.start):
                return ground
        return None


def _priority_note(ground: PriorityGround | None) -> str:
    if ground is None:
        return ""
    return f"Hội đồng thẩm định xác nhận: {ground.name.lower()}."


def _ceiling(ref: Reference, rules: RuleCache, grounds: Grounds):
    """The most the state may pay, as programs.services.project_ceiling will compute it (1-2 queries)."""

    def compute(spec, total: int) -> int:
        kwargs = {
            "content": ref.contents[spec.content],
            "variant": spec.variant,
            "eligible_cost": Decimal(total),
            "on_date": spec.start,
            "rule_set": "national" if spec.plan.level == NATIONAL else "local",
            "ground": grounds.of(spec),
        }
        kwargs["rule"] = rules.rule(
            content=kwargs["content"], variant=spec.variant, on_date=spec.start, rule_set=kwargs["rule_set"]
        )
        ceiling = ceiling_compute(**kwargs)
        if ceiling.rule.unit in PER_ESTABLISHMENT_UNITS and len(spec.beneficiaries) > 1:
            ceiling = ceiling_compute(**kwargs, units=len(spec.beneficiaries))
        return int(ceiling.amount)

    return compute


def _refuse_over_ceiling(spec, money, ceiling, state_sources: set[str]) -> None:
    """Raise if the money sized for `spec` puts planned or approved state money over its ceiling."""
    total = sum(planned for planned, _approved in money.lines.values())
    limit = ceiling(spec, total)
    for index, label in ((0, "planned"), (1, "approved")):
        state = sum(amounts[index] for source, amounts in money.lines.items() if source in state_sources)
        if state > limit:
            kind = "dự kiến" if label == "planned" else "được duyệt"
            raise DemoRuleBroken(
                f"Dữ liệu mẫu vượt mức hỗ trợ: đề án {spec.code}, kinh phí nhà nước {kind} {format_vnd(state)} "
                f"vượt mức tối đa {format_vnd(limit)}."
            )


def _write_projects(chunk, est_pks, plans, ref: Reference, rules: RuleCache, users, summary: Summary) -> None:
    grounds = Grounds()
    ceiling = _ceiling(ref, rules, grounds)
    moneys = [
        ledger.size(
            spec,
            ceiling=ceiling,
            advance_cap=ref.contents[spec.content].advance_cap_percent,
            indicators=ref.indicators_of.get(spec.content, []),
        )
        for spec in chunk
    ]
    state_sources = {code for code, source in ref.sources.items() if source.is_state_budget}
    for spec, money in zip(chunk, moneys, strict=True):
        _refuse_over_ceiling(spec, money, ceiling, state_sources)
    rows = []
    for spec in chunk:
        last = spec.path[-1][2] if spec.path else spec.proposed_at
        row = Project(
            code=spec.code,
            title=spec.title,
            content=ref.contents[spec.content],
            variant=spec.variant,
            plan=plans[(spec.plan.year, spec.plan.level)],
            implementing_unit=spec.implementing_unit,
            start_date=spec.start,
            end_date=spec.end,
            objectives=spec.objectives,
            expected_results=spec.expected_results,
            priority_ground=grounds.of(spec),
            priority_reason=_priority_note(grounds.of(spec)),
            status=spec.status,
            created_at=spec.proposed_at,
            updated_at=last,
            search_text=fold(f"{spec.code} {spec.title}"),  # what save() would set
        )
        row._history_date = spec.proposed_at
        rows.append(row)
    rows = with_history(rows, Project, user=users["staff"])
    src = {code: source.pk for code, source in ref.sources.items()}
    shares, places, lines, payments, outcomes, steps = [], [], [], [], [], []
    for spec, row, money in zip(chunk, rows, moneys, strict=True):
        for index, eligible, support in money.shares:
            share = ProjectBeneficiary(
                project_id=row.pk,
                establishment_id=est_pks[index],
                eligible_cost=Decimal(eligible),
                support_amount=Decimal(support),
            )
            shares.append(share)
        places += [
            Project.communes.through(project_id=row.pk, administrativeunit_id=ref.units[code]) for code in spec.communes
        ]
        for source, (planned, approved) in money.lines.items():
            line = BudgetLine(
                project_id=row.pk, source_id=src[source], planned=Decimal(planned), approved=Decimal(approved)
            )
            lines.append(line)
        for source, day, amount, kind, voucher in money.disbursements:
            payment = Disbursement(
                project_id=row.pk,
                source_id=src[source],
                date=day,
                amount=Decimal(amount),
                kind=kind,
                voucher_number=voucher,
                created_by=users["staff"],
                created_at=at(day, 15),
            )
            payments.append(payment)
        for code, planned, achieved in money.outcomes:
            outcome = ProjectOutcome(project_id=row.pk, indicator_id=ref.indicators[code])
            outcome.planned, outcome.achieved = planned, achieved
            outcomes.append(outcome)
        for old, new, when, role, note in spec.path:
            step = ProjectStatusChange(project_id=row.pk, from_status=old, to_status=new, note=note)
            step.changed_by, step.changed_at = users[role], when
            steps.append(step)
    # History rows only for the projects themselves: the lines below them get theirs when staff
    # first change them (writing them too would double the time of a large seed).
    ProjectBeneficiary.objects.bulk_create(shares, batch_size=BATCH)
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    Disbursement.objects.bulk_create(payments, batch_size=BATCH)
    ProjectStatusChange.objects.bulk_create(steps, batch_size=BATCH)
    Project.communes.through.objects.bulk_create(places, batch_size=BATCH)
    ProjectOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
    for label, count in (
        ("đề án", len(rows)),
        ("cơ sở thụ hưởng", len(shares)),
        ("dòng kinh phí", len(lines)),
        ("giải ngân", len(payments)),
        ("kết quả", len(outcomes)),
        ("chuyển trạng thái", len(steps)),
    ):
        summary.add(label, count)


def _ensure_budgets(plans, ref: Reference, summary: Summary, *, force: bool) -> None:
    """Assign each plan a budget per state source a little above what its projects plan (dự toán được giao)."""
    totals = (
        BudgetLine.objects.filter(project__plan__in=plans.values(), source__is_state_budget=True)
        .values_list("project__plan_id", "source_id")
        .annotate(total=Sum("planned"))
        .order_by()
    )
    existing = {(b.plan_id, b.source_id): b for b in PlanBudget.objects.filter(plan__in=plans.values())}
    years = {plan.pk: plan.year for plan in plans.values()}
    create, update = [], []
    for plan_id, source_id, total in totals:
        # 4-12% above the planned total, rounded up to 10 (or 1) million: disbursement stays below 100%.
        factor = Decimal(104 + (years[plan_id] * 7 + source_id * 3) % 9) / 100
        step = 10_000_000 if total >= 200_000_000 else 1_000_000
        assigned = -(-int(total * factor) // step) * step
        budget = existing.get((plan_id, source_id))
        if budget is None:
            create.append(PlanBudget(plan_id=plan_id, source_id=source_id, assigned=Decimal(assigned)))
        elif force and budget.assigned != assigned:
            budget.assigned = Decimal(assigned)
            update.append(budget)
    PlanBudget.objects.bulk_create(create)
    PlanBudget.objects.bulk_update(update, ["assigned"])
    summary.add("dự toán được giao", len(create))


class OvercommittedPlanError(DemoRuleBroken):
    """The demo would approve more from a state source than its plan was assigned (nothing is written)."""


def check_commitments(plans) -> None:
    """Refuse to write a plan whose approved projects take a state source over its assigned budget.

    The rule `programs.services.commitments` enforces on every approval; bulk inserts bypass the
    services, so the demo checks the result itself, with the services' own sum (a query per plan).
    """
    plans = list(plans)
    assigned = {(budget.plan_id, budget.source_id): budget for budget in PlanBudget.objects.filter(plan__in=plans)}
    for plan in plans:
        for source_id, total in committed_by_source(plan).items():
            budget = assigned.get((plan.pk, source_id))
            limit = budget.assigned if budget is not None else Decimal(0)
            if total > limit:
                _overcommitted(plan, source_id, limit, total)


def _overcommitted(plan, source_id: int, limit: Decimal, total: Decimal) -> None:
    raise OvercommittedPlanError(
        f"Dữ liệu mẫu vượt dự toán: kế hoạch “{plan}”, nguồn "
        f"{FundingSource.objects.get(pk=source_id).code}: được giao {format_vnd(limit)}, "
        f"đã duyệt {format_vnd(total)}, vượt {format_vnd(total - limit)}."
    )
