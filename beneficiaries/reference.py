"""Reference data loaded by `migrate`: the province, its commune-level units, eligible sectors.

Sources are in ../shared/DOMAIN.md: units and former districts in §6.3 (codes from
the post-1/7/2025 dataset; the old-to-new mapping still to be checked against the
annex of NQ 1668/NQ-UBTVQH15), sectors in §1.6.
"""

PROVINCE = {"code": "92", "name": "Thành phố Cần Thơ", "kind": "city"}

# (code, name, kind, former district, old constituent units) for the 28 units
# covering former Hậu Giang (7 wards, 21 communes).
COMMUNES = [
    ("31321", "Vị Thanh", "phuong", "Thành phố Vị Thanh", "P. I, P. III, P. VII"),
    ("31333", "Vị Tân", "phuong", "Thành phố Vị Thanh", "P. IV, P. V, xã Vị Tân"),
    ("31338", "Hỏa Lựu", "xa", "Thành phố Vị Thanh", "Hỏa Lựu, Hỏa Tiến, Tân Tiến"),
    ("31340", "Ngã Bảy", "phuong", "Thành phố Ngã Bảy", "P. Ngã Bảy, P. Lái Hiếu, P. Hiệp Thành"),
    ("31411", "Đại Thành", "phuong", "Thành phố Ngã Bảy", "P. Hiệp Lợi, xã Tân Thành, xã Đại Thành"),
    ("31342", "Tân Hòa", "xa", "Huyện Châu Thành A", "TT Một Ngàn, TT Bảy Ngàn, Nhơn Nghĩa A, Tân Hòa"),
    ("31348", "Trường Long Tây", "xa", "Huyện Châu Thành A", "Trường Long A, Trường Long Tây"),
    ("31360", "Thạnh Xuân", "xa", "Huyện Châu Thành A", "TT Rạch Gòi, Tân Phú Thạnh, Thạnh Xuân"),
    ("31366", "Châu Thành", "xa", "Huyện Châu Thành", "TT Ngã Sáu, TT Mái Dầm, Đông Phú"),
    ("31369", "Đông Phước", "xa", "Huyện Châu Thành", "TT Cái Tắc (Châu Thành A), Đông Thạnh, Đông Phước A"),
    ("31378", "Phú Hữu", "xa", "Huyện Châu Thành", "Phú Tân, Đông Phước, Phú Hữu"),
    ("31393", "Hòa An", "xa", "Huyện Phụng Hiệp", "TT Kinh Cùng, Hòa An"),
    ("31396", "Hiệp Hưng", "xa", "Huyện Phụng Hiệp", "TT Cây Dương, Hiệp Hưng"),
    ("31399", "Tân Bình", "xa", "Huyện Phụng Hiệp", "Bình Thành, Tân Bình"),
    ("31408", "Thạnh Hòa", "xa", "Huyện Phụng Hiệp", "Long Thạnh, Tân Long, Thạnh Hòa"),
    ("31420", "Phụng Hiệp", "xa", "Huyện Phụng Hiệp", "Hòa Mỹ, Phụng Hiệp"),
    ("31426", "Phương Bình", "xa", "Huyện Phụng Hiệp", "Phương Phú, Phương Bình"),
    ("31432", "Tân Phước Hưng", "xa", "Huyện Phụng Hiệp", "TT Búng Tàu, Tân Phước Hưng"),
    ("31441", "Vị Thủy", "xa", "Huyện Vị Thủy", "TT Nàng Mau, Vị Thắng, Vị Trung"),
    ("31453", "Vĩnh Thuận Đông", "xa", "Huyện Vị Thủy", "Vĩnh Thuận Tây, xã Vị Thủy, Vĩnh Thuận Đông (H. Long Mỹ)"),
    ("31459", "Vĩnh Tường", "xa", "Huyện Vị Thủy", "Vĩnh Trung, Vĩnh Tường"),
    ("31465", "Vị Thanh 1", "xa", "Huyện Vị Thủy", "Vị Đông, Vị Bình, xã Vị Thanh"),
    ("31471", "Long Mỹ", "phuong", "Thị xã Long Mỹ", "P. Thuận An, Long Trị, Long Trị A"),
    ("31473", "Long Bình", "phuong", "Thị xã Long Mỹ", "P. Bình Thạnh, P. Vĩnh Tường, xã Long Bình"),
    ("31480", "Long Phú 1", "phuong", "Thị xã Long Mỹ", "P. Trà Lồng, Tân Phú, Long Phú"),
    ("31489", "Vĩnh Viễn", "xa", "Huyện Long Mỹ", "TT Vĩnh Viễn, Vĩnh Viễn A"),
    ("31492", "Lương Tâm", "xa", "Huyện Long Mỹ", "Lương Nghĩa, Lương Tâm"),
    ("31495", "Xà Phiên", "xa", "Huyện Long Mỹ", "Thuận Hòa, Thuận Hưng, Xà Phiên"),
]

_ART5 = "Điều 5 Nghị định 45/2012/NĐ-CP"
_DECREE_235 = "Nghị định 235/2025/NĐ-CP (sửa đổi Điều 5 Nghị định 45/2012/NĐ-CP)"

# (code, name, legal basis, priority sector under TT 46/2012 Art. 6)
SECTORS = [
    ("a", "Chế biến nông, lâm, thủy sản và chế biến thực phẩm", f"{_ART5}, điểm a", True),
    (
        "b",
        "Sản xuất hàng công nghiệp phục vụ tiêu dùng, xuất khẩu, hàng thay thế hàng nhập khẩu",
        f"{_ART5}, điểm b",
        False,
    ),
    (
        "c",
        "Sản xuất hóa chất phục vụ nông nghiệp, nông thôn; sản xuất vật liệu xây dựng (ưu tiên vật liệu không nung)",
        f"{_ART5}, điểm c",
        False,
    ),
    (
        "d",
        "Sản xuất sản phẩm, phụ tùng; lắp ráp, sửa chữa máy móc cơ khí, điện, điện tử – tin học; gia công cơ khí; "
        "công nghiệp hỗ trợ",
        f"{_ART5}, điểm d",
        True,
    ),
    ("dd", "Sản xuất hàng tiểu thủ công nghiệp", f"{_ART5}, điểm đ", False),
    (
        "e",
        "Khai thác, chế biến khoáng sản tại địa bàn có điều kiện kinh tế – xã hội khó khăn",
        f"{_ART5}, điểm e",
        False,
    ),
    (
        "g",
        "Sản xuất sạch hơn; xử lý ô nhiễm môi trường tại cụm công nghiệp, cơ sở công nghiệp nông thôn",
        f"{_ART5}, điểm g",
        True,
    ),
    (
        "h",
        "Công nghiệp công nghệ cao, công nghiệp sạch, tiết kiệm năng lượng, công nghiệp môi trường, "
        "năng lượng thân thiện với môi trường",
        _DECREE_235,
        True,
    ),
]


def load(apps) -> None:
    """Create or update the reference rows (idempotent; usable from a migration)."""
    unit_model = apps.get_model("beneficiaries", "AdministrativeUnit")
    sector_model = apps.get_model("beneficiaries", "Sector")
    province, _ = unit_model.objects.update_or_create(
        code=PROVINCE["code"], defaults={"name": PROVINCE["name"], "kind": PROVINCE["kind"], "parent": None}
    )
    for code, name, kind, former_district, former_units in COMMUNES:
        unit_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": province,
                "former_district": former_district,
                "former_units": former_units,
            },
        )
    for code, name, legal_basis, is_priority in SECTORS:
        sector_model.objects.update_or_create(
            code=code, defaults={"name": name, "legal_basis": legal_basis, "is_priority": is_priority}
        )
