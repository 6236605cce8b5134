import io
from unittest import mock

import openpyxl
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from beneficiaries import import_template, importing, importing_check, importing_files, importing_save
from beneficiaries.importing import Action
from beneficiaries.models import AdministrativeUnit, Establishment, Sector
from beneficiaries.tests.factories import CraftVillageFactory, EstablishmentFactory, _tax_code

HEADERS = [str(column.header) for column in importing.COLUMNS]


def row(**cells) -> dict:
    """One establishment row, by column key; a valid household in xã Hỏa Lựu unless told otherwise."""
    values = {
        "name": "Cơ sở chế biến khóm Cầu Đúc",
        "tax_code": _tax_code(8001),
        "legal_form": "Hộ kinh doanh",
        "representative": "Trần Thị Hoa",
        "commune": "Hỏa Lựu",
        "sectors": "a",
    }
    values.update(cells)
    return values


def filled_template(rows: list[dict], keep_example: bool = False) -> bytes:
    """The downloadable template with `rows` written under its header, as staff would fill it."""
    workbook = openpyxl.load_workbook(io.BytesIO(import_template.template_workbook()))
    sheet = workbook.worksheets[0]
    if not keep_example:
        sheet.delete_rows(2)
    start = sheet.max_row + 1 if keep_example else 2
    keys = [column.key for column in importing.COLUMNS]
    for offset, values in enumerate(rows):
        for index, key in enumerate(keys, start=1):
            sheet.cell(row=start + offset, column=index, value=values.get(key))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "co-so.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def plan_of(rows: list[dict], **kwargs) -> importing.ImportPlan:
    return importing_check.plan_import(importing_files.read_rows(io.BytesIO(filled_template(rows, **kwargs))))


class CheckUploadTests(SimpleTestCase):
    def test_it_refuses_a_text_file_renamed_xlsx(self):
        with self.assertRaises(ValidationError) as caught:
            importing_files.check_upload(upload(b"ten,ma so thue\nA,123\n", "danh-sach.xlsx"))
        self.assertIn("không phải bảng tính Excel (.xlsx)", caught.exception.messages[0])

    def test_it_refuses_a_zip_that_is_not_a_workbook(self):
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        with self.assertRaises(ValidationError) as caught:
            importing_files.check_upload(upload(buffer.getvalue(), "bao-cao.xlsx"))
        self.assertEqual(caught.exception.code, "not_xlsx")

    def test_it_names_the_old_xls_format(self):
        with self.assertRaises(ValidationError) as caught:
            importing_files.check_upload(upload(importing_files.OLE2_SIGNATURE + b"\0" * 100, "cu.xls"))
        self.assertIn("Excel 97-2003 (.xls)", caught.exception.messages[0])

    def test_it_refuses_a_file_over_5_mb(self):
        with self.assertRaises(ValidationError) as caught:
            importing_files.check_upload(upload(b"\0" * (importing_files.MAX_BYTES + 1)))
        self.assertIn("vượt mức tối đa 5 MB", caught.exception.messages[0])


class ReadRowsTests(TestCase):
    def test_it_finds_the_header_under_a_title_line_and_skips_blank_rows(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["DANH SÁCH CƠ SỞ CNNT NĂM 2026"])
        sheet.append(["Ten co so", "MA SO THUE *", "Loại hình", "Người đại diện", "Xã/phường/đặc khu"])
        sheet.append([])
        sheet.append(["Cơ sở rèn Bảy Ngàn", "6300123451", "HKD", "Lê Văn Rèn", "31342"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        rows = importing_files.read_rows(io.BytesIO(buffer.getvalue()))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0].number, 4)
        self.assertEqual(rows[0].cells["name"], "Cơ sở rèn Bảy Ngàn")

    def test_it_says_which_required_columns_are_missing(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(["Tên cơ sở", "Mã số thuế"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        with self.assertRaises(ValidationError) as caught:
            importing_files.read_rows(io.BytesIO(buffer.getvalue()))
        self.assertIn("“Loại hình”", caught.exception.messages[0])
        self.assertIn("“Xã/phường/đặc khu”", caught.exception.messages[0])

    def test_it_refuses_more_rows_than_the_limit(self):
        with mock.patch.object(importing_files, "MAX_ROWS", 2):
            content = filled_template([row(tax_code=_tax_code(8100 + n)) for n in range(3)])
            with self.assertRaises(ValidationError) as caught:
                importing_files.read_rows(io.BytesIO(content))
        self.assertIn("Tệp có hơn 2 dòng", caught.exception.messages[0])

    def test_it_gives_back_the_zero_excel_drops_from_numbers(self):
        content = filled_template([row(tax_code=int("0101243150"), phone=912345678)])
        cells = importing_files.read_rows(io.BytesIO(content))[0].cells
        self.assertEqual(cells["tax_code"], "0101243150")
        self.assertEqual(cells["phone"], "0912345678")


class PlanTests(TestCase):
    def test_it_plans_a_valid_row_as_a_creation(self):
        [result] = plan_of([row(phone="0912 345 678", woman_owned="có", founding_year=2015, sectors="a, đ")]).rows
        self.assertEqual(result.action, Action.CREATE, result.errors)
        self.assertEqual(result.values["phone"], "0912345678")
        self.assertTrue(result.values["woman_owned"])
        self.assertFalse(result.values["ethnic_minority_owner"])
        self.assertEqual(result.values["founding_year"], 2015)
        self.assertEqual(sorted(s.code for s in result.sectors), ["a", "dd"])

    def test_it_takes_founding_years_from_1900_to_this_year_only(self):
        this_year = timezone.localdate().year
        years = [1900, this_year, 1899, this_year + 1, 2147483648]
        plan = plan_of([row(tax_code=_tax_code(8400 + n), founding_year=year) for n, year in enumerate(years)])
        self.assertEqual([r.values.get("founding_year") for r in plan.rows[:2]], [1900, this_year])
        for result in plan.rows[2:]:
            self.assertIn(f"ghi năm bằng bốn chữ số, từ 1900 đến {this_year}.", "\n".join(result.errors))
            self.assertNotIn("founding_year", result.values)

    def test_it_reads_the_commune_by_code_or_by_name_with_or_without_diacritics(self):
        hoa_luu = AdministrativeUnit.objects.get(code="31338")
        typed = ["31338", "Hỏa Lựu", "hoa luu", "Xã Hỏa Lựu", "XA HOA LUU"]
        plan = plan_of([row(tax_code=_tax_code(8200 + n), commune=text) for n, text in enumerate(typed)])
        self.assertEqual([r.values.get("commune") for r in plan.rows], [hoa_luu] * len(typed))

    def test_it_reads_legal_forms_by_their_vietnamese_labels_and_short_names(self):
        typed = ["Hợp tác xã", "hop tac xa", "HTX", "Doanh nghiệp nhỏ và vừa", "Tổ hợp tác"]
        plan = plan_of([row(tax_code=_tax_code(8300 + n), legal_form=text) for n, text in enumerate(typed)])
        self.assertEqual(
            [r.values.get("legal_form") for r in plan.rows],
            ["cooperative", "cooperative", "cooperative", "sme", "coop_group"],
        )

    def test_it_lists_every_error_of_a_row_in_vietnamese(self):
        code = _tax_code(8400)
        wrong = code[:9] + str((int(code[9]) + 1) % 10)
        [result] = plan_of(
            [
                row(
                    tax_code=wrong,
                    commune="Xã Không Có",
                    legal_form="Công ty cổ phần",
                    phone="123",
                    representative=None,
                    sectors="a, z",
                    woman_owned="chắc vậy",
                )
            ]
        ).rows
        self.assertEqual(result.action, Action.ERROR)
        text = "\n".join(result.errors)
        self.assertIn("sai chữ số kiểm tra", text)
        self.assertIn("không có xã/phường/đặc khu “Xã Không Có”", text)
        self.assertIn("không có loại hình “Công ty cổ phần”", text)
        self.assertIn("Số điện thoại không hợp lệ", text)
        self.assertIn("Thiếu Người đại diện.", text)
        self.assertIn("không có mã ngành “z”", text)
        self.assertIn("Phụ nữ làm chủ: ghi “Có” hoặc “Không”.", text)

    def test_it_refuses_a_name_longer_than_the_registry_keeps(self):
        [result] = plan_of([row(name="Cơ sở " + "x" * 300)]).rows
        self.assertEqual(result.action, Action.ERROR)
        self.assertTrue(any(error.startswith("Tên cơ sở:") for error in result.errors), result.errors)

    def test_it_imports_only_the_first_of_a_tax_code_repeated_in_the_file(self):
        code = _tax_code(8500)
        plan = plan_of([row(tax_code=code), row(tax_code=code, name="Bản sao")])
        self.assertEqual([r.action for r in plan.rows], [Action.CREATE, Action.ERROR])
        self.assertIn("trùng với dòng 2 của tệp", plan.rows[1].errors[0])

    def test_it_updates_an_establishment_with_the_same_tax_code_and_keeps_empty_cells(self):
        existing = EstablishmentFactory(phone="0912345678", address="Ấp Cầu Đúc", woman_owned=True)
        [result] = plan_of(
            [row(tax_code=existing.tax_code, name=existing.name, representative="Lê Thị Mới", phone=None)]
        ).rows
        self.assertEqual(result.action, Action.UPDATE, result.errors)
        self.assertEqual(result.existing, existing)
        self.assertEqual(
            [(c.label, c.old, c.new) for c in result.changes], [("Người đại diện", "Nguyễn Văn Tâm", "Lê Thị Mới")]
        )

    def test_it_says_when_a_row_changes_nothing(self):
        existing = EstablishmentFactory()
        [result] = plan_of(
            [row(tax_code=existing.tax_code, name=existing.name, representative=existing.representative)]
        ).rows
        self.assertEqual(result.action, Action.UNCHANGED, result.changes)

    def test_it_checks_the_craft_village_belongs_to_the_commune(self):
        village = CraftVillageFactory(name="Làng nghề đan lục bình Ngã Bảy")
        plan = plan_of(
            [
                row(tax_code=_tax_code(8600), commune="Ngã Bảy", craft_village="lang nghe dan luc binh nga bay"),
                row(tax_code=_tax_code(8601), commune="Hỏa Lựu", craft_village="Làng nghề đan lục bình Ngã Bảy"),
            ]
        )
        self.assertEqual(plan.rows[0].values["craft_village"], village)
        self.assertIn("không thuộc Xã Hỏa Lựu", plan.rows[1].errors[0])

    def test_it_skips_the_example_row_of_the_template(self):
        plan = plan_of([row(tax_code=_tax_code(8700))], keep_example=True)
        self.assertEqual([r.action for r in plan.rows], [Action.EXAMPLE, Action.CREATE])

    def test_it_costs_the_same_queries_whatever_the_number_of_rows(self):
        for count, first in ((3, 8800), (9, 8900)):
            codes = [_tax_code(first + n) for n in range(count)]
            for code in codes[: count // 3]:
                EstablishmentFactory(tax_code=code)
            rows = importing_files.read_rows(io.BytesIO(filled_template([row(tax_code=code) for code in codes])))
            with self.assertNumQueries(5):
                plan = importing_check.plan_import(rows)
            self.assertEqual(plan.count(Action.UPDATE), count // 3)


class ImportTests(TestCase):
    def rows(self, rows):
        return importing_files.read_rows(io.BytesIO(filled_template(rows)))

    def test_it_creates_and_updates_the_valid_rows_and_skips_the_others(self):
        existing = EstablishmentFactory()
        rows = self.rows(
            [
                row(tax_code=_tax_code(9001), name="Cơ sở rèn Bảy Ngàn", sectors="d"),
                row(tax_code=existing.tax_code, name=existing.name, representative="Lê Thị Mới"),
                row(tax_code="123", name="Sai mã"),
            ]
        )
        fingerprint = importing_check.plan_import(rows).fingerprint
        plan = importing_save.establishments_import(rows=rows, fingerprint=fingerprint)
        self.assertEqual(plan.counts[Action.CREATE], 1)
        created = Establishment.objects.get(tax_code=_tax_code(9001))
        self.assertEqual(list(created.sectors.all()), [Sector.objects.get(code="d")])
        existing.refresh_from_db()
        self.assertEqual(existing.representative, "Lê Thị Mới")
        self.assertFalse(Establishment.objects.filter(name="Sai mã").exists())

    def test_it_writes_nothing_when_one_row_fails_to_save(self):
        rows = self.rows([row(tax_code=_tax_code(9100 + n), name=f"Cơ sở {n}") for n in range(3)])
        fingerprint = importing_check.plan_import(rows).fingerprint
        real_save = importing_save.establishment_save
        calls = []

        def failing_save(**kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise ValidationError("mất điện")
            return real_save(**kwargs)

        with mock.patch.object(importing_save, "establishment_save", failing_save), self.assertRaises(ValidationError):
            importing_save.establishments_import(rows=rows, fingerprint=fingerprint)
        self.assertFalse(Establishment.objects.filter(name__startswith="Cơ sở ").exists())

    def test_it_refuses_when_the_registry_changed_since_the_preview(self):
        code = _tax_code(9200)
        rows = self.rows([row(tax_code=code)])
        fingerprint = importing_check.plan_import(rows).fingerprint
        EstablishmentFactory(tax_code=code, name="Cơ sở thêm tay")
        with self.assertRaises(importing.PlanChanged) as caught:
            importing_save.establishments_import(rows=rows, fingerprint=fingerprint)
        self.assertEqual(caught.exception.plan.rows[0].action, Action.UPDATE)
        self.assertEqual(Establishment.objects.get(tax_code=code).name, "Cơ sở thêm tay")


class TemplateTests(TestCase):
    def test_it_has_the_headers_an_example_and_the_reference_lists(self):
        workbook = openpyxl.load_workbook(io.BytesIO(import_template.template_workbook()))
        self.assertEqual(workbook.sheetnames, ["Cơ sở", "Hướng dẫn", "Xã phường", "Danh mục"])
        sheet = workbook["Cơ sở"]
        self.assertEqual(sheet["A1"].value, "Tên cơ sở *")
        self.assertEqual([c.value.rstrip(" *") for c in sheet[1]], HEADERS)
        self.assertEqual(sheet["A2"].value, "Cơ sở chế biến khóm Cầu Đúc")
        self.assertEqual(sheet.freeze_panes, "A2")
        communes = [r[0].value for r in workbook["Xã phường"].iter_rows(min_row=2)]
        self.assertIn("31338", communes)
        self.assertEqual(len(communes), 28)
        catalogue = [r[0].value for r in workbook["Danh mục"].iter_rows()]
        self.assertIn("Hợp tác xã", catalogue)
        self.assertIn("đ", catalogue)
