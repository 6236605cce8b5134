"""The row rules of an application: which statuses allow each step, and the services agree with them."""

import datetime
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from applications.models import Application, ApplicationStatus, ApplicationStatusChange
from applications.review_services import (
    application_convert,
    application_decide,
    application_request_correction,
    application_take,
    appraisal_create,
)
from applications.services import (
    application_save_draft,
    application_submit,
    application_withdraw,
    attachment_add,
)
from applications.tests.test_review_services import SCORES
from beneficiaries.tests.factories import EstablishmentFactory
from programs.models import AnnualPlan, Project, ProjectStatus
from programs.tests.factories import AnnualPlanFactory

S = ApplicationStatus
# For each rule, the statuses that allow it; every other status refuses it.
ALLOWED = {
    "can_submit": {S.DRAFT, S.NEEDS_CORRECTION},
    "can_edit": {S.DRAFT, S.NEEDS_CORRECTION},
    "can_withdraw": {S.DRAFT, S.SUBMITTED, S.NEEDS_CORRECTION},
    "can_take": {S.SUBMITTED},
    "can_appraise": {S.UNDER_REVIEW},
    "can_request_correction": {S.UNDER_REVIEW},
    "can_decide": {S.UNDER_REVIEW},
    "can_convert": {S.APPROVED},
    "awaits_correction": {S.NEEDS_CORRECTION},
}


class RowRuleTests(SimpleTestCase):
    def test_each_rule_allows_exactly_its_statuses(self):
        for rule, allowed in ALLOWED.items():
            for status in ApplicationStatus:
                with self.subTest(rule=rule, status=status.value):
                    self.assertEqual(getattr(Application(status=status), rule), status in allowed)

    def test_each_rule_follows_the_transition_table(self):
        # A rule is a step of TRANSITIONS: changing the table would change the rule with it.
        steps = {
            "can_submit": S.SUBMITTED,
            "can_withdraw": S.WITHDRAWN,
            "can_take": S.UNDER_REVIEW,
            "can_request_correction": S.NEEDS_CORRECTION,
            "can_decide": S.REFUSED,
            "can_convert": S.CONVERTED,
        }
        for rule, step in steps.items():
            allowed = {status for status, following in Application.TRANSITIONS.items() if step in following}
            self.assertEqual(allowed, ALLOWED[rule], rule)

    def test_results_open_once_the_project_is_accepted_or_settled(self):
        for project_status in ProjectStatus:
            with self.subTest(project_status=project_status.value):
                application = Application(status=S.CONVERTED, project=Project(status=project_status))
                self.assertEqual(
                    application.can_report_results, project_status in (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)
                )
        self.assertFalse(Application(status=S.CONVERTED).can_report_results)
        for status in set(ApplicationStatus) - {S.CONVERTED}:
            with self.subTest(status=status.value):
                self.assertFalse(Application(status=status).can_report_results)

    def test_only_a_refusal_shows_its_reason_as_one(self):
        self.assertEqual(Application(status=S.REFUSED, decision_reason="Ngoài địa bàn").refusal_reason, "Ngoài địa bàn")
        self.assertEqual(Application(status=S.APPROVED, decision_reason="Đủ điều kiện").refusal_reason, "")

    def test_every_status_tells_the_establishment_what_to_do_next(self):
        for status in ApplicationStatus:
            with self.subTest(status=status.value):
                self.assertTrue(Application(status=status).next_step)


class CorrectionRequestTests(TestCase):
    def test_it_is_the_last_request_while_one_is_awaited(self):
        application = Application.objects.create(establishment=EstablishmentFactory(), status=S.NEEDS_CORRECTION)
        for day, reason in ((1, "Thiếu báo giá"), (5, "Thiếu ảnh nhà xưởng")):
            ApplicationStatusChange.objects.create(
                application=application,
                from_status=S.UNDER_REVIEW,
                to_status=S.NEEDS_CORRECTION,
                reason=reason,
                changed_at=datetime.datetime(2026, 3, day, tzinfo=datetime.UTC),
            )
        self.assertEqual(application.correction_request().reason, "Thiếu ảnh nhà xưởng")
        application.status = S.SUBMITTED
        self.assertIsNone(application.correction_request())


class ServicesFollowTheRulesTests(TestCase):
    """For every status, each service refuses exactly where the row rule says no, with its own message."""

    @classmethod
    def setUpTestData(cls):
        cls.officer = get_user_model().objects.create_user("canbo")
        cls.establishment = EstablishmentFactory()
        cls.plan = AnnualPlanFactory(year=2026, level=AnnualPlan.Level.LOCAL)

    def application(self, status) -> Application:
        # No content: a step the rule allows stops further on, at a check of its own.
        return Application.objects.create(
            establishment=self.establishment,
            status=status,
            title="Máy sấy",
            eligible_cost=D("100000000"),
            support_requested=D("50000000"),
        )

    def refusal_code(self, action, status):
        try:
            action(self.application(status))
        except ValidationError as error:
            return getattr(error, "code", None)
        return None

    def assert_refused_exactly_where_the_rule_says(self, rule: str, refusal: str, action):
        for status in ApplicationStatus:
            with self.subTest(rule=rule, status=status.value):
                code = self.refusal_code(action, status)
                if status in ALLOWED[rule]:
                    self.assertNotEqual(code, refusal)
                else:
                    self.assertEqual(code, refusal)

    def test_the_establishments_services(self):
        self.assert_refused_exactly_where_the_rule_says(
            "can_submit", "not_editable", lambda a: application_submit(application=a, by=None)
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_edit", "not_editable", lambda a: application_save_draft(application=a, data={"title": "Máy mới"})
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_edit", "not_editable", lambda a: attachment_add(application=a, kind="?", upload=None, by=None)
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_withdraw", "not_withdrawable", lambda a: application_withdraw(application=a, by=None)
        )

    def test_the_staff_services(self):
        officer = self.officer
        self.assert_refused_exactly_where_the_rule_says(
            "can_take", "transition_not_allowed", lambda a: application_take(application=a, officer=officer)
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_appraise",
            "not_under_review",
            lambda a: appraisal_create(application=a, appraiser=officer, scores=SCORES, comments={}),
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_request_correction",
            "transition_not_allowed",
            lambda a: application_request_correction(application=a, officer=officer, reason="Thiếu báo giá"),
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_decide",
            "transition_not_allowed",
            lambda a: application_decide(application=a, officer=officer, approve=False, reason="Ngoài địa bàn"),
        )
        self.assert_refused_exactly_where_the_rule_says(
            "can_convert", "not_approved", lambda a: application_convert(application=a, officer=officer, plan=self.plan)
        )


class ResultDueDateTests(SimpleTestCase):
    def test_a_draft_has_no_due_date(self):
        self.assertIsNone(Application(status=S.DRAFT).result_due_date)

    def test_the_result_is_due_the_configured_working_days_after_submission_in_local_time(self):
        # 23:30 UTC on Monday 27 April 2026 is already Tuesday the 28th in Vietnam; 30/4 and 1/5 are off.
        submitted = datetime.datetime(2026, 4, 27, 23, 30, tzinfo=datetime.UTC)
        application = Application(status=S.SUBMITTED, submitted_at=submitted)
        with self.settings(APPLICATION_RESULT={"WORKING_DAYS": 2, "LEGAL_BASIS": ""}):
            self.assertEqual(application.result_due_date, datetime.date(2026, 5, 4))
        with self.settings(APPLICATION_RESULT={"WORKING_DAYS": 15, "LEGAL_BASIS": ""}):
            self.assertEqual(application.result_due_date, datetime.date(2026, 5, 21))
