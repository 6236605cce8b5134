"""Reads of the registry that several pages share."""

from beneficiaries.models import Establishment, EstablishmentYearStat
from core.history import HistoryEntry, HistoryPart, history_entries


def establishment_history(establishment: Establishment, limit: int = 20) -> list[HistoryEntry]:
    """The establishment's changes with those of its yearly figures, newest first.

    Two queries for the histories, plus one per kind of related row named in the changes.
    """
    yearly = HistoryPart(
        EstablishmentYearStat.history.filter(establishment_id=establishment.pk),
        label_field="year",
        parent_field="establishment",
    )
    return history_entries(establishment, limit, parts=[yearly])
