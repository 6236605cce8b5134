"""Applications shown on other apps' staff pages (the staff home, an establishment's page).

Those pages load this library by name (`{% load application_cards %}`), so the apps below
applications never import it (ARCHITECTURE.md).
"""

from dataclasses import dataclass

from django import template

from applications.models import Application
from beneficiaries.models import Establishment

register = template.Library()


@dataclass
class Waiting:
    rows: list[Application]
    count: int


@register.simple_tag
def waiting_applications(limit: int = 10) -> Waiting:
    """`{% waiting_applications 10 as waiting %}`: the oldest `limit` waiting applications and their number.

    Two queries: the rows (with establishment and content) and the count.
    """
    waiting = Application.objects.for_staff_home()
    return Waiting(rows=list(waiting[:limit]), count=waiting.count())


@register.inclusion_tag("applications/includes/establishment_applications.html")
def establishment_applications(establishment: Establishment) -> dict:
    """The establishment's submitted applications, newest first (one query)."""
    return {"applications": Application.objects.filter(establishment=establishment).for_establishment_page()}
