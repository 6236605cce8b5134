"""The application cards other apps' staff pages load by name: waiting applications, an establishment's."""

import datetime

from django.template import Context, Template
from django.test import TestCase
from django.utils import timezone

from applications.models import Application
from beneficiaries.tests.factories import EstablishmentFactory
from programs.tests.factories import ProjectFactory, content


def render(source: str, **context) -> str:
    return Template("{% load application_cards %}" + source).render(Context(context))


class WaitingApplicationsTests(TestCase):
    def test_it_lists_the_applications_waiting_for_an_officer_oldest_first(self):
        establishment = EstablishmentFactory(name="Cơ sở khô cá Út Hiền")
        now = timezone.now()
        for number, status, days in (
            ("000011", "submitted", 1),
            ("000012", "under_review", 3),
            ("000013", "approved", 5),
        ):
            Application.objects.create(
                establishment=establishment,
                content=content("KC03b"),
                status=status,
                receipt_number=f"TN-2026-{number}",
                submitted_at=now - datetime.timedelta(days=days),
            )
        Application.objects.create(establishment=establishment, title="Bản nháp")
        with self.assertNumQueries(2):
            text = render(
                "{% waiting_applications 10 as waiting %}{{ waiting.count }}:"
                "{% for a in waiting.rows %}{{ a.receipt_number }} {{ a.establishment.name }} {{ a.content.code }};"
                "{% endfor %}"
            )
        self.assertEqual(text, "2:TN-2026-000012 Cơ sở khô cá Út Hiền KC03b;TN-2026-000011 Cơ sở khô cá Út Hiền KC03b;")

    def test_it_shows_only_the_first_ones_but_counts_them_all(self):
        for _index in range(4):
            Application.objects.create(establishment=EstablishmentFactory(), status="submitted")
        text = render("{% waiting_applications 3 as waiting %}{{ waiting.count }} {{ waiting.rows|length }}")
        self.assertEqual(text, "4 3")


class EstablishmentApplicationsTests(TestCase):
    def test_it_lists_what_the_establishment_filed_but_not_its_drafts(self):
        establishment = EstablishmentFactory()
        project = ProjectFactory(code="KCĐP-2026-007")
        Application.objects.create(
            establishment=establishment, status="converted", project=project, receipt_number="TN-2026-000021"
        )
        Application.objects.create(establishment=establishment, status="submitted", receipt_number="TN-2026-000022")
        Application.objects.create(establishment=establishment, title="Nháp chưa nộp")
        Application.objects.create(establishment=EstablishmentFactory(), status="submitted", receipt_number="TN-2026-9")
        with self.assertNumQueries(1):
            text = render("{% establishment_applications establishment %}", establishment=establishment)
        self.assertIn("TN-2026-000021", text)
        self.assertIn("KCĐP-2026-007", text)
        self.assertIn("TN-2026-000022", text)
        self.assertNotIn("Nháp chưa nộp", text)
        self.assertNotIn("TN-2026-9<", text)
