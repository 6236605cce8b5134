"""Which payments a project accepts: one rule (`Project.PAYMENTS`), read alike by the page and the service."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from programs.models import BudgetLine, Disbursement, DisbursementKind, Project, ProjectStatus
from programs.services import disbursement_create
from programs.tests.factories import ProjectFactory, source

D = Decimal
M = 1_000_000


def project_with_money(status: str, *, paid: int = 0) -> Project:
    """A project of the status given, 100 million approved on the local fund, `paid` of it already paid."""
    project = ProjectFactory(status=status)
    BudgetLine.objects.create(project=project, source=source("KCDP"), planned=D(100 * M), approved=D(100 * M))
    if paid:
        Disbursement.objects.create(
            project=project, source=source("KCDP"), date=project.start_date, amount=D(paid), kind="advance"
        )
    return project


class PaymentRuleTests(TestCase):
    def test_advances_until_acceptance_then_the_final_payment_and_nothing_once_settled(self):
        accepted = {status: project_with_money(status).payment_kinds() for status in ProjectStatus}
        self.assertEqual(
            accepted,
            {
                ProjectStatus.PROPOSED: (),
                ProjectStatus.APPRAISED: (),
                ProjectStatus.APPROVED: ("advance",),
                ProjectStatus.IN_PROGRESS: ("advance",),
                ProjectStatus.ACCEPTED: ("final",),
                ProjectStatus.SETTLED: (),
                ProjectStatus.CANCELLED: (),
            },
        )

    def test_only_a_funded_project_is_ever_paid(self):
        self.assertLessEqual(set(Project.PAYMENTS), set(Project.FUNDED))

    def test_the_service_records_exactly_what_the_project_says_it_accepts(self):
        for status in ProjectStatus:
            for kind in DisbursementKind:
                project = project_with_money(status)
                with self.subTest(status=status, kind=kind):
                    try:
                        disbursement_create(
                            project=project,
                            source=source("KCDP"),
                            date=datetime.date(2025, 5, 1),
                            amount=D(M),
                            kind=kind,
                        )
                    except ValidationError as error:
                        self.assertFalse(project.accepts_payment(kind), error.messages)
                        self.assertEqual(error.code, project.payment_refusal(kind).code)
                    else:
                        self.assertTrue(project.accepts_payment(kind))

    def test_a_source_paid_in_full_or_without_a_line_accepts_nothing_more(self):
        project = project_with_money(ProjectStatus.IN_PROGRESS, paid=100 * M)
        BudgetLine.objects.create(project=project, source=source("DOIUNG"), planned=D(50 * M), approved=D(50 * M))
        self.assertEqual(project.payable_sources(), [source("DOIUNG")])
        self.assertTrue(project.accepts_payment("advance", source("DOIUNG")))
        self.assertFalse(project.accepts_payment("advance", source("KCDP")))
        self.assertFalse(project.accepts_payment("advance", source("KCQG")))
        self.assertFalse(project.accepts_payment("final", source("DOIUNG")))

    def test_the_payable_sources_cost_one_query_and_none_on_the_project_page(self):
        project = project_with_money(ProjectStatus.APPROVED, paid=40 * M)
        with self.assertNumQueries(1):
            self.assertEqual([s.code for s in project.payable_sources()], ["KCDP"])
        page_project = Project.objects.for_staff_detail().get(pk=project.pk)
        with self.assertNumQueries(0):
            self.assertEqual([s.code for s in page_project.payable_sources()], ["KCDP"])
            self.assertEqual([line.remaining for line in page_project.budget_lines.all()], [D(60 * M)])
