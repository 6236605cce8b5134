"""Validators for Vietnamese identifiers: tax code, personal ID, phone number.

Each `normalize_*` function returns the canonical form that is stored (digits
only, mobile numbers with a leading 0) or raises `ValidationError` with a
Vietnamese message a user can act on.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst

_SEPARATORS = re.compile(r"[\s.\-_/()]")

# Province codes of birth registration run from 001 to 096 (TT 07/2016/TT-BCA).
_MAX_ID_PROVINCE = 96


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def normalize_tax_code(value: str) -> str:
    """Return a tax code as digits, or raise.

    Accepted (DOMAIN.md 7.2):
    - 10 digits, the last one the check digit with weights 31, 29, 23, 19, 17,
      13, 7, 5, 3 (python-stdnum: a remainder of 0 gives "10", which no digit can
      match, so such numbers are never issued and are refused);
    - 13 digits: a valid 10-digit parent code and a branch number 001-999;
    - 12 digits: the personal identification number that household businesses
      use as their tax code since 1/7/2025 (TT 86/2024/TT-BTC).
    """
    number = _digits(value)
    if not number.isdigit():
        raise ValidationError(
            _("Mã số thuế chỉ gồm chữ số (10 số, 13 số cho chi nhánh, hoặc 12 số định danh cá nhân)."),
            code="tax_code_format",
        )
    if len(number) == 12:
        return normalize_personal_id(number)
    try:
        return mst.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _(
                "Mã số thuế phải có 10 chữ số, 13 chữ số (chi nhánh) hoặc 12 chữ số "
                "(số định danh cá nhân của hộ kinh doanh); bạn nhập %(count)s chữ số."
            ),
            code="tax_code_length",
            params={"count": len(number)},
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Mã số thuế %(value)s sai chữ số kiểm tra: hãy đối chiếu lại với giấy đăng ký."),
            code="tax_code_checksum",
            params={"value": number[:10]},
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Mã số thuế không hợp lệ: số thứ tự không được toàn số 0 và số chi nhánh phải từ 001 đến 999."),
            code="tax_code_component",
        ) from None


def normalize_personal_id(value: str) -> str:
    """Return a 12-digit personal identification number (CCCD), or raise.

    Structure: 3 digits of the province of birth registration (001-096), one digit
    for gender and century (0-5 for the 1900s to the 2100s), two of the birth
    year, six random digits.
    """
    number = _digits(value)
    if len(number) != 12 or not number.isdigit():
        raise ValidationError(_("Số định danh cá nhân phải có đúng 12 chữ số."), code="personal_id_length")
    if not 1 <= int(number[:3]) <= _MAX_ID_PROVINCE:
        raise ValidationError(
            _("Số định danh cá nhân không hợp lệ: ba số đầu là mã tỉnh nơi đăng ký khai sinh (001 đến 096)."),
            code="personal_id_province",
        )
    if number[3] not in "012345":
        raise ValidationError(
            _("Số định danh cá nhân không hợp lệ: chữ số thứ tư (giới tính và thế kỷ sinh) phải từ 0 đến 5."),
            code="personal_id_century",
        )
    return number


def format_tax_code(number: str) -> str:
    """Show a branch code as 0123456789-001; other codes as stored."""
    return f"{number[:10]}-{number[10:]}" if len(number) == 13 else number


# Mobile: 10 digits starting 03, 05, 07, 08, 09. Landline: 02 + area code, 11 digits
# in all (Hậu Giang 0293, Cần Thơ 0292, Sóc Trăng 0299).
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def normalize_phone(value: str) -> str:
    """Return a Vietnamese phone number as national digits (0xxxxxxxxx), or raise."""
    number = _SEPARATORS.sub("", value or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("0084"):
        number = "0" + number[4:]
    if _MOBILE.match(number) or _LANDLINE.match(number):
        return number
    raise ValidationError(
        _(
            "Số điện thoại không hợp lệ: di động gồm 10 số bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
            "(hoặc +84…); máy bàn gồm mã vùng 02xx và số máy, 11 số (ví dụ 0293 3xxx xxx)."
        ),
        code="phone",
    )


def validate_tax_code(value: str) -> None:
    normalize_tax_code(value)


def validate_phone(value: str) -> None:
    normalize_phone(value)
