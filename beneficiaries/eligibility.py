"""Who may receive khuyến công support: NĐ 45/2012 Art. 1(2) as replaced by NĐ 235/2025.

One function answers for an establishment in the registry and for a visitor's
self-check alike, so the two can never disagree.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from beneficiaries.models import AdministrativeUnit, CraftVillage, LegalForm, Sector

LEGAL_BASIS = _("Điều 1 khoản 2 Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP")
SECTOR_BASIS = _("Điều 5 Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP")


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    legal_basis: str

    def __bool__(self) -> bool:
        return self.eligible


def check_eligibility(
    *,
    legal_form: str,
    commune: AdministrativeUnit | None,
    craft_village: CraftVillage | None,
    sectors: list[Sector],
    location_limited: bool = True,
    location_basis: str = "",
) -> Eligibility:
    """Say whether an establishment qualifies, and why (reads `commune.parent`).

    `location_limited` is the support content's answer (programs' `SupportContent`): the
    place limits of Art. 1(2)(a) (no ward of a centrally-run city outside a recognised
    craft village) bind most contents, not those of Art. 1(2)(b) such as cleaner
    production, whose `location_basis` then stands as the legal basis of the answer.
    The legal form, a commune of the province and an eligible sector are asked of every content.
    """
    refusal = _basic_refusal(legal_form, commune, sectors)
    if refusal is not None:
        return refusal
    assert commune is not None
    in_recognised_village = (
        craft_village is not None and craft_village.active and craft_village.commune_id == commune.pk
    )
    if not location_limited and commune.is_ward_of_centrally_run_city and not in_recognised_village:
        return Eligibility(
            True,
            _(
                "Nội dung này không giới hạn địa bàn: cơ sở ở phường %(ward)s vẫn thuộc đối tượng, "
                "trong ngành nghề được hỗ trợ."
            )
            % {"ward": commune.name},
            location_basis or LEGAL_BASIS,
        )
    if commune.is_ward_of_centrally_run_city and not in_recognised_village:
        return Eligibility(
            False,
            _(
                "Cơ sở ở phường %(ward)s của thành phố trực thuộc trung ương chỉ được hỗ trợ khi nằm trong "
                "làng nghề được Ủy ban nhân dân thành phố công nhận."
            )
            % {"ward": commune.name},
            LEGAL_BASIS,
        )
    if commune.is_ward_of_centrally_run_city:
        assert craft_village is not None
        reason = _("Cơ sở nằm trong làng nghề được công nhận (%(village)s) và sản xuất ngành nghề được hỗ trợ.") % {
            "village": craft_village.name
        }
    else:
        reason = _("Cơ sở sản xuất tại %(unit)s, thuộc địa bàn được hỗ trợ, trong ngành nghề được hỗ trợ.") % {
            "unit": str(commune)
        }
    return Eligibility(True, reason, LEGAL_BASIS)


def _basic_refusal(legal_form: str, commune: AdministrativeUnit | None, sectors: list[Sector]) -> Eligibility | None:
    """What refuses an establishment whatever the content: its legal form, no commune, no eligible sector."""
    if legal_form not in LegalForm.values:
        return Eligibility(
            False,
            _(
                "Loại hình này không thuộc đối tượng: chỉ doanh nghiệp nhỏ và vừa, hợp tác xã, liên hiệp hợp tác xã, "
                "tổ hợp tác và hộ kinh doanh."
            ),
            LEGAL_BASIS,
        )
    if commune is None or commune.kind in AdministrativeUnit.PROVINCE_KINDS:
        return Eligibility(False, _("Chưa chọn xã, phường hoặc đặc khu nơi cơ sở sản xuất."), LEGAL_BASIS)
    if not commune.active:
        return Eligibility(False, _("Đơn vị hành chính đã chọn không còn hoạt động."), LEGAL_BASIS)
    if not any(s.active for s in sectors):
        return Eligibility(
            False,
            _("Cơ sở cần sản xuất trong ít nhất một ngành nghề được khuyến công hỗ trợ."),
            SECTOR_BASIS,
        )
    return None
