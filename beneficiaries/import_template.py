"""The .xlsx template of the establishment import: headers, an example row, the rules and the code lists."""

import io

import openpyxl
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from beneficiaries.importing import COLUMN_BY_KEY, COLUMNS, COMMUNE_KINDS, MAX_ROWS, TEXT_COLUMNS
from beneficiaries.models import AdministrativeUnit, LegalForm, Sector

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDE_COLUMNS = ("name", "address", "main_products")


def template_workbook() -> bytes:
    """The .xlsx staff fill in: headers and an example row, the rules, communes, legal forms, sectors."""
    workbook = openpyxl.Workbook()
    units = list(
        AdministrativeUnit.objects.filter(kind__in=COMMUNE_KINDS, active=True).order_by("former_district", "name")
    )
    sectors = list(Sector.objects.filter(active=True).order_by("code"))

    sheet = workbook.active
    sheet.title = gettext("Cơ sở")
    _fill_entry_sheet(sheet)
    _add_guide_sheet(workbook)
    communes = _add_communes_sheet(workbook, units)
    _add_catalogue_sheet(workbook, sectors)
    commune_column = get_column_letter(list(COLUMN_BY_KEY).index("commune") + 1)
    validation = DataValidation(
        type="list",
        formula1=f"'{communes.title}'!$B$2:$B${len(units) + 1}",
        allow_blank=True,
        showErrorMessage=False,  # codes and names without diacritics are accepted too
    )
    validation.add(f"{commune_column}2:{commune_column}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold_header(sheet: Worksheet) -> None:
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL


def _fill_entry_sheet(sheet: Worksheet) -> None:
    """The sheet staff fill in: one header per column (required ones starred), an example row, drop-down lists."""
    for index, column in enumerate(COLUMNS, start=1):
        header = f"{column.header} *" if column.required else str(column.header)
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        example = sheet.cell(row=2, column=index, value=column.example if column.example != "" else None)
        example.font = Font(italic=True, color="808080")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 34 if column.key in WIDE_COLUMNS else 18
        if column.key in TEXT_COLUMNS:
            # Text cells keep the 0 in front of tax codes and phone numbers.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
    sheet.freeze_panes = "A2"
    choices = {
        "legal_form": '"' + ",".join(str(label) for label in LegalForm.labels) + '"',
        "woman_owned": f'"{gettext("Có")},{gettext("Không")}"',
        "ethnic_minority_owner": f'"{gettext("Có")},{gettext("Không")}"',
    }
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in choices:
            validation = DataValidation(type="list", formula1=choices[column.key], allow_blank=True)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)


def _add_guide_sheet(workbook: Workbook) -> None:
    """How to fill in each column, and the rules of the import."""
    guide = workbook.create_sheet(gettext("Hướng dẫn"))
    guide.append([gettext("Cột"), gettext("Bắt buộc"), gettext("Cách ghi")])
    for column in COLUMNS:
        guide.append([str(column.header), gettext("Có") if column.required else "", str(column.how)])
    guide.append([])
    for rule in (
        _("Dòng 2 là dòng ví dụ: ghi đè lên hoặc xóa đi. Nếu để nguyên, dòng ví dụ được bỏ qua."),
        _(
            "Mã số thuế đã có trong danh sách: dòng đó cập nhật cơ sở sẵn có; "
            "ô tùy chọn để trống giữ nguyên giá trị cũ."
        ),
        _("Mã số thuế lặp lại trong tệp: chỉ dòng đầu tiên được nhập, các dòng sau báo lỗi."),
        _("Dòng có lỗi được bỏ qua; các dòng hợp lệ được nhập cùng một lần, sau khi bạn xem trước và xác nhận."),
        _("Tệp .xlsx, tối đa 5 MB và 5.000 dòng."),
    ):
        guide.append([str(rule)])
    _bold_header(guide)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100


def _add_communes_sheet(workbook: Workbook, units: list[AdministrativeUnit]) -> Worksheet:
    """The communes a row may name, with their former district and merged units."""
    communes = workbook.create_sheet(gettext("Xã phường"))
    communes.append(
        [gettext("Mã"), gettext("Tên"), gettext("Loại"), gettext("Huyện cũ"), gettext("Đơn vị cũ sáp nhập")]
    )
    for unit in units:
        communes.append([unit.code, unit.name, unit.get_kind_display(), unit.former_district, unit.former_units])
    for index, width in enumerate((10, 22, 10, 24, 50), start=1):
        communes.column_dimensions[get_column_letter(index)].width = width
    _bold_header(communes)
    return communes


def _add_catalogue_sheet(workbook: Workbook, sectors: list[Sector]) -> None:
    """The legal forms and the sector codes."""
    catalogue = workbook.create_sheet(gettext("Danh mục"))
    catalogue.append([gettext("Loại hình")])
    for label in LegalForm.labels:
        catalogue.append([str(label)])
    catalogue.append([])
    catalogue.append([gettext("Mã ngành nghề"), gettext("Ngành nghề")])
    for sector in sectors:
        catalogue.append(["đ" if sector.code == "dd" else sector.code, sector.name])
    catalogue.column_dimensions["A"].width = 26
    catalogue.column_dimensions["B"].width = 100
    _bold_header(catalogue)
