import datetime
import io
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import load_workbook

from core.xlsx import Column, build_workbook


class WorkbookTests(SimpleTestCase):
    def read(self, rows, totals=None):
        columns = [
            Column("Tên cơ sở", lambda r: r["name"]),
            Column("Kinh phí", lambda r: r["amount"], kind="money"),
            Column("Ngày", lambda r: r["day"], kind="date"),
        ]
        content = build_workbook(title="Đề án", columns=columns, rows=rows, totals=totals)
        return load_workbook(io.BytesIO(content)).active

    def test_it_writes_amounts_as_numbers_in_vnd_format_under_a_frozen_bold_header(self):
        sheet = self.read([{"name": "Cơ sở Hai Thành", "amount": Decimal("1500000"), "day": datetime.date(2025, 3, 1)}])
        self.assertEqual(sheet["A1"].value, "Tên cơ sở")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["B2"].value, 1500000)
        self.assertIn("₫", sheet["B2"].number_format)
        self.assertEqual(sheet["C2"].number_format, "dd/mm/yyyy")

    def test_text_that_looks_like_a_formula_stays_text(self):
        sheet = self.read([{"name": '=HYPERLINK("http://x","bấm")', "amount": 1, "day": None}])
        self.assertEqual(sheet["A2"].value, '=HYPERLINK("http://x","bấm")')
        self.assertEqual(sheet["A2"].data_type, "s")

    def test_it_adds_a_bold_total_row(self):
        sheet = self.read([{"name": "A", "amount": 1, "day": None}], totals={1: Decimal("1")})
        self.assertEqual(sheet["A3"].value, "Tổng cộng")
        self.assertTrue(sheet["B3"].font.bold)
