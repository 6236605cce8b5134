"""Each screen's QuerySet: its query count, touching what the template shows, stays put as the data grows."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from applications.models import Application, ApplicationAttachment, ApplicationMessage, Appraisal
from applications.tests.test_review_services import SCORES, make_application
from beneficiaries.tests.factories import CraftVillageFactory, EstablishmentFactory
from programs.models import ProjectStatus
from programs.tests.factories import ProjectFactory


def converted(establishment) -> Application:
    project = ProjectFactory(status=ProjectStatus.ACCEPTED)
    return Application.objects.create(establishment=establishment, status="converted", project=project, title="Máy")


class ScreenQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = get_user_model().objects.create_user("canbo", first_name="Lan")
        cls.establishment = EstablishmentFactory(craft_village=CraftVillageFactory())

    def grow(self, n: int = 3) -> None:
        """`n` applications of each kind a screen lists, for this and for other establishments."""
        for _index in range(n):
            for establishment in (self.establishment, EstablishmentFactory()):
                make_application(establishment, "submitted")
                taken = make_application(establishment, "under_review", by=self.officer)
                Application.objects.filter(pk=taken.pk).update(assigned_to=self.officer)
                make_application(establishment, "refused")
                make_application(establishment, "draft", receipt_number=None)
                converted(establishment)

    def assert_constant(self, queries: int, read) -> None:
        """`read()` runs in `queries` queries with the data of `grow()`, and again with three times as much."""
        self.grow(1)
        with self.assertNumQueries(queries):
            first = read()
        self.grow(2)
        with self.assertNumQueries(queries):
            self.assertGreater(read(), first)

    def test_for_review_queue(self):
        def read():
            shown = [
                (
                    str(a.establishment.commune),
                    a.content and a.content.code,
                    a.assigned_to and a.assigned_to.get_full_name(),
                    a.waiting_since,
                )
                for a in Application.objects.filed().for_review_queue()
            ]
            self.assertIn(("Xã Hỏa Lựu", "KC03b", "Lan"), [row[:3] for row in shown])
            return len(shown)

        self.assert_constant(1, read)
        rows = list(Application.objects.filed().for_review_queue())
        waiting = [a for a in rows if a.status in Application.WAITING]
        self.assertEqual(rows[: len(waiting)], waiting)
        self.assertEqual(
            [a.waiting_since for a in waiting], sorted(a.waiting_since for a in waiting), "oldest waiting first"
        )

    def test_status_counts(self):
        self.grow(1)
        with self.assertNumQueries(1):
            counts = Application.objects.filed().status_counts()
        self.assertEqual(
            (counts["all"], counts["submitted"], counts["under_review"], counts["converted"], counts["draft"]),
            (8, 2, 2, 2, 0),
        )

    def test_for_staff_detail(self):
        application = make_application(self.establishment, "under_review", by=self.officer, assigned_to=self.officer)

        def add_to_the_page():
            ApplicationMessage.objects.create(application=application, author=self.officer, body="Hỏi")
            Appraisal.objects.create(
                application=application, appraiser=self.officer, **{f"{p}_score": s for p, s in SCORES.items()}
            )
            ApplicationAttachment.objects.create(
                application=application, file="a/b", original_name="bao-gia.pdf", content_type="application/pdf", size=1
            )

        def read():
            add_to_the_page()
            with self.assertNumQueries(6):
                row = Application.objects.for_staff_detail().get(pk=application.pk)
                shown = [
                    str(row.establishment.commune.parent),
                    str(row.establishment.craft_village),
                    *(str(sector) for sector in row.establishment.sectors.all()),
                    row.content.code,
                    row.assigned_to.username,
                    row.created_by,
                    row.project,
                    *(a.original_name for a in row.attachments.all()),
                    *(m.author.username for m in row.messages.all()),
                    *(c.changed_by and c.changed_by.username for c in row.status_changes.all()),
                    *(a.appraiser.username for a in row.appraisals.all()),
                ]
            self.assertIn("bao-gia.pdf", shown)
            return len(row.messages.all())

        self.assertLess(read(), read())

    def test_for_staff_detail_joins_the_project_and_its_plan(self):
        application = converted(self.establishment)
        with self.assertNumQueries(6):
            row = Application.objects.for_staff_detail().get(pk=application.pk)
            str(row.project.plan)

    def test_for_portal_home(self):
        def read():
            shown = [
                (a.content and a.content.code, a.project and a.project.code, a.can_report_results, a.next_step)
                for a in Application.objects.filter(establishment=self.establishment).for_portal_home()
            ]
            self.assertIn(True, [can_report for _content, _project, can_report, _step in shown])
            return len(shown)

        self.assert_constant(1, read)

    def test_for_portal_detail(self):
        application = make_application(self.establishment, "submitted")

        def read():
            ApplicationMessage.objects.create(application=application, author=self.officer, from_staff=True, body="Hỏi")
            ApplicationAttachment.objects.create(
                application=application, file="a/b", original_name="anh.png", content_type="image/png", size=1
            )
            with self.assertNumQueries(4):
                row = Application.objects.for_portal_detail().get(pk=application.pk)
                shown = [
                    row.establishment.name,
                    row.content.code,
                    row.project,
                    row.correction_request(),
                    row.can_report_results,
                    *(c.get_to_status_display() for c in row.status_changes.all()),
                    *(a.original_name for a in row.attachments.all()),
                    *(m.author.username for m in row.messages.all()),
                ]
            self.assertIn("Đã nộp", shown)
            return len(row.messages.all())

        self.assertLess(read(), read())

    def test_for_staff_home(self):
        def read():
            shown = [(a.establishment.name, a.content.code) for a in Application.objects.for_staff_home()]
            self.assertIn((self.establishment.name, "KC03b"), shown)
            return len(shown)

        self.assert_constant(1, read)
        self.assertEqual({a.status for a in Application.objects.for_staff_home()}, set(Application.WAITING))

    def test_for_establishment_page(self):
        def read():
            shown = [
                (a.content and a.content.code, a.project and a.project.code)
                for a in Application.objects.filter(establishment=self.establishment).for_establishment_page()
            ]
            self.assertIn("KC03b", [code for code, _project in shown])
            return len(shown)

        self.assert_constant(1, read)
        statuses = {a.status for a in Application.objects.for_establishment_page()}
        self.assertNotIn("draft", statuses)
