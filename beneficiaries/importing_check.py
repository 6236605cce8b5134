"""Checking the rows of an establishment import against the registry, and planning what each row does.

`plan_import` is the preview: it writes nothing, and costs at most 5 queries whatever the file's size.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.importing import (
    COLUMN_BY_KEY,
    COLUMNS,
    COMMUNE_KINDS,
    Action,
    Change,
    ImportPlan,
    RowResult,
)
from beneficiaries.importing_files import cell_text
from beneficiaries.models import AdministrativeUnit, CraftVillage, Establishment, LegalForm, Sector
from beneficiaries.validators import normalize_phone, normalize_tax_code
from core.text import fold
from core.validators import EARLIEST_FOUNDING_YEAR, today

UNIT_PREFIXES = ("xa ", "phuong ", "dac khu ", "x. ", "p. ", "x.", "p.")
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
        # The bounds of core.validators: from 1900 to the current year in the portal's time zone.
        year, this_year = cells["founding_year"], today().year
        if not year.isdigit() or not EARLIEST_FOUNDING_YEAR <= int(year) <= this_year:
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
    return all(row.cells.get(c.key, "") == cell_text(c.key, c.example) for c in COLUMNS if c.key in row.cells)


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
