"""An appraised project's typed amounts are not yet approved money, in any table of the results report."""

from django.test import TestCase

from programs.models import BudgetLine
from programs.tests.test_plan_views import money_project
from reports.documents import results_document
from reports.tests import D, build_year


class ApprovedCountsFromTheApprovalTests(TestCase):
    def test_the_summary_and_the_appendix_agree_with_the_table_by_source(self):
        plan = build_year(2025)
        before = results_document(2025)
        appraised = money_project(plan, "R2025A-5", status="appraised")
        BudgetLine.objects.filter(project=appraised, source__code="KCDP").update(approved=D("150000000"))

        document = results_document(2025)
        self.assertEqual(document.state_total.approved, before.state_total.approved)
        self.assertEqual(document.total.approved, document.state_total.approved)
        row = next(row for group in document.groups for row in group.rows if row.code == appraised.code)
        self.assertEqual(row.approved, D("0"))
