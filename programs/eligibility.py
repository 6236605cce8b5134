"""Eligibility per support content: who may receive a content, and the exceptions staff record.

`beneficiaries.eligibility.check_eligibility` knows the establishment; the content says whether
the place limits of NĐ 45/2012 Art. 1(2)(a) bind it (`SupportContent.location_limited`: cleaner
production and industrial-cluster infrastructure, Art. 1(2)(b), have none). Staff may still
support an establishment outside the beneficiaries of a content, but only with a recorded reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from beneficiaries.eligibility import Eligibility, check_eligibility
from beneficiaries.models import AdministrativeUnit, CraftVillage, Establishment, Sector
from programs.models import SupportContent


def _content_terms(content: SupportContent | None) -> dict:
    """What the content tells the rule: whether the place limits bind it, and the basis when not."""
    if content is None:
        return {}
    return {"location_limited": content.location_limited, "location_basis": content.location_basis}


def establishment_eligibility(establishment: Establishment, content: SupportContent | None) -> Eligibility:
    """Whether `establishment` may receive `content` (any location-limited content when None), and why."""
    return establishment.eligibility(**_content_terms(content))


def content_check_eligibility(
    content: SupportContent | None,
    *,
    legal_form: str,
    commune: AdministrativeUnit | None,
    craft_village: CraftVillage | None,
    sectors: list[Sector],
) -> Eligibility:
    """The self-check's answer for an establishment described by a visitor, for `content` (or any when None)."""
    return check_eligibility(
        legal_form=legal_form, commune=commune, craft_village=craft_village, sectors=sectors, **_content_terms(content)
    )


def contents_without_location_limit() -> list[SupportContent]:
    """The active contents open to establishments wherever they are (NĐ 45 Art. 1(2)(b)); one query."""
    return list(SupportContent.objects.filter(active=True, location_limited=False).order_by("order", "code"))


@dataclass(frozen=True)
class Ineligible:
    """A beneficiary outside the beneficiaries of the content, and the rule's reason."""

    establishment: Establishment
    reason: str


class IneligibleBeneficiaryRefused(ValidationError):
    """Beneficiaries outside the beneficiaries of the content were added without a recorded exception."""

    def __init__(self, message: str, ineligible: list[Ineligible]):
        super().__init__(message, code="eligibility_exception_reason_required")
        self.ineligible = ineligible


def row_refusal(establishment: Establishment, reason: str) -> str:
    """What a beneficiary row says when its establishment needs an exception reason."""
    return _("%(name)s không thuộc đối tượng được hỗ trợ nội dung này: %(reason)s Hãy ghi lý do ngoại lệ.") % {
        "name": establishment.name,
        "reason": reason,
    }


def ineligible_refusal(content: SupportContent, ineligible: list[Ineligible]) -> IneligibleBeneficiaryRefused:
    """The refusal naming each establishment and why it is not a beneficiary of `content`."""
    listed = "; ".join(f"{item.establishment.name}: {item.reason}" for item in ineligible)
    return IneligibleBeneficiaryRefused(
        _(
            "Cơ sở không thuộc đối tượng được hỗ trợ nội dung %(content)s — %(listed)s "
            "Muốn hỗ trợ ngoại lệ, hãy ghi lý do ngoại lệ cho từng cơ sở."
        )
        % {"content": content.code, "listed": listed},
        ineligible,
    )


def exception_reasons(
    *,
    content: SupportContent,
    establishments: Iterable[tuple[Establishment, str]],
) -> dict[int, str]:
    """The exception reason of each ineligible establishment (by pk), refusing those without one.

    `establishments` pairs each beneficiary with the reason typed (or saved) for it. Eligible
    establishments are left out of the answer: they need no exception. Raises
    `IneligibleBeneficiaryRefused` naming every ineligible establishment without a reason.
    """
    reasons: dict[int, str] = {}
    missing: list[Ineligible] = []
    for establishment, reason in establishments:
        answer = establishment_eligibility(establishment, content)
        if answer.eligible:
            continue
        reason = (reason or "").strip()
        if reason:
            reasons[establishment.pk] = reason
        else:
            missing.append(Ineligible(establishment, str(answer.reason)))
    if missing:
        raise ineligible_refusal(content, missing)
    return reasons
