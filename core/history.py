"""Who changed what and when, read from django-simple-history, in words staff understand."""

from dataclasses import dataclass, field

from django.db import models


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


def _display(model_field, value, related: dict):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), value)
    if isinstance(model_field, models.BooleanField):
        return "✓" if value else "✗"
    return value


def history_entries(obj, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes of `obj`, newest first, with old → new values.

    Costs one query for the records and one per foreign-key model that changed.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    pending = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(pending) == limit:
            break
        raw = []
        if older is not None:
            for delta in newer.diff_against(older).changes:
                raw.append((model._meta.get_field(delta.field), delta.old, delta.new))
        pending.append((newer, raw))

    wanted: dict = {}
    for _newer, raw in pending:
        for model_field, old, new in raw:
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update(v for v in (old, new) if v is not None)
    related = {}
    for related_model, pks in wanted.items():
        for row in related_model._default_manager.filter(pk__in=pks):
            related[(related_model, row.pk)] = str(row)

    entries = []
    for newer, raw in pending:
        changes = [
            Change(str(f.verbose_name), _display(f, old, related), _display(f, new, related)) for f, old, new in raw
        ]
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                user=newer.history_user,
                kind=newer.history_type,
                changes=changes,
                note=newer.history_change_reason or "",
            )
        )
    return entries


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
