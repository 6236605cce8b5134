"""The annual documents never clip: no word crosses its table cell's rule or the page's edge.

Every page is read back with pdfplumber (reports/tests/layout.py), the portrait document and its
landscape appendix alike, for the largest demo year and for a year that fills every field to its
limit: the longest names the fields take and the largest amounts they store.
"""

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pdfplumber
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test import SimpleTestCase, TestCase
from weasyprint import HTML

from beneficiaries.models import AdministrativeUnit, Establishment
from core.money import format_dong
from programs.models import BudgetLine, Disbursement, PlanBudget, Project, ProjectBeneficiary, SupportContent
from reports.charts import horizontal_bar_chart
from reports.documents import plan_document, results_document
from reports.pdf import render_pdf
from reports.project_forms import build_project_form, project_for_forms, render_form_pdf
from reports.tests import build_year
from reports.tests.layout import cell_texts, clipped, pages

# The largest amount a money field stores: max_digits 18, whole đồng. SQLite reads a stored decimal
# back through a float of 15 digits, so there the test stays at 15 digits; PostgreSQL (CI) takes all 18.
MAX_DIGITS = BudgetLine._meta.get_field("planned").max_digits
LARGEST = Decimal(10 ** (MAX_DIGITS if connection.vendor == "postgresql" else 15) - 1)
# Below one trillion đồng an amount stays on one line in the appendix; a national year is in the hundreds of billions.
ONE_LINE = Decimal("999999999999")


def longest(field, words: str) -> str:
    """`words` repeated up to the field's max_length, cut at the limit as a form would let it through."""
    limit = field.max_length
    return ((words + " ") * (limit // len(words) + 1))[:limit]


def problems_of(layouts) -> str:
    return "\n".join(str(problem) for problem in clipped(layouts))


class CheckerTests(SimpleTestCase):
    """The checker itself: a number wider than its fixed column is caught, one that fits is not."""

    def table(self, text: str, width: str) -> bytes:
        return HTML(
            string=(
                "<style>table { border-collapse: collapse; table-layout: fixed; width: 200pt }"
                "td { border: 0.5pt solid #000; padding: 2pt; white-space: nowrap; font: 10pt 'Liberation Serif' }"
                f"</style><table><col style='width: {width}'><col><tr><td>{text}</td><td></td></tr></table>"
            )
        ).write_pdf()

    def test_it_finds_a_number_running_into_the_border(self):
        problems = clipped(self.table("999.999.999.999.999", "40pt"))
        self.assertEqual([problem.word.text for problem in problems], ["999.999.999.999.999"])
        self.assertIn("column rule", problems[0].reason)

    def test_it_passes_a_number_that_fits(self):
        pdf = self.table("999.999", "60pt")
        self.assertEqual(clipped(pdf), [])
        self.assertIn("999.999", cell_texts(pages(pdf)))


class DemoYearLayoutTests(TestCase):
    """The demo province's busiest year, as `make run` seeds it."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo_texts", stdout=io.StringIO())
        busiest = (
            Project.objects.values("plan__year")
            .annotate(projects=Count("pk", distinct=True), money=Sum("budget_lines__planned"))
            .order_by("-projects", "-money")
            .first()
        )
        cls.year = busiest["plan__year"]
        cls.plan = plan_document(cls.year)
        cls.plan_pages = pages(render_pdf(cls.plan))
        cls.results_pdf = render_pdf(results_document(cls.year))
        cls.results_pages = pages(cls.results_pdf)

    def test_the_plan_never_clips(self):
        self.assertEqual(problems_of(self.plan_pages), "")

    def test_the_results_report_never_clips(self):
        self.assertEqual(problems_of(self.results_pages), "")

    def test_the_plan_appendix_total_is_read_whole_inside_its_cell(self):
        self.assertIn(format_dong(self.plan.total.total), cell_texts(self.plan_pages, landscape=True))
        self.assertTrue(cell_texts(self.plan_pages, landscape=False))

    def test_the_results_charts_are_set_in_the_documents_serif_face(self):
        with pdfplumber.open(io.BytesIO(self.results_pdf)) as pdf:
            chart_fonts = {
                char["fontname"].split("+")[-1]
                for page in pdf.pages
                for char in page.chars
                if char["size"] < 9  # the charts' labels; the document's smallest text is 11 pt
            }
        self.assertTrue(chart_fonts)
        # Liberation Serif stands in for Times New Roman where Times is not installed (as on the test machines).
        serif = ("Liberation-Serif", "TimesNewRoman")
        self.assertTrue(all(font.startswith(serif) for font in chart_fonts), chart_fonts)


class ChartFaceTests(SimpleTestCase):
    def test_a_chart_names_the_same_faces_as_the_documents(self):
        css = Path(settings.BASE_DIR, "templates/reports/pdf/shared.css").read_text()
        families = re.search(r"html \{ font-family: ([^;]+);", css).group(1)
        svg = horizontal_bar_chart(["KC01"], [("Được duyệt", [Decimal(1)])], title="Kinh phí")
        for text in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
            self.assertEqual(text.get("font-family").replace("'", '"'), families)


class FullFieldsLayoutTests(TestCase):
    """A year whose names are as long as the fields allow and whose amounts are the largest they store."""

    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        projects = Project.objects.filter(plan__year=2025)
        Project.objects.update(
            title=longest(Project._meta.get_field("title"), "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến"),
            implementing_unit=longest(
                Project._meta.get_field("implementing_unit"), "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"
            ),
            expected_results="Lắp đặt, vận hành dây chuyền; năng suất tăng 20–30%; www.khuyencongcantho.gov.vn/ketqua",
        )
        Establishment.objects.update(
            name=longest(Establishment._meta.get_field("name"), "Hợp tác xã Nông nghiệp Thương mại Dịch vụ")
        )
        SupportContent.objects.filter(projects__in=projects).update(
            name=longest(SupportContent._meta.get_field("name"), "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao")
        )
        AdministrativeUnit.objects.filter(projects__in=projects).update(
            name=longest(AdministrativeUnit._meta.get_field("name"), "Phường Thạnh Xuân")
        )
        # Four projects of two lines each: their sum (8 × 10^18) still fits SQLite's 64-bit integers.
        BudgetLine.objects.update(planned=LARGEST, approved=LARGEST)
        PlanBudget.objects.update(assigned=LARGEST)
        Disbursement.objects.update(amount=LARGEST)
        ProjectBeneficiary.objects.update(eligible_cost=LARGEST, support_amount=LARGEST)
        cls.plan_pages = pages(render_pdf(plan_document(2025)))
        cls.results_pages = pages(render_pdf(results_document(2025)))

    def test_the_plan_never_clips(self):
        self.assertEqual(problems_of(self.plan_pages), "")

    def test_the_results_report_never_clips(self):
        self.assertEqual(problems_of(self.results_pages), "")

    def test_the_project_forms_never_clip(self):
        # A project's own amounts up to 999.999.999.999 (SQLite cannot read back the largest the fields store).
        BudgetLine.objects.update(planned=ONE_LINE, approved=ONE_LINE)
        Disbursement.objects.update(amount=ONE_LINE)
        ProjectBeneficiary.objects.update(eligible_cost=ONE_LINE, support_amount=ONE_LINE)
        for project in Project.objects.filter(plan__year=2025):
            for kind in ("proposal", "acceptance", "settlement"):
                with self.subTest(project=project.code, kind=kind):
                    pdf = render_form_pdf(build_project_form(kind, project_for_forms(code=project.code)))
                    self.assertEqual(problems_of(pages(pdf)), "")

    def test_both_orientations_were_read(self):
        for layouts in (self.plan_pages, self.results_pages):
            self.assertTrue(cell_texts(layouts, landscape=False))
            self.assertTrue(cell_texts(layouts, landscape=True))


class OneLineAmountTests(TestCase):
    """An amount just under one trillion đồng stays whole on one line of the plan's appendix, in bold too."""

    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        BudgetLine.objects.update(planned=0, approved=0)
        # One project's state money: the project's row, its content's subtotal and the grand total all print it.
        BudgetLine.objects.filter(project__code="R2025A-1", source__kind="local").update(planned=ONE_LINE)
        cls.plan = plan_document(2025)
        cls.pages = pages(render_pdf(cls.plan))

    def test_the_plan_appendix_prints_the_amount_whole_in_row_subtotal_and_total(self):
        self.assertEqual(self.plan.total.total, ONE_LINE)
        landscape = cell_texts(self.pages, landscape=True)
        # The total and local columns of the project's row, of its content group and of the grand total.
        self.assertEqual(landscape.count(format_dong(ONE_LINE)), 6)
        self.assertEqual(problems_of(self.pages), "")
