"""Writes to the establishment registry: create, edit, deactivate, with their yearly figures.

Each service runs in one transaction, validates the rows it writes and raises
`ValidationError` with a Vietnamese message, so nothing is half saved. Saves made
during a request are attributed to its user by simple_history's middleware.
"""

from collections.abc import Iterable

from django.db import transaction

from beneficiaries.models import Establishment, EstablishmentYearStat, Sector
from core.validators import check_year_figures

# The fields staff edit on the form and the import writes; `active` has its own service.
EDITABLE_FIELDS = (
    "name",
    "legal_form",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "commune",
    "craft_village",
    "founding_year",
    "main_products",
    "woman_owned",
    "ethnic_minority_owner",
)


@transaction.atomic
def establishment_save(
    *,
    establishment: Establishment,
    sectors: Iterable[Sector] | None = None,
    year_stats: Iterable[EstablishmentYearStat] = (),
    removed_year_stats: Iterable[EstablishmentYearStat] = (),
) -> Establishment:
    """Create or update an establishment, its sectors (None keeps them) and yearly figures, all or nothing."""
    creating = establishment._state.adding
    # The caller has checked the tax code's uniqueness with a clear message; the
    # unique index still guards against two saves racing.
    establishment.full_clean(validate_unique=False, validate_constraints=False)
    if creating:
        establishment.save()
    else:
        establishment.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    if sectors is not None:
        establishment.sectors.set(sectors)
    # Deletions first, so a year removed and typed again in the same edit does not collide.
    for stat in removed_year_stats:
        if stat.pk is not None:
            stat.delete()
    for stat in year_stats:
        stat.establishment = establishment
        check_year_figures(year=stat.year, revenue=stat.revenue, employees=stat.employees)
        stat.full_clean()
        stat.save()
    return establishment


@transaction.atomic
def establishment_set_active(*, establishment: Establishment, active: bool) -> Establishment:
    """Deactivate an establishment (it stays in the registry and its history) or reactivate it."""
    establishment.active = active
    establishment.save(update_fields=["active", "updated_at"])
    return establishment
