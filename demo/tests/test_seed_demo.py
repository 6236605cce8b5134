"""`manage.py seed_demo`: a realistic province whose money obeys the rules of programs.services.

The data is bulk-created, not written through the services, so these tests check every
rule of the services on the generated rows: ceilings, advances, payments, lifecycles.
"""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.test import TestCase
from django.utils import timezone

from beneficiaries.models import (
    AdministrativeUnit,
    CraftVillage,
    Establishment,
    EstablishmentAccount,
    EstablishmentYearStat,
)
from beneficiaries.validators import normalize_phone, normalize_tax_code
from core.money import format_vnd
from core.validators import check_year_figures
from demo.accounts import PASSWORD, USERS
from demo.plans import AS_OF
from programs.models import (
    AnnualPlan,
    BudgetLine,
    Disbursement,
    PlanBudget,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectStatusChange,
    SupportContent,
)
from programs.repeat_support import project_repeats
from programs.services import project_ceiling
from programs.validators import disbursement_date_check, plan_decision_date_check, project_period_check

SEEDED_MODELS = (
    Establishment,
    EstablishmentYearStat,
    CraftVillage,
    EstablishmentAccount,
    AnnualPlan,
    PlanBudget,
    Project,
    ProjectBeneficiary,
    BudgetLine,
    Disbursement,
    ProjectOutcome,
    ProjectStatusChange,
    Group,
)
FUNDED = ("approved", "in_progress", "accepted", "settled")


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


def totals(queryset, field: str) -> dict[tuple[int, int], Decimal]:
    """Sum of `field` per (project, source) in one query."""
    rows = queryset.values_list("project", "source").annotate(total=Sum(field)).order_by()
    return {(project, source): total for project, source, total in rows}


def paid(kind: str | None = None) -> dict[tuple[int, int], Decimal]:
    """Disbursed money per (project, source), of one kind or all."""
    return totals(Disbursement.objects.filter(**({"kind": kind} if kind else {})), "amount")


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = seed()

    def test_it_creates_at_least_250_establishments_in_all_28_units(self):
        self.assertGreaterEqual(Establishment.objects.count(), 250)
        units = AdministrativeUnit.objects.exclude(kind__in=AdministrativeUnit.PROVINCE_KINDS)
        self.assertEqual(units.count(), 28)
        self.assertFalse(units.annotate(n=Count("establishments")).filter(n=0).exists())

    def test_it_puts_more_establishments_in_communes_and_ward_ones_mostly_in_craft_villages(self):
        by_kind = Counter(Establishment.objects.values_list("commune__kind", flat=True))
        self.assertGreater(by_kind["xa"] / 21, by_kind["phuong"] / 7)
        wards = Establishment.objects.filter(commune__kind="phuong")
        self.assertGreater(wards.filter(craft_village__isnull=False).count(), wards.count() * 0.6)
        self.assertTrue(4 <= CraftVillage.objects.exclude(recognition_decision="").count() <= 6)

    def test_it_gives_owners_realistic_priorities(self):
        total = Establishment.objects.count()
        self.assertAlmostEqual(Establishment.objects.filter(woman_owned=True).count() / total, 0.3, delta=0.08)
        self.assertAlmostEqual(
            Establishment.objects.filter(ethnic_minority_owner=True).count() / total, 0.08, delta=0.04
        )

    def test_it_generates_identifiers_that_pass_the_validators(self):
        for tax_code, phone in Establishment.objects.values_list("tax_code", "phone"):
            self.assertEqual(normalize_tax_code(tax_code), tax_code)
            if phone:
                self.assertEqual(normalize_phone(phone), phone)
        lengths = Counter(len(code) for code in Establishment.objects.values_list("tax_code", flat=True))
        self.assertTrue(lengths[10] and lengths[12], lengths)

    def test_it_writes_establishments_that_pass_full_clean(self):
        for establishment in Establishment.objects.all():
            establishment.full_clean(validate_unique=False, validate_constraints=False)

    def test_it_sets_what_save_would_have_set_and_keeps_history(self):
        self.assertTrue(Establishment.objects.search("kho ca bay hong").filter(name="Cơ sở khô cá Bảy Hồng").exists())
        self.assertFalse(Establishment.objects.filter(search_text="").exists())
        self.assertEqual(Establishment.history.count(), Establishment.objects.count())
        self.assertEqual(Project.history.count(), Project.objects.count())

    def test_it_records_four_years_of_figures_in_whole_dong(self):
        years = set(EstablishmentYearStat.objects.values_list("year", flat=True))
        self.assertEqual(years, {2022, 2023, 2024, 2025})
        for revenue in EstablishmentYearStat.objects.values_list("revenue", flat=True):
            self.assertEqual(revenue, revenue.to_integral_value())
            self.assertTrue(50_000_000 <= revenue <= 200_000_000_000, revenue)

    def test_it_creates_at_least_90_projects_in_every_year_and_content(self):
        self.assertGreaterEqual(Project.objects.count(), 90)
        years = set(Project.objects.values_list("plan__year", flat=True))
        self.assertEqual(years, {2023, 2024, 2025, 2026})
        missing = SupportContent.objects.filter(active=True).exclude(projects__isnull=False)
        self.assertFalse(missing.exists(), list(missing.values_list("code", flat=True)))

    def test_it_creates_the_plans_with_their_decisions_and_budgets(self):
        plans = {(p.year, p.level): p for p in AnnualPlan.objects.all()}
        self.assertEqual(len(plans), 8)
        for (year, level), plan in plans.items():
            expected = "submitted" if (year, level) == (2026, "national") else "approved"
            self.assertEqual(plan.status, expected)
            if expected == "approved":
                self.assertEqual((plan.decision_date.year, (plan.decision_date.month - 1) // 3), (year, 0))
                self.assertRegex(plan.decision_number, r"^QĐ \d+/QĐ-")
            self.assertTrue(plan.budgets.exists())
        rows = BudgetLine.objects.filter(source__is_state_budget=True).values_list("project__plan", "source")
        planned = {(plan, source): total for plan, source, total in rows.annotate(total=Sum("planned")).order_by()}
        for budget in PlanBudget.objects.all():
            self.assertGreater(budget.assigned, planned[(budget.plan_id, budget.source_id)])
            self.assertLess(budget.assigned, planned[(budget.plan_id, budget.source_id)] * Decimal("1.2"))
        national = BudgetLine.objects.filter(project__plan__level="national", source__is_state_budget=True)
        self.assertEqual(set(national.values_list("source__code", flat=True)), {"KCQG"})

    def test_it_approves_no_more_than_each_plan_was_assigned_per_source(self):
        funded = BudgetLine.objects.filter(project__status__in=Project.FUNDED, source__is_state_budget=True)
        rows = funded.values_list("project__plan", "source").annotate(total=Sum("approved")).order_by()
        approved = {(plan, source): total for plan, source, total in rows}
        assigned = {(b.plan_id, b.source_id): b.assigned for b in PlanBudget.objects.all()}
        self.assertTrue(approved)
        for key, total in approved.items():
            self.assertLessEqual(total, assigned.get(key, Decimal(0)), key)

    def test_it_fails_loudly_rather_than_write_an_overcommitted_plan(self):
        budget = PlanBudget.objects.select_related("plan", "source").get(
            plan__year=2025, plan__level="local", source__code="KCDP"
        )
        budget.assigned = Decimal(1_000_000)
        budget.save()
        with self.assertRaises(CommandError) as caught:
            seed()
        message = str(caught.exception)
        for part in (str(budget.plan), budget.source.code, format_vnd(Decimal(1_000_000)), "vượt"):
            self.assertIn(part, message)

    def test_it_creates_the_demo_accounts_in_their_groups(self):
        for username, (role, *_names) in USERS.items():
            user = authenticate(request=None, username=username, password=PASSWORD)
            self.assertIsNotNone(user, username)
            self.assertTrue(user.groups.filter(name=role).exists(), username)
            self.assertTrue(user.first_name and user.last_name, username)
            self.assertIn(username, self.output)
        self.assertIn(PASSWORD, self.output)
        admin = authenticate(request=None, username="admin", password=PASSWORD)
        self.assertTrue(admin.is_superuser and admin.is_staff)
        staff = authenticate(request=None, username="staff", password=PASSWORD)
        self.assertTrue(staff.is_staff and not staff.is_superuser)

    def test_it_gives_staff_admin_rights_and_leaders_read_only_rights(self):
        staff = authenticate(request=None, username="staff", password=PASSWORD)
        leader = authenticate(request=None, username="leader", password=PASSWORD)
        for action in ("view", "add", "change"):
            self.assertTrue(staff.has_perm(f"programs.{action}_project"))
            self.assertTrue(staff.has_perm(f"beneficiaries.{action}_establishment"))
        self.assertFalse(staff.has_perm("programs.delete_project"))
        self.assertTrue(leader.has_perm("programs.view_project"))
        self.assertFalse(leader.has_perm("programs.change_project"))

    def test_it_links_the_establishment_accounts_to_distinct_verified_establishments(self):
        links = EstablishmentAccount.objects.filter(user__username__in=("establishment", "establishment2"))
        links = list(links.select_related("establishment__commune"))
        self.assertEqual(len(links), 2)
        self.assertNotEqual(links[0].establishment_id, links[1].establishment_id)
        for link in links:
            self.assertEqual(link.status, EstablishmentAccount.Status.VERIFIED)
            self.assertEqual(link.establishment.commune.kind, "xa")
            self.assertGreaterEqual(link.establishment.projects.count(), 2)
        self.assertTrue(any(link.establishment.woman_owned for link in links))

    def test_it_only_supports_eligible_establishments(self):
        shares = ProjectBeneficiary.objects.select_related(
            "establishment__commune__parent", "establishment__craft_village"
        )
        for share in shares.prefetch_related("establishment__sectors"):
            self.assertTrue(share.establishment.eligibility(), share.establishment)
            self.assertLessEqual(share.support_amount, share.eligible_cost)

    def test_it_never_supports_an_establishment_twice_with_a_content_within_the_window(self):
        shares = ProjectBeneficiary.objects.exclude(project__status="cancelled").select_related("project")
        self.assertGreater(shares.count(), 200)
        for share in shares:
            project = share.project
            repeats = project_repeats(
                establishment=share.establishment_id,
                content=project.content_id,
                start=project.start_date,
                end=project.end_date,
                exclude=project,
            )
            with self.subTest(project=project.code, establishment=share.establishment_id):
                self.assertTrue(not repeats or share.repeat_support_reason, [p.code for p in repeats])

    def test_it_keeps_the_state_share_within_the_ceiling_of_each_project(self):
        approved = dict(
            BudgetLine.objects.filter(source__is_state_budget=True)
            .values_list("project")
            .annotate(total=Sum("approved"))
            .order_by()
        )
        projects = Project.objects.select_related("content", "plan")
        for project in projects:
            ceiling = project_ceiling(project)  # 3-4 queries per project
            state = project.budget_lines.filter(source__is_state_budget=True).aggregate(total=Sum("planned"))["total"]
            self.assertLessEqual(state, ceiling.amount, project.code)
            self.assertLessEqual(approved.get(project.pk, 0), ceiling.amount, project.code)

    def test_it_raises_a_ceiling_only_where_it_records_a_ground(self):
        state = dict(
            BudgetLine.objects.filter(source__is_state_budget=True)
            .values_list("project")
            .annotate(total=Sum("planned"))
            .order_by()
        )
        machinery = Project.objects.filter(content__code="KC03b").select_related("priority_ground")
        for project in machinery:
            self.assertLessEqual(state.get(project.pk, 0), 450_000_000, project.code)  # never 675,000,000
            if project.variant == "standard" and state.get(project.pk, 0) > 300_000_000:
                self.assertIsNotNone(project.priority_ground, project.code)
                self.assertGreaterEqual(project.start_date, project.priority_ground.effective_from, project.code)
        grounds = Project.objects.filter(priority_ground__isnull=False)
        self.assertTrue(grounds.exists())
        self.assertFalse(grounds.filter(priority_reason="").exists())  # the appraisal's note beside it

    def test_it_has_no_content_of_decree_235_before_that_decree(self):
        early = Project.objects.filter(content__code__in=["KC10", "KC11"], start_date__lt=date(2025, 10, 15))
        self.assertFalse(early.exists())

    def test_it_mirrors_the_real_machinery_cases(self):
        dryer = Project.objects.get(title__contains="năng lượng mặt trời công suất 500 kg/mẻ", plan__year=2024)
        lines = dict(dryer.budget_lines.values_list("source__code", "approved"))
        self.assertEqual(lines, {"KCQG": 200_000_000, "DOIUNG": 251_000_000})
        roll_forming = Project.objects.get(title__contains="máy cán tôn sóng và máy chấn tôn", plan__year=2025)
        self.assertEqual(roll_forming.budget_lines.get(source__code="KCQG").approved, 300_000_000)

    def test_it_never_pays_more_than_approved(self):
        approved = {(line.project_id, line.source_id): line.approved for line in BudgetLine.objects.all()}
        for key, total in paid().items():
            self.assertLessEqual(total, approved.get(key, 0), key)

    def test_it_keeps_advances_within_the_advance_cap(self):
        lines = BudgetLine.objects.select_related("project__content")
        caps = {
            (line.project_id, line.source_id): line.approved * line.project.content.advance_cap_percent / 100
            for line in lines
        }
        advances = paid("advance")
        self.assertTrue(advances)
        for key, total in advances.items():
            self.assertLessEqual(total, caps[key], key)

    def test_it_pays_only_funded_projects_and_final_amounts_after_acceptance(self):
        self.assertFalse(Disbursement.objects.exclude(project__status__in=FUNDED).exists())
        self.assertFalse(Project.objects.filter(status="cancelled", disbursements__isnull=False).exists())
        finals = Disbursement.objects.filter(kind="final")
        self.assertTrue(finals.exists())
        self.assertFalse(finals.exclude(project__status__in=("accepted", "settled")).exists())
        self.assertFalse(Disbursement.objects.filter(source__is_state_budget=False).exists())

    def test_it_pays_settled_projects_in_full(self):
        disbursed = paid()
        lines = BudgetLine.objects.filter(project__status="settled", source__is_state_budget=True)
        self.assertTrue(lines.exists())
        for line in lines:
            self.assertEqual(disbursed.get((line.project_id, line.source_id), 0), line.approved, line.project_id)

    def test_it_dates_payments_between_approval_acceptance_and_settlement(self):
        reached = defaultdict(dict)
        for project, status, when in ProjectStatusChange.objects.values_list("project", "to_status", "changed_at"):
            reached[project][status] = timezone.localtime(when).date()
        for payment in Disbursement.objects.all():
            steps = reached[payment.project_id]
            self.assertGreaterEqual(payment.date, steps["approved"], payment.project_id)
            if payment.kind == "advance":
                self.assertLess(payment.date, steps.get("accepted", date.max), payment.project_id)
            else:
                self.assertGreaterEqual(payment.date, steps["accepted"], payment.project_id)
                self.assertLessEqual(payment.date, steps.get("settled", date.max), payment.project_id)
            self.assertLessEqual(payment.date, AS_OF)

    def test_it_approves_money_only_for_approved_projects(self):
        unapproved = BudgetLine.objects.filter(project__status__in=("proposed", "appraised"), approved__gt=0)
        self.assertFalse(unapproved.exists())
        funded = Project.objects.filter(status__in=FUNDED)
        state = funded.filter(budget_lines__source__is_state_budget=True, budget_lines__approved__gt=0)
        self.assertEqual(state.distinct().count(), funded.count())

    def test_it_approves_projects_only_in_approved_plans(self):
        self.assertFalse(Project.objects.filter(status__in=FUNDED).exclude(plan__status="approved").exists())

    def test_it_dates_projects_within_their_plan_year(self):
        for project in Project.objects.select_related("plan"):
            self.assertLessEqual(project.start_date, project.end_date, project.code)
            self.assertEqual(project.start_date.year, project.plan.year, project.code)
            self.assertEqual(project.end_date.year, project.plan.year, project.code)

    def test_it_obeys_the_date_and_figure_rules_the_services_enforce(self):
        # programs.validators and core.validators, as project_save, disbursement_create,
        # plan_transition and the yearly-figure services apply them; each raises if broken.
        for plan in AnnualPlan.objects.filter(status="approved"):
            plan_decision_date_check(plan=plan, decision_date=plan.decision_date)
        for project in Project.objects.select_related("plan", "content"):
            project_period_check(
                plan=project.plan, content=project.content, start=project.start_date, end=project.end_date
            )
        for payment in Disbursement.objects.select_related("project__plan"):
            disbursement_date_check(project=payment.project, date=payment.date)
        for stat in EstablishmentYearStat.objects.all():
            check_year_figures(year=stat.year, revenue=stat.revenue, employees=stat.employees)

    def test_it_spreads_statuses_by_year(self):
        statuses = defaultdict(Counter)
        for year, status in Project.objects.values_list("plan__year", "status"):
            statuses[year][status] += 1
        for year in (2023, 2024):
            done = statuses[year]["settled"] + statuses[year]["accepted"]
            self.assertGreater(done, sum(statuses[year].values()) * 0.7)
        self.assertGreater(statuses[2025]["accepted"] + statuses[2025]["in_progress"], sum(statuses[2025].values()) / 2)
        self.assertFalse(set(statuses[2026]) - {"proposed", "appraised", "approved", "in_progress"})
        national_2026 = Project.objects.filter(plan__year=2026, plan__level="national")
        self.assertFalse(national_2026.exclude(status__in=("proposed", "appraised")).exists())

    def test_it_traces_each_project_along_the_allowed_transitions(self):
        steps = defaultdict(list)
        for change in ProjectStatusChange.objects.order_by("changed_at", "pk"):
            steps[change.project_id].append(change)
        for project in Project.objects.all():
            status = "proposed"
            previous = None
            for change in steps[project.pk]:
                self.assertEqual(change.from_status, status, project.code)
                self.assertIn(change.to_status, Project.TRANSITIONS[change.from_status], project.code)
                self.assertIsNotNone(change.changed_by)
                if previous:
                    self.assertGreaterEqual(change.changed_at, previous)
                status, previous = change.to_status, change.changed_at
            self.assertEqual(status, project.status, project.code)

    def test_it_records_outcomes_of_the_indicators_of_each_content(self):
        outcomes = ProjectOutcome.objects.select_related("project", "indicator")
        self.assertTrue(outcomes.exists())
        for outcome in outcomes.prefetch_related("indicator__contents"):
            self.assertIn(outcome.project.content_id, {c.pk for c in outcome.indicator.contents.all()})
            done = outcome.project.status in ("accepted", "settled")
            self.assertEqual(outcome.achieved is not None, done, outcome.project.code)
        trainees = outcomes.filter(indicator__code="TRAINEES", achieved__isnull=False)
        self.assertTrue(all(25 <= o.achieved <= 35 for o in trainees))
        machines = Project.objects.filter(content__code="KC03b", status="settled")
        self.assertFalse(machines.exclude(outcomes__indicator__code="MACHINES").exists())

    def test_it_is_idempotent(self):
        before = counts()
        output = seed()
        self.assertEqual(counts(), before)
        self.assertIn("không có", output)  # nothing created

    def test_it_refuses_to_give_the_demo_password_to_a_real_account(self):
        User = get_user_model()
        User.objects.filter(username="admin").update(email="giamdoc@sct.example", password="x")
        with self.assertRaisesMessage(CommandError, "admin"):
            seed()
        self.assertEqual(User.objects.get(username="admin").password, "x")

    def test_it_multiplies_establishments_and_projects_with_scale(self):
        before = counts()
        seed(scale=2)
        after = counts()
        for model in ("Establishment", "Project", "BudgetLine", "ProjectStatusChange"):
            self.assertGreaterEqual(after[model], before[model] * 1.8, model)
        self.assertEqual(after["AnnualPlan"], before["AnnualPlan"])


class SeedDemoRuleTests(TestCase):
    def test_it_fails_loudly_rather_than_write_a_project_over_its_ceiling(self):
        from demo import ledger
        from demo.writer import DemoRuleBroken

        size = ledger.size

        def oversized(spec, *, ceiling, **kwargs):
            money = size(spec, ceiling=ceiling, **kwargs)
            main = "KCQG" if spec.plan.level == "national" else "KCDP"
            if spec.content == "KC03b" and main in money.lines:
                money.lines[main][0] = ceiling(spec, spec.cost) + 1
            return money

        # The command ends with the rule's message (a CommandError), not a traceback.
        with mock.patch.object(ledger, "size", oversized), self.assertRaises(CommandError) as caught:
            seed()
        self.assertIsInstance(caught.exception.__cause__, DemoRuleBroken)
        self.assertIn("vượt mức tối đa", str(caught.exception))
        self.assertFalse(Project.objects.exists())
