"""Check an applicant's upload before it is kept: the type from its content, its size, its name.

Only PDF, JPG, PNG, DOCX and XLSX, at most 10 MB. The type is read from the first
bytes (and, for DOCX/XLSX, from the zip's table of contents) and must agree with the
extension, so a renamed executable, HTML page or SVG image is refused.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import format_decimal

MAX_SIZE = 10 * 1024 * 1024
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
JPEG = FileKind("JPG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("PNG", "image/png", (".png",))
DOCX = FileKind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def clean_filename(name: str) -> str:
    """The file's own name only: no folders, no control characters, Vietnamese letters kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "", name)
    name = re.sub(r"\s+", " ", name).strip(" ").rstrip(".")
    stem, ext = os.path.splitext(name)
    if not ext and stem.startswith("."):  # ".pdf": an extension without a name
        stem, ext = "", stem
    stem = stem.strip(" .")
    if not stem:
        stem = "tep-dinh-kem"
    ext = ext[:10]
    return (stem[: MAX_NAME_LENGTH - len(ext)] + ext).strip()


def _sniff(head: bytes, upload) -> FileKind | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return DOCX
            if any(n.startswith("xl/") for n in names):
                return XLSX
    return None


def check_upload(upload) -> CheckedUpload:
    """Return the cleaned name, the type and the size of `upload`, or raise ValidationError in Vietnamese."""
    allowed = _("Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX.")
    size = upload.size
    if size is None or size == 0:
        raise ValidationError(_("Tệp rỗng, hãy chọn lại tệp."), code="empty")
    if size > MAX_SIZE:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB): mỗi tệp tối đa 10 MB.")
            % {"size": format_decimal(Decimal(size) / 1024 / 1024, places=1)},
            code="too_large",
        )
    name = clean_filename(upload.name)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        raise ValidationError(
            _("Tệp là chương trình chạy được, không được phép tải lên. ") + allowed, code="executable"
        )
    kind = _sniff(head, upload)
    if kind is None:
        lowered = head.lstrip().lower()
        if lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<")):
            raise ValidationError(_("Không nhận tệp HTML, SVG hay XML. ") + allowed, code="markup")
        raise ValidationError(_("Không nhận dạng được loại tệp. ") + allowed, code="unknown_type")
    ext = os.path.splitext(name)[1].lower()
    if ext not in kind.extensions:
        raise ValidationError(
            _("Phần mở rộng “%(ext)s” không khớp với nội dung tệp (%(kind)s). ")
            % {"ext": ext or _("(không có)"), "kind": kind.label}
            + allowed,
            code="extension_mismatch",
        )
    return CheckedUpload(name=name, content_type=kind.content_type, size=size)
