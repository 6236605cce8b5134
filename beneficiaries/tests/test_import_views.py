import io
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries import importing_files, importing_save
from beneficiaries.models import Establishment
from beneficiaries.tests.factories import EstablishmentFactory, _tax_code
from beneficiaries.tests.personas import StaffTestCase
from beneficiaries.tests.test_importing import filled_template, row

IMPORT = reverse("staff:establishment_import")
TEMPLATE = reverse("staff:establishment_import_template")


def xlsx(content: bytes, name: str = "co-so-2026.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/vnd.ms-excel")


class ImportPageTests(StaffTestCase):
    def setUp(self):
        self.client.force_login(self.staff)

    def preview(self, rows, name="co-so-2026.xlsx"):
        return self.client.post(IMPORT, {"file": xlsx(filled_template(rows), name)})

    def confirm(self, response):
        return self.client.post(IMPORT, {"confirm": "1", "token": response.context["token"]})

    def tearDown(self):
        pending = self.client.session.get("establishment_import")
        if pending:
            importing_files.pending_discard(pending["token"])

    def test_it_lets_only_staff_import(self):
        self.assert_writers_only(IMPORT, {"file": xlsx(filled_template([row()]))})
        self.assert_writers_only(TEMPLATE)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(IMPORT).status_code, 200)
        self.assertFalse(Establishment.objects.exists())

    def test_it_explains_the_rules_on_the_page(self):
        response = self.client.get(IMPORT)
        self.assertContains(response, "dòng đó cập nhật cơ sở sẵn có")
        self.assertContains(response, "chỉ dòng đầu tiên được nhập")
        self.assertContains(response, TEMPLATE)

    def test_its_template_downloads_and_opens(self):
        response = self.client.get(TEMPLATE)
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn('filename="mau-nhap-co-so-cnnt.xlsx"', response["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook["Cơ sở"]["B1"].value, "Mã số thuế *")
        self.assertIn("Hướng dẫn", workbook.sheetnames)

    def test_it_previews_a_good_file_then_imports_it_in_one_go(self):
        rows = [row(tax_code=_tax_code(5001 + n), name=f"Cơ sở làm nhang {n}", commune="vi thuy") for n in range(3)]
        response = self.preview(rows)
        self.assertContains(response, "Xem trước tệp “co-so-2026.xlsx”")
        self.assertContains(response, "Xác nhận nhập 3 dòng hợp lệ")
        self.assertContains(response, "Thêm mới", count=3)
        self.assertFalse(Establishment.objects.exists())

        response = self.confirm(response)
        self.assertContains(response, "Đã nhập tệp “co-so-2026.xlsx”: thêm 3, cập nhật 0, bỏ qua 0 dòng.")
        created = Establishment.objects.order_by("name")
        self.assertEqual([e.name for e in created], ["Cơ sở làm nhang 0", "Cơ sở làm nhang 1", "Cơ sở làm nhang 2"])
        self.assertEqual({str(e.commune) for e in created}, {"Xã Vị Thủy"})
        self.assertEqual(created[0].history.get().history_user, self.staff)
        self.assertContains(response, reverse("staff:establishment_detail", args=[created[0].code]))
        # The file is gone and the preview cannot be imported twice.
        again = self.client.post(IMPORT, {"confirm": "1", "token": response.context.get("token", "")}, follow=True)
        self.assertContains(again, "Bản xem trước đã hết hạn hoặc đã được nhập")
        self.assertEqual(Establishment.objects.count(), 3)

    def test_it_lists_each_rows_errors_and_imports_only_the_valid_rows(self):
        code = _tax_code(5100)
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        response = self.preview(
            [
                row(tax_code=_tax_code(5101), name="Cơ sở hợp lệ"),
                row(tax_code=wrong, name="Cơ sở sai mã"),
                row(tax_code=_tax_code(5102), name="Cơ sở sai xã", commune="Xã Không Có"),
                row(tax_code=_tax_code(5103), name=None),
            ]
        )
        self.assertContains(response, "Bỏ qua vì lỗi", count=3)
        self.assertContains(response, "sai chữ số kiểm tra")
        self.assertContains(response, "không có xã/phường/đặc khu “Xã Không Có”")
        self.assertContains(response, "Thiếu Tên cơ sở.")
        self.assertContains(response, 'id="row-3"')  # Excel's row numbers, under the header
        self.confirm(response)
        self.assertEqual([e.name for e in Establishment.objects.all()], ["Cơ sở hợp lệ"])

    def test_it_refuses_a_file_that_is_not_a_spreadsheet_whatever_its_name(self):
        fake = SimpleUploadedFile("danh-sach.xlsx", "Tên,Mã số thuế\nCơ sở A,123\n".encode(), content_type="text/csv")
        response = self.client.post(IMPORT, {"file": fake})
        self.assertContains(response, "Tệp “danh-sach.xlsx” không phải bảng tính Excel (.xlsx)")
        self.assertNotIn("establishment_import", self.client.session)

    def test_it_refuses_a_file_over_5_mb(self):
        big = SimpleUploadedFile("lon.xlsx", b"PK" + b"\0" * (5 * 1024 * 1024), content_type="application/zip")
        response = self.client.post(IMPORT, {"file": big})
        self.assertContains(response, "vượt mức tối đa 5 MB")

    def test_it_updates_an_existing_tax_code_and_refuses_a_repeat_within_the_file(self):
        existing = EstablishmentFactory(name="Cơ sở cũ", representative="Nguyễn Văn Cũ")
        response = self.preview(
            [
                row(tax_code=existing.tax_code, name="Cơ sở cũ", representative="Nguyễn Văn Mới"),
                row(tax_code=_tax_code(5200), name="Cơ sở mới"),
                row(tax_code=_tax_code(5200), name="Cơ sở mới lặp lại"),
            ]
        )
        self.assertContains(response, "Cập nhật</span>")
        self.assertContains(response, "Nguyễn Văn Cũ</span> → Nguyễn Văn Mới")
        self.assertContains(response, "trùng với dòng 3 của tệp; chỉ dòng 3 được nhập")
        response = self.confirm(response)
        self.assertContains(response, "thêm 1, cập nhật 1, bỏ qua 1 dòng")
        existing.refresh_from_db()
        self.assertEqual(existing.representative, "Nguyễn Văn Mới")
        self.assertEqual(Establishment.objects.filter(name__startswith="Cơ sở mới").count(), 1)

    def test_its_confirmation_checks_the_rows_again(self):
        code = _tax_code(5300)
        response = self.preview([row(tax_code=code, name="Cơ sở nhập từ tệp")])
        self.assertContains(response, "Thêm mới</span>")
        EstablishmentFactory(tax_code=code, name="Cơ sở vừa thêm tay")

        response = self.confirm(response)
        self.assertContains(response, "Danh sách cơ sở đã thay đổi kể từ lúc xem trước")
        self.assertContains(response, "Cập nhật</span>")
        self.assertEqual(Establishment.objects.get(tax_code=code).name, "Cơ sở vừa thêm tay")

        response = self.confirm(response)
        self.assertContains(response, "cập nhật 1")
        self.assertEqual(Establishment.objects.get(tax_code=code).name, "Cơ sở nhập từ tệp")

    def test_it_refuses_a_confirmation_with_another_sessions_token(self):
        response = self.preview([row(tax_code=_tax_code(5400))])
        token = response.context["token"]
        self.client.logout()
        self.client.force_login(self.staff)  # the same person in a new session
        response = self.client.post(IMPORT, {"confirm": "1", "token": token}, follow=True)
        self.assertContains(response, "Bản xem trước đã hết hạn hoặc đã được nhập")
        self.assertFalse(Establishment.objects.exists())
        importing_files.pending_discard(token)

    def test_it_keeps_the_waiting_file_out_of_public_media(self):
        response = self.preview([row(tax_code=_tax_code(5500))])
        path = importing_files.pending_path(response.context["token"])
        self.assertTrue(path.exists())
        self.assertFalse(path.is_relative_to(settings.MEDIA_ROOT))

    def test_it_imports_nothing_when_the_database_refuses_a_row(self):
        response = self.preview([row(tax_code=_tax_code(5600 + n), name=f"Cơ sở {n}") for n in range(2)])
        real_save = importing_save.establishment_save
        calls = []

        def failing_save(**kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise IntegrityError("duplicate key")
            return real_save(**kwargs)

        with mock.patch.object(importing_save, "establishment_save", failing_save):
            response = self.client.post(IMPORT, {"confirm": "1", "token": response.context["token"]}, follow=True)
        self.assertContains(response, "chưa dòng nào được nhập")
        self.assertFalse(Establishment.objects.exists())
