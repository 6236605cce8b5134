"""Import establishments from an Excel workbook: read, check every row, preview, apply in one transaction.

The rules, also shown on the import page:
- a row whose tax code is already in the registry updates that establishment, and its
  empty optional cells keep the values on record;
- a tax code written twice in the file: the first row counts, later rows are errors;
- rows with an error are skipped; the other rows are imported together or not at all;
- the confirmation checks every row again, and imports nothing if the preview the user
  saw no longer holds (someone changed the registry meanwhile): the user sees the new preview.

Between the preview and the confirmation the file waits in a private temporary folder
(never under MEDIA_ROOT), under a random token that only the uploader's session knows.
"""

import datetime
import hashlib
import json
import re
import secrets
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import AdministrativeUnit, CraftVillage, Establishment, LegalForm, Sector, UnitKind
from beneficiaries.services import establishment_save
from beneficiaries.validators import normalize_phone, normalize_tax_code
from core.money import group_thousands
from core.text import fold

Sectors = Establishment.sectors.through
MAX_BYTES = 5 * 1024 * 1024
# Importing costs about 3 ms a row on PostgreSQL (2,000 rows in 5.4 s): 5,000 rows stay
# well inside gunicorn's 60-second timeout.
MAX_ROWS = 5000
# A 5 MB .xlsx of establishments unzips to a few tens of MB; more is a zip bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)
PENDING_DIR = Path(tempfile.gettempdir()) / "khuyencong-imports"
PENDING_MAX_AGE = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
UNIT_PREFIXES = ("xa ", "phuong ", "dac khu ", "x. ", "p. ", "x.", "p.")


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: Any
    required: bool
    how: Any
    example: Any = ""


COLUMNS = [
    ImportColumn("name", _("Tên cơ sở"), True, _("Tên đầy đủ như trên giấy đăng ký."), "Cơ sở chế biến khóm Cầu Đúc"),
    ImportColumn(
        "tax_code",
        _("Mã số thuế"),
        True,
        _(
            "10 chữ số, 13 chữ số cho chi nhánh (có thể viết 0123456789-001), hoặc số định danh cá nhân 12 chữ số "
            "của hộ kinh doanh. Định dạng ô là Văn bản để giữ số 0 ở đầu."
        ),
        "6300123451",
    ),
    ImportColumn(
        "legal_form",
        _("Loại hình"),
        True,
        _(
            "Hộ kinh doanh, Tổ hợp tác, Hợp tác xã, Liên hiệp hợp tác xã hoặc Doanh nghiệp nhỏ và vừa "
            "(xem trang Danh mục)."
        ),
        "Hộ kinh doanh",
    ),
    ImportColumn(
        "representative", _("Người đại diện"), True, _("Họ tên chủ cơ sở hoặc người đại diện."), "Trần Thị Hoa"
    ),
    ImportColumn(
        "phone",
        _("Điện thoại"),
        False,
        _("Di động 10 số (09…, 03…, +84…) hoặc máy bàn có mã vùng (0293…)."),
        "0912345678",
    ),
    ImportColumn("email", _("Thư điện tử"), False, _("Địa chỉ thư điện tử, nếu có."), ""),
    ImportColumn("address", _("Địa chỉ"), False, _("Số nhà, ấp, khu vực."), "Ấp Cầu Đúc"),
    ImportColumn(
        "commune",
        _("Xã/phường/đặc khu"),
        True,
        _("Mã (ví dụ 31338) hoặc tên (ví dụ Hỏa Lựu), có dấu hay không dấu đều được (xem trang Xã phường)."),
        "Hỏa Lựu",
    ),
    ImportColumn(
        "craft_village",
        _("Làng nghề"),
        False,
        _("Tên làng nghề được công nhận, thuộc xã/phường đã ghi. Để trống nếu không thuộc làng nghề."),
        "",
    ),
    ImportColumn(
        "sectors",
        _("Ngành nghề"),
        False,
        _("Mã ngành nghề, cách nhau bằng dấu phẩy, ví dụ: a, đ (xem trang Danh mục)."),
        "a",
    ),
    ImportColumn("founding_year", _("Năm thành lập"), False, _("Bốn chữ số, ví dụ 2015."), 2015),
    ImportColumn("main_products", _("Sản phẩm chính"), False, _("Ví dụ: khóm sấy dẻo, mứt khóm."), "Khóm sấy dẻo"),
    ImportColumn("woman_owned", _("Phụ nữ làm chủ"), False, _("Có hoặc Không."), "Có"),
    ImportColumn("ethnic_minority_owner", _("Chủ là người dân tộc thiểu số"), False, _("Có hoặc Không."), "Không"),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TEXT_COLUMNS = ("tax_code", "phone")
OPTIONAL_TEXT = ("email", "address", "main_products")
FLAGS = ("woman_owned", "ethnic_minority_owner")
YES = {"co", "x", "yes", "y", "1", "true", "dung"}
NO = {"khong", "no", "n", "0", "false", "sai"}
LEGAL_FORM_ALIASES = {
    "hkd": LegalForm.HOUSEHOLD,
    "tht": LegalForm.COOPERATIVE_GROUP,
    "htx": LegalForm.COOPERATIVE,
    "lhhtx": LegalForm.COOPERATIVE_UNION,
    "lien hiep htx": LegalForm.COOPERATIVE_UNION,
    "dnnvv": LegalForm.SME,
    "doanh nghiep": LegalForm.SME,
}


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"
    EXAMPLE = "example"
    LABELS = {
        CREATE: _("Thêm mới"),
        UPDATE: _("Cập nhật"),
        UNCHANGED: _("Không thay đổi"),
        ERROR: _("Bỏ qua vì lỗi"),
        EXAMPLE: _("Dòng ví dụ, bỏ qua"),
    }


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    """What the import does with one row of the file, and why."""

    number: int  # the row number Excel shows
    cells: dict[str, str]
    action: str = Action.ERROR
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    existing: Establishment | None = None
    values: dict[str, Any] = field(default_factory=dict)
    sectors: list[Sector] | None = None
    saved: Establishment | None = None

    @property
    def action_label(self) -> str:
        return Action.LABELS[self.action]

    @property
    def commune_display(self) -> str:
        """The unit found for the row ("Xã Hỏa Lựu" for "hoa luu"), or what the file says."""
        commune = self.values.get("commune")
        return str(commune) if commune is not None else self.cells.get("commune", "")


@dataclass
class ImportPlan:
    rows: list[RowResult]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def to_write(self) -> int:
        return self.count(Action.CREATE) + self.count(Action.UPDATE)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in Action.LABELS}

    @property
    def fingerprint(self) -> str:
        """A digest of everything the preview shows: if any of it changes, the confirmation is refused."""
        shown = [
            [
                row.number,
                row.action,
                row.existing.pk if row.existing else None,
                row.errors,
                [[c.label, c.old, c.new] for c in row.changes],
                sorted((key, str(value)) for key, value in row.values.items()),
                sorted(s.pk for s in row.sectors) if row.sectors is not None else None,
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False, default=str).encode()).hexdigest()


class PlanChanged(ValidationError):
    """The registry changed since the preview: nothing was imported; `plan` is the new preview."""

    def __init__(self, plan: ImportPlan):
        super().__init__(
            _(
                "Danh sách cơ sở đã thay đổi kể từ lúc xem trước nên chưa dòng nào được nhập. "
                "Hãy xem lại bản xem trước mới bên dưới rồi xác nhận lần nữa."
            ),
            code="plan_changed",
        )
        self.plan = plan


# Reading the file ------------------------------------------------------------------------------


def _not_a_workbook(name: str) -> ValidationError:
    return ValidationError(
        _(
            "Tệp “%(name)s” không phải bảng tính Excel (.xlsx). Hãy mở tệp bằng Excel rồi lưu lại dạng "
            "“Excel Workbook (*.xlsx)”, hoặc tải tệp mẫu và điền vào đó."
        ),
        code="not_xlsx",
        params={"name": name},
    )


def check_upload(upload) -> None:
    """Refuse a file over 5 MB, or one whose content is not an .xlsx workbook, whatever its name."""
    name = getattr(upload, "name", "") or gettext("tệp tải lên")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, vượt mức tối đa 5 MB. Hãy chia thành nhiều tệp nhỏ hơn."),
            code="too_large",
            params={"name": name, "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    upload.seek(0)
    head = upload.read(len(OLE2_SIGNATURE))
    upload.seek(0)
    if head == OLE2_SIGNATURE:
        raise ValidationError(
            _(
                "Tệp “%(name)s” là bảng tính Excel 97-2003 (.xls), chưa đọc được. Hãy mở bằng Excel rồi lưu lại "
                "dạng “Excel Workbook (*.xlsx)”."
            ),
            code="xls",
            params={"name": name},
        )
    # An .xlsx is a zip holding the workbook parts; a renamed .docx, .csv or picture is not.
    if not zipfile.is_zipfile(upload):
        raise _not_a_workbook(name)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = {info.filename: info.file_size for info in archive.infolist()}
    except zipfile.BadZipFile:
        raise _not_a_workbook(name) from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in parts or "xl/workbook.xml" not in parts:
        raise _not_a_workbook(name)
    if sum(parts.values()) > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” chứa quá nhiều dữ liệu khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn."),
            code="too_large",
            params={"name": name},
        )


def _cell_text(key: str, value) -> str:
    """A cell as text; numbers that lost their leading 0 in Excel get it back (tax codes, phones)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # Typed as a number, a code loses the 0 in front: no tax code has 9 or 11 digits
        # (personal IDs begin 0xx), no mobile number 9, no landline 10 beginning with 2.
        if (key == "tax_code" and len(text) in (9, 11)) or (
            key == "phone" and (len(text) == 9 or (len(text) == 10 and text.startswith("2")))
        ):
            text = "0" + text
        return text
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _header_key(value) -> str | None:
    wanted = fold(str(value or "")).replace("*", "").strip()
    for column in COLUMNS:
        if wanted == fold(str(column.header)):
            return column.key
    return None


def read_rows(file, name: str = "") -> list[RowResult]:
    """The rows of the first sheet under its header row, as text (raises ValidationError for the file)."""
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen kinds for a broken workbook; all mean the same to the user
        raise _not_a_workbook(name or gettext("tệp tải lên")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        positions: dict[str, int] = {}
        header_number = 0
        # The header may sit under a title line or two.
        for header_number, values in enumerate(rows, start=1):
            found = {_header_key(v): i for i, v in enumerate(values or ()) if _header_key(v)}
            if "tax_code" in found and len(found) >= 2:
                positions = found
                break
            if header_number >= 10:
                break
        missing = [str(c.header) for c in COLUMNS if c.required and c.key not in positions]
        if missing:
            raise ValidationError(
                _("Không thấy cột %(columns)s ở dòng tiêu đề. Hãy dùng tệp mẫu và giữ nguyên dòng tiêu đề."),
                code="missing_columns",
                params={"columns": ", ".join(f"“{m}”" for m in missing)},
            )
        results = []
        for number, values in enumerate(rows, start=header_number + 1):
            values = values or ()
            cells = {
                key: _cell_text(key, values[index] if index < len(values) else None) for key, index in positions.items()
            }
            if not any(cells.values()):
                continue
            if len(results) == MAX_ROWS:
                raise ValidationError(
                    _("Tệp có hơn %(max)s dòng cơ sở. Hãy chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng."),
                    code="too_many_rows",
                    params={"max": group_thousands(MAX_ROWS)},
                )
            results.append(RowResult(number=number, cells=cells))
    finally:
        workbook.close()
    if not results:
        raise ValidationError(_("Tệp không có dòng cơ sở nào dưới dòng tiêu đề."), code="empty")
    return results


# Checking the rows -----------------------------------------------------------------------------


class _Lookups:
    """Reference data for the whole file in four queries, so checking a row costs none."""

    def __init__(self, tax_codes: set[str]):
        self.units_by_code: dict[str, AdministrativeUnit] = {}
        self.units_by_name: dict[str, list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.filter(kind__in=COMMUNE_KINDS):
            self.units_by_code[unit.code] = unit
            self.units_by_name.setdefault(fold(unit.name), []).append(unit)
        self.villages: dict[tuple[int, str], CraftVillage] = {}
        self.village_names: dict[str, CraftVillage] = {}
        for village in CraftVillage.objects.filter(active=True).select_related("commune"):
            self.villages[(village.commune_id, fold(village.name))] = village
            self.village_names[fold(village.name)] = village
        self.sectors = {s.code: s for s in Sector.objects.filter(active=True)}
        self.existing = {
            e.tax_code: e
            for e in Establishment.objects.filter(tax_code__in=tax_codes)
            .select_related("commune", "craft_village")
            .prefetch_related("sectors")
        }
        self.legal_forms = dict(LEGAL_FORM_ALIASES)
        for value, label in LegalForm.choices:
            self.legal_forms[fold(str(label))] = value
            self.legal_forms[value] = value

    def unit(self, text: str) -> AdministrativeUnit:
        if text in self.units_by_code:
            return self.units_by_code[text]
        name = fold(text)
        for prefix in UNIT_PREFIXES:
            if name.startswith(prefix) and name[len(prefix) :].strip() in self.units_by_name:
                name = name[len(prefix) :].strip()
                break
        units = self.units_by_name.get(name, [])
        if not units:
            raise ValidationError(
                _("không có xã/phường/đặc khu “%(value)s”; ghi mã (ví dụ 31338) hoặc tên như trong trang Xã phường."),
                params={"value": text},
            )
        if len(units) > 1:
            raise ValidationError(_("có nhiều đơn vị tên “%(value)s”; hãy ghi mã."), params={"value": text})
        unit = units[0]
        if not unit.active:
            raise ValidationError(_("%(unit)s không còn hoạt động."), params={"unit": unit})
        return unit


def _keep(row: RowResult, key: str) -> bool:
    """An empty optional cell of an update keeps the value on record."""
    return row.existing is not None and not row.cells.get(key)


def _fail(row: RowResult, key: str, message) -> None:
    header = str(COLUMN_BY_KEY[key].header)
    # The validators' messages often name the column already ("Mã số thuế … sai chữ số kiểm tra").
    row.errors.append(str(message) if str(message).startswith(header) else f"{header}: {message}")


def _check_texts(row: RowResult, lookups: _Lookups) -> None:
    cells, values = row.cells, row.values
    for column in COLUMNS:
        if column.required and not cells.get(column.key):
            row.errors.append(gettext("Thiếu %(column)s.") % {"column": column.header})
    for key in ("name", "representative", *OPTIONAL_TEXT):
        if key in cells and not _keep(row, key):
            values[key] = cells[key]
    if cells.get("phone"):
        try:
            values["phone"] = normalize_phone(cells["phone"])
        except ValidationError as error:
            _fail(row, "phone", error.messages[0])
    if cells.get("legal_form"):
        legal_form = lookups.legal_forms.get(fold(cells["legal_form"]))
        if legal_form is None:
            _fail(
                row,
                "legal_form",
                gettext("không có loại hình “%(value)s”; ghi một trong: %(choices)s.")
                % {"value": cells["legal_form"], "choices": ", ".join(str(label) for label in LegalForm.labels)},
            )
        else:
            values["legal_form"] = legal_form


def _check_place(row: RowResult, lookups: _Lookups) -> None:
    """The commune, and the craft village, which must lie in it."""
    cells, values = row.cells, row.values
    commune = None
    if cells.get("commune"):
        try:
            commune = values["commune"] = lookups.unit(cells["commune"])
        except ValidationError as error:
            _fail(row, "commune", error.messages[0])
    existing_village = row.existing.craft_village if row.existing is not None else None
    if commune is not None and existing_village is not None and existing_village.commune_id != commune.pk:
        # Moved to another commune: the craft village on record no longer applies.
        values["craft_village"] = None
    if not cells.get("craft_village") or commune is None:
        return
    name = fold(cells["craft_village"])
    village = lookups.villages.get((commune.pk, name))
    elsewhere = lookups.village_names.get(name)
    if village is not None:
        values["craft_village"] = village
    elif elsewhere is not None:
        _fail(
            row,
            "craft_village",
            gettext("làng nghề “%(village)s” thuộc %(its)s, không thuộc %(commune)s.")
            % {"village": elsewhere.name, "its": elsewhere.commune, "commune": commune},
        )
    else:
        _fail(
            row,
            "craft_village",
            gettext("không có làng nghề được công nhận tên “%(value)s”.") % {"value": cells["craft_village"]},
        )


def _check_sectors(row: RowResult, lookups: _Lookups) -> None:
    if not row.cells.get("sectors"):
        row.sectors = None if row.existing is not None else []
        return
    sectors, unknown = [], []
    for token in re.split(r"[,;\s]+", row.cells["sectors"].lower()):
        code = "dd" if token == "đ" else token  # sector đ is stored as "dd"
        if code in lookups.sectors:
            sectors.append(lookups.sectors[code])
        elif code:
            unknown.append(token)
    if unknown:
        _fail(
            row,
            "sectors",
            gettext("không có mã ngành %(codes)s; các mã là %(valid)s.")
            % {
                "codes": ", ".join(f"“{u}”" for u in unknown),
                "valid": ", ".join("đ" if code == "dd" else code for code in lookups.sectors),
            },
        )
    row.sectors = sectors


def _check_numbers_and_flags(row: RowResult) -> None:
    cells, values = row.cells, row.values
    if cells.get("founding_year"):
        year, this_year = cells["founding_year"], datetime.date.today().year
        if not year.isdigit() or not 1900 <= int(year) <= this_year:
            _fail(row, "founding_year", gettext("ghi năm bằng bốn chữ số, từ 1900 đến %(year)s.") % {"year": this_year})
        else:
            values["founding_year"] = int(year)
    for key in FLAGS:
        text = fold(cells.get(key, ""))
        if text in YES:
            values[key] = True
        elif text in NO or (not text and row.existing is None):
            values[key] = False
        elif text:
            _fail(row, key, gettext("ghi “Có” hoặc “Không”."))


def _check_model_rules(row: RowResult) -> None:
    """Lengths and the e-mail address, by the model's own rules (no query: relations are checked above)."""
    values = row.values
    probe = Establishment(**{k: v for k, v in values.items() if k not in ("commune", "craft_village")})
    checked = set(values) - {"commune", "craft_village", "tax_code", "legal_form"}
    try:
        probe.clean_fields(exclude=[f.name for f in Establishment._meta.fields if f.name not in checked])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = str(Establishment._meta.get_field(name).verbose_name).capitalize()
            row.errors += [f"{label}: {message}" for message in messages]


def _check_row(row: RowResult, lookups: _Lookups) -> None:
    """Fill `row.values` (model attribute → value) and `row.sectors`, and list every error of the row."""
    _check_texts(row, lookups)
    _check_place(row, lookups)
    _check_sectors(row, lookups)
    _check_numbers_and_flags(row)
    _check_model_rules(row)


def _display(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if key == "legal_form":
        return str(LegalForm(value).label)
    if isinstance(value, list):
        return ", ".join(s.code for s in value) or "—"
    return str(value)


def _changes(row: RowResult) -> list[Change]:
    existing = row.existing
    changes = []
    for key, new in row.values.items():
        if key == "tax_code":
            continue
        old = getattr(existing, key)
        if old != new:
            label = str(Establishment._meta.get_field(key).verbose_name).capitalize()
            changes.append(Change(label, _display(key, old), _display(key, new)))
    if row.sectors is not None:
        old_sectors = sorted(existing.sectors.all(), key=lambda s: s.code)
        new_sectors = sorted(row.sectors, key=lambda s: s.code)
        if old_sectors != new_sectors:
            label = str(Establishment._meta.get_field("sectors").verbose_name).capitalize()
            changes.append(Change(label, _display("sectors", old_sectors), _display("sectors", new_sectors)))
    return changes


def _is_example(row: RowResult) -> bool:
    return all(row.cells.get(c.key, "") == _cell_text(c.key, c.example) for c in COLUMNS if c.key in row.cells)


def plan_import(rows: list[RowResult]) -> ImportPlan:
    """Decide, for every row, what the import would do and why (at most 5 queries whatever the file's size)."""
    first_row_of: dict[str, int] = {}
    for row in rows:
        row.errors, row.changes, row.values, row.existing, row.sectors = [], [], {}, None, None
        if _is_example(row):
            row.action = Action.EXAMPLE
            continue
        text = row.cells.get("tax_code", "")
        if not text:
            continue
        try:
            tax_code = normalize_tax_code(text)
        except ValidationError as error:
            row.errors.append(error.messages[0])  # it names the tax code
            continue
        if tax_code in first_row_of:
            row.errors.append(
                gettext("Mã số thuế %(tax_code)s trùng với dòng %(row)s của tệp; chỉ dòng %(row)s được nhập.")
                % {"tax_code": text, "row": first_row_of[tax_code]}
            )
            continue
        first_row_of[tax_code] = row.number
        row.values["tax_code"] = tax_code

    lookups = _Lookups(set(first_row_of))
    for row in rows:
        if row.action == Action.EXAMPLE:
            continue
        row.existing = lookups.existing.get(row.values.get("tax_code"))
        _check_row(row, lookups)
        if row.errors:
            row.action = Action.ERROR
        elif row.existing is None:
            row.action = Action.CREATE
        else:
            row.changes = _changes(row)
            row.action = Action.UPDATE if row.changes else Action.UNCHANGED
    return ImportPlan(rows)


def establishments_import(*, rows: list[RowResult], fingerprint: str) -> ImportPlan:
    """Import every valid row in one transaction, if the registry still matches the preview (`fingerprint`).

    Raises `PlanChanged` (carrying the new preview) when it does not, and nothing is written.
    """
    try:
        with transaction.atomic():
            plan = plan_import(rows)
            if plan.fingerprint != fingerprint:
                raise PlanChanged(plan)
            links = []
            for row in plan.rows:
                if row.action == Action.CREATE:
                    row.saved = establishment_save(establishment=Establishment(**row.values))
                    links += [Sectors(establishment=row.saved, sector=sector) for sector in row.sectors or []]
                elif row.action == Action.UPDATE:
                    establishment = row.existing
                    for key, value in row.values.items():
                        setattr(establishment, key, value)
                    row.saved = establishment_save(establishment=establishment, sectors=row.sectors)
            # New establishments have no sectors yet: one insert for all of them instead of two queries each.
            Sectors.objects.bulk_create(links)
    except IntegrityError:
        # Someone added one of the file's tax codes between the check and the write.
        raise ValidationError(
            _("Một mã số thuế trong tệp vừa được người khác thêm vào danh sách; chưa dòng nào được nhập. Hãy thử lại."),
            code="race",
        ) from None
    return plan


# The file between preview and confirmation -----------------------------------------------------


def pending_store(upload) -> str:
    """Keep an uploaded file privately until the import is confirmed; return its random token."""
    PENDING_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - PENDING_MAX_AGE
    for stale in PENDING_DIR.glob("*.xlsx"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    upload.seek(0)
    with open(PENDING_DIR / f"{token}.xlsx", "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def pending_path(token: str) -> Path | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    path = PENDING_DIR / f"{token}.xlsx"
    return path if path.exists() else None


def pending_discard(token: str) -> None:
    path = pending_path(token)
    if path is not None:
        path.unlink(missing_ok=True)
