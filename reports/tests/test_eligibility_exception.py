"""The plan's appendix names a beneficiary supported outside the content's beneficiaries, with the reason."""

from django.test import TestCase

from programs.models import ProjectBeneficiary
from reports.documents import plan_document
from reports.pdf import render_pdf
from reports.tests import build_year
from reports.tests.test_pdf import page_text, read, squeezed
from reports.tests.test_xlsx import read as read_xlsx
from reports.tests.test_xlsx import row_of

REASON = "Theo chỉ đạo của UBND thành phố"


class PlanAppendixExceptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_year(2025)
        # The woman-owned SME of build_year lies in a ward, outside any craft village: an exception.
        cls.share = ProjectBeneficiary.objects.get(project__code="R2025A-2", establishment__woman_owned=True)
        ProjectBeneficiary.objects.filter(pk=cls.share.pk).update(eligibility_exception_reason=REASON)
        cls.name = cls.share.establishment.name
        cls.document = plan_document(2025)

    def test_the_workbook_notes_the_exception_beside_the_name(self):
        sheet = read_xlsx(self.document)["Kế hoạch"]
        beneficiaries = row_of(sheet, "R2025A-2", column=2)[5].value
        self.assertIn(f"{self.name} (ngoại lệ về đối tượng: {REASON})", beneficiaries)
        others = row_of(sheet, "R2025A-1", column=2)[5].value
        self.assertNotIn("ngoại lệ", others)

    def test_the_pdf_appendix_notes_the_exception(self):
        text = squeezed(" ".join(page_text(page) for page in read(render_pdf(self.document)).pages))
        self.assertIn(squeezed(f"(ngoại lệ về đối tượng: {REASON})"), text)
