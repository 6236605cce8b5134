import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from applications.uploads import check_upload, clean_filename

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office_bytes(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


class CheckUploadTests(SimpleTestCase):
    def refused(self, name: str, data: bytes) -> str:
        with self.assertRaises(ValidationError) as caught:
            check_upload(SimpleUploadedFile(name, data))
        return caught.exception.messages[0]

    def test_it_accepts_the_five_kinds_by_their_content(self):
        cases = [
            ("giay-phep.pdf", PDF_BYTES, "application/pdf"),
            ("anh.PNG", PNG_BYTES, "image/png"),
            ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
            ("bao-gia.docx", office_bytes("word"), "wordprocessingml"),
            ("bang-tinh.xlsx", office_bytes("xl"), "spreadsheetml"),
        ]
        for name, data, content_type in cases:
            with self.subTest(name=name):
                checked = check_upload(SimpleUploadedFile(name, data))
                self.assertIn(content_type, checked.content_type)
                self.assertEqual(checked.size, len(data))

    def test_it_refuses_a_renamed_executable(self):
        self.assertIn("chương trình chạy được", self.refused("giay-phep.pdf", b"MZ\x90\x00" + b"\x00" * 60))
        self.assertIn("chương trình chạy được", self.refused("a.png", b"\x7fELF\x02\x01" + b"\x00" * 20))

    def test_it_refuses_html_and_svg(self):
        self.assertIn("HTML, SVG", self.refused("trang.html", b"<!DOCTYPE html><html><script>x</script></html>"))
        self.assertIn("HTML, SVG", self.refused("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'))
        self.assertIn("HTML, SVG", self.refused("anh.pdf", b"  <html><body></body></html>"))

    def test_it_refuses_an_oversized_file(self):
        message = self.refused("lon.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024))
        self.assertIn("tối đa 10 MB", message)

    def test_it_refuses_content_that_does_not_match_the_extension(self):
        self.assertIn("không khớp", self.refused("anh.docx", PNG_BYTES))
        self.assertIn("không khớp", self.refused("bao-gia.xlsx", office_bytes("word")))

    def test_it_refuses_unknown_content_and_a_plain_zip(self):
        self.assertIn("Không nhận dạng", self.refused("ghi-chu.txt", b"just text"))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.txt", "x")
        self.assertIn("Không nhận dạng", self.refused("nen.docx", buffer.getvalue()))


class CleanFilenameTests(SimpleTestCase):
    def test_it_keeps_only_the_base_name(self):
        self.assertEqual(clean_filename("../../etc/passwd.pdf"), "passwd.pdf")
        self.assertEqual(clean_filename("C:\\Users\\lan\\giấy phép.pdf"), "giấy phép.pdf")

    def test_it_strips_control_characters_and_keeps_vietnamese(self):
        self.assertEqual(clean_filename("Giấy\x00 đăng\tký\n.pdf"), "Giấy đăngký.pdf")
        self.assertEqual(clean_filename("Báo giá máy sấy.pdf"), "Báo giá máy sấy.pdf")

    def test_it_limits_the_length(self):
        name = clean_filename("a" * 500 + ".pdf")
        self.assertLessEqual(len(name), 150)
        self.assertTrue(name.endswith(".pdf"))

    def test_an_empty_name_gets_a_placeholder(self):
        self.assertEqual(clean_filename("../.pdf"), "tep-dinh-kem.pdf")
