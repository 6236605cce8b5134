"""Writes that keep the money rules: plans, projects, budget lines, payments, status changes.

Every service runs in one transaction and raises `ValidationError` with a
Vietnamese message when a rule would break, so nothing already saved changes.
One module per area; import the services from here.
"""

# The ceiling of a project is computed in programs.ceilings; these names stay importable from
# here, where the other apps have always found them.
from programs.ceilings import (
    PER_ESTABLISHMENT_UNITS,
    ceiling_describe,
    ceiling_for,
    project_ceiling,
    project_check_ceiling,
)
from programs.repeat_support import RepeatSupport, RepeatSupportRefused, project_repeat_support
from programs.services.payments import budget_lines_save, disbursement_create
from programs.services.plans import plan_save, plan_transition
from programs.services.projects import ShareInput, project_save, project_transition

__all__ = [
    "PER_ESTABLISHMENT_UNITS",
    "RepeatSupport",
    "RepeatSupportRefused",
    "ShareInput",
    "budget_lines_save",
    "ceiling_describe",
    "ceiling_for",
    "disbursement_create",
    "plan_save",
    "plan_transition",
    "project_ceiling",
    "project_check_ceiling",
    "project_repeat_support",
    "project_save",
    "project_transition",
]
