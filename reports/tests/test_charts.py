"""The SVG charts: well-formed XML, every label escaped, Vietnamese text kept."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.test import SimpleTestCase

from reports.charts import column_chart, horizontal_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


class ChartTests(SimpleTestCase):
    def texts(self, svg: str) -> list[str]:
        root = ET.fromstring(svg)
        self.assertEqual(root.tag, f"{SVG}svg")
        self.assertEqual(root.get("width"), "100%")
        for text in root.iter(f"{SVG}text"):
            self.assertTrue(text.get("font-family"))
        return [text.text for text in root.iter(f"{SVG}text")]

    def test_horizontal_bars(self):
        svg = horizontal_bar_chart(
            ["Kinh phí khuyến công địa phương", "<script>alert(1)</script>"],
            [("Được duyệt", [Decimal("400000000"), Decimal("60000000")]), ("Đã giải ngân", [Decimal("340000000"), 0])],
            title="Kinh phí theo nguồn",
        )
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;", svg)
        texts = self.texts(svg)
        self.assertIn("<script>alert(1)</script>", texts)  # parsed back: escaped in the SVG, intact as text
        self.assertIn("Kinh phí khuyến công địa phương", texts)
        self.assertIn("400", texts)  # millions of đồng
        rects = ET.fromstring(svg).findall(f".//{SVG}rect")
        self.assertEqual(len(rects), 2 + 4)  # legend + one bar per label and series

    def test_long_labels_wrap_onto_two_lines_instead_of_leaving_the_picture(self):
        svg = horizontal_bar_chart(
            [
                "Chương trình MTQG xây dựng nông thôn mới",
                "KC03b Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ",
            ],
            [("Được duyệt", [1, 2])],
        )
        texts = self.texts(svg)
        self.assertIn("Chương trình MTQG xây dựng nông", texts)
        self.assertIn("thôn mới", texts)
        self.assertIn("tiên tiến, chuyển giao công nghệ", texts)
        # Anchored at the end of the label column: every line fits in it.
        self.assertTrue(all(len(text) <= 34 for text in texts))

    def test_columns(self):
        svg = column_chart(
            [2023, 2024, 2025],
            [("Giao", [Decimal("3919000000"), Decimal("4613000000"), 0]), ("Giải ngân", [1, 2, 3])],
            title='Năm "so sánh" & <b>',
        )
        texts = self.texts(svg)
        self.assertIn("2025", texts)
        self.assertIn('Năm "so sánh" & <b>', texts)
        self.assertNotIn("<b>", svg)

    def test_empty(self):
        self.texts(horizontal_bar_chart([], []))
        self.texts(column_chart([], []))
