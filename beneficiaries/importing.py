"""Import establishments from an Excel workbook: read, check every row, preview, apply in one transaction.

The rules, also shown on the import page:
- a row whose tax code is already in the registry updates that establishment, and its
  empty optional cells keep the values on record;
- a tax code written twice in the file: the first row counts, later rows are errors;
- rows with an error are skipped; the other rows are imported together or not at all;
- the confirmation checks every row again, and imports nothing if the preview the user
  saw no longer holds (someone changed the registry meanwhile): the user sees the new preview.

This module holds what the steps share: the file's columns, and the plan of what happens to
each row. The steps, each in its own module:
- importing_files: check the upload, read its rows, keep the file between preview and confirmation;
- importing_check: check every row against the registry and plan what to do (the preview);
- importing_save: apply the plan in one transaction, if the preview still holds.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Establishment, Sector, UnitKind

# Importing costs about 3 ms a row on PostgreSQL (2,000 rows in 5.4 s): 5,000 rows stay
# well inside gunicorn's 60-second timeout.
MAX_ROWS = 5000
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


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
