"""Applying an establishment import: every valid row in one transaction, if the preview still holds."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from beneficiaries.importing import Action, ImportPlan, PlanChanged, RowResult
from beneficiaries.importing_check import plan_import
from beneficiaries.models import Establishment
from beneficiaries.services import establishment_save

Sectors = Establishment.sectors.through


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
