"""The uploaded workbook of an establishment import: checked, read into rows, and kept between the
preview and the confirmation.

Between the preview and the confirmation the file waits in a private temporary folder
(never under MEDIA_ROOT), under a random token that only the uploader's session knows.
"""

import datetime
import re
import secrets
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.importing import COLUMNS, MAX_ROWS, RowResult
from core.dates import vn_date
from core.money import format_decimal, group_thousands
from core.text import fold

MAX_BYTES = 5 * 1024 * 1024
# A 5 MB .xlsx of establishments unzips to a few tens of MB; more is a zip bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)
PENDING_DIR = Path(tempfile.gettempdir()) / "khuyencong-imports"
PENDING_MAX_AGE = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


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
            params={"name": name, "size": format_decimal(Decimal(upload.size) / 1024 / 1024, places=1)},
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


def cell_text(key: str, value) -> str:
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
        return vn_date(value)
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
                key: cell_text(key, values[index] if index < len(values) else None) for key, index in positions.items()
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
