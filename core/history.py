"""Who changed what and when, read from django-simple-history, in words staff understand.

A record's page shows its own changes and those of the rows that belong to it (a project's
budget lines, beneficiaries and outcomes; an establishment's yearly figures), old → new, in one
timeline: a save that changed only a budget line reads "Kinh phí khuyến công địa phương – được
duyệt: 200.000.000 ₫ → 240.000.000 ₫", not an empty "sửa".
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import QuerySet

from core.money import format_decimal, format_vnd

# Changes of a record and of its rows made by one user this close together are one save.
SAME_SAVE = datetime.timedelta(seconds=5)
# Fields of a row that say which row it is, or that only the database needs: never shown as changes.
_HIDDEN = {"id", "updated_at", "search_text"}


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change] = field(default_factory=list)
    note: str = ""  # the record's change reason, e.g. a plan's budget change (programs.services.plan_save)
    of_part: bool = False  # made of changes of the record's rows only (HistoryPart)


@dataclass(frozen=True)
class HistoryPart:
    """Rows belonging to the record whose history joins its timeline.

    `records`: their historical records (e.g. `BudgetLine.history.filter(project_id=project.pk)`);
    `label_field`: the field that names a row (`source` for a budget line, `year` for a yearly figure);
    `parent_field`: the foreign key to the record, left out of the changes.
    """

    records: QuerySet
    label_field: str
    parent_field: str


def _display(model_field, value, related: dict):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), value)
    if isinstance(model_field, models.BooleanField):
        return "✓" if value else "✗"
    if isinstance(model_field, models.DecimalField) and isinstance(value, Decimal | int):
        # Whole-đồng fields are money; other decimals are quantities and rates.
        return format_vnd(value) if model_field.decimal_places == 0 else format_decimal(value)
    return value


def _record_changes(model, newer, older, hidden: set[str]) -> list:
    """(field, old, new) for each tracked field that differs; for a row created or deleted, every field."""
    if older is not None:
        return [
            (model._meta.get_field(delta.field), delta.old, delta.new)
            for delta in newer.diff_against(older).changes
            if delta.field not in hidden
        ]
    if newer.history_type == "~":
        return []
    fields = [f for f in model._meta.concrete_fields if f.attname not in hidden and f.name not in hidden]
    values = [(f, getattr(newer, f.attname)) for f in fields]
    if newer.history_type == "+":
        return [(f, None, value) for f, value in values if value not in (None, "")]
    return [(f, value, None) for f, value in values if value not in (None, "")]


def _own_entries(obj, limit: int) -> list[tuple]:
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    pending = []
    for newer, older in zip(records[:limit], records[1:] + [None], strict=False):
        raw = _record_changes(model, newer, older, _HIDDEN) if older is not None else []
        pending.append((newer, "", raw))
    return pending


def _part_entries(part: HistoryPart, limit: int) -> list[tuple]:
    """The part's records, newest first, each diffed against the previous record of the same row."""
    model = part.records.model.instance_type
    label_field = model._meta.get_field(part.label_field)
    records = part.records.select_related("history_user").order_by("-history_date", "-history_id")
    if isinstance(label_field, models.ForeignKey):
        records = records.select_related(part.label_field)  # the row's name comes with its record
    hidden = _HIDDEN | {part.parent_field, part.label_field}
    previous: dict[int, object] = {}
    pending = []
    for record in reversed(list(records[: limit * 4])):  # oldest first, so each row's previous record is known
        older = previous.get(record.id)
        previous[record.id] = record
        raw = _record_changes(model, record, older, hidden)
        if raw:
            pending.append((record, str(getattr(record, part.label_field)), raw))
    pending.reverse()
    return pending


def _related_names(pending: Iterable[tuple]) -> dict:
    """str() of every row a foreign key in the changes points to: one query per model."""
    wanted: dict = {}
    for _record, _row, raw in pending:
        pairs = [(f, v) for f, old, new in raw for v in (old, new)]
        for model_field, value in pairs:
            if isinstance(model_field, models.ForeignKey) and value is not None:
                wanted.setdefault(model_field.related_model, set()).add(value)
    related = {}
    for related_model, pks in wanted.items():
        for row in related_model._default_manager.filter(pk__in=pks):
            related[(related_model, row.pk)] = str(row)
    return related


def _entry(record, row: str, raw, related: dict) -> HistoryEntry:
    prefix = f"{row} – " if row else ""
    changes = [
        Change(f"{prefix}{f.verbose_name}", _display(f, old, related), _display(f, new, related)) for f, old, new in raw
    ]
    # A row added to or removed from the record changes the record: it reads as an edit of it.
    kind = record.history_type if not row else "~"
    note = record.history_change_reason or ""
    return HistoryEntry(record.history_date, record.history_user, kind, changes, note, of_part=bool(row))


def _same_save(entry: HistoryEntry, other: HistoryEntry) -> bool:
    """A row's change joins the entry of the save it was part of: same user, a few seconds apart.

    Two changes of the record itself stay two entries (each has its own reason).
    """
    return (entry.of_part or other.of_part) and entry.user == other.user and abs(entry.when - other.when) <= SAME_SAVE


def _fold_changes(newer: HistoryEntry, older_changes: list[Change]) -> None:
    """Add an older save's changes to a newer entry; a field changed twice reads oldest → newest."""
    by_label = {change.label: change for change in newer.changes}
    for change in older_changes:
        if change.label in by_label:
            by_label[change.label].old = change.old
        else:
            newer.changes.append(change)


def history_entries(obj, limit: int = 20, *, parts: Sequence[HistoryPart] = ()) -> list[HistoryEntry]:
    """The latest changes of `obj` and of its `parts`, newest first, with old → new values.

    Changes made by one user within a few seconds are one save (one entry). Costs one query for
    the record's history, one per part, and one per foreign-key model that changed.
    """
    pending = _own_entries(obj, limit)
    for part in parts:
        pending += _part_entries(part, limit)
    related = _related_names(pending)
    entries = sorted(
        (_entry(record, row, raw, related) for record, row, raw in pending), key=lambda e: e.when, reverse=True
    )
    merged: list[HistoryEntry] = []
    for entry in entries:
        if merged and _same_save(merged[-1], entry):
            last = merged[-1]
            _fold_changes(last, entry.changes)
            last.note = "; ".join(note for note in dict.fromkeys((last.note, entry.note)) if note)
            last.kind = "+" if "+" in (last.kind, entry.kind) else last.kind
            last.of_part = last.of_part and entry.of_part
        else:
            merged.append(entry)
    return merged[:limit]


# django-simple-history keeps at most this many characters of a change reason.
REASON_LENGTH = 100


def record_next_change(instance: models.Model, *, user=None, reason: str | None = None) -> None:
    """Name who makes the next save of `instance` and why, in its history (simple_history's convention).

    Without a user, simple_history's middleware names the request's user; the reason is cut to
    what the history table keeps.
    """
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]
    if reason is not None:
        instance._change_reason = reason[:REASON_LENGTH]  # type: ignore[attr-defined]
