"""Programme figures shown on the registry's pages: `{% load programme_cards %}`.

beneficiaries sits below programs and never imports it; its establishment page loads this
library by name instead (ARCHITECTURE.md).
"""

from django import template

from beneficiaries.models import Establishment
from programs.selectors import establishment_shares, establishment_support

register = template.Library()


@register.inclusion_tag("programs/includes/establishment_support.html")
def establishment_support_card(establishment: Establishment) -> dict:
    """The support the establishment received: total, by content, by year (three queries)."""
    return establishment_support(establishment)


@register.inclusion_tag("programs/includes/establishment_projects.html")
def establishment_projects(establishment: Establishment) -> dict:
    """Every project the establishment takes part in, with its share (one query)."""
    return {"shares": establishment_shares(establishment)}
