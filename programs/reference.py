"""Reference data loaded by `migrate`: contents, funding sources, ceilings, indicators.

Figures come from ../shared/DOMAIN.md §2.3 (content codes, a design proposal) and
§3.2 (national ceilings). A rule is `confirmed` only where DOMAIN.md marks the
figure [C]; the others are loaded unconfirmed so staff can see and correct them
in the admin once checked against the consolidated TT 28/2018 + TT 64/2024.
"""

import datetime
from decimal import Decimal

# (code, name, advance cap %). TT 36/2013: advances up to 70% for most contents,
# 30% for industrial-cluster infrastructure.
CONTENTS = [
    ("KC01", "Đào tạo nghề, truyền nghề", 70),
    ("KC02", "Nâng cao năng lực quản lý, khởi sự doanh nghiệp, sản xuất sạch hơn, mở rộng thị trường", 70),
    ("KC03a", "Mô hình trình diễn kỹ thuật", 70),
    ("KC03b", "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ", 70),
    ("KC03c", "Mô hình thí điểm sản xuất sạch hơn", 70),
    ("KC04a", "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu", 70),
    ("KC04b", "Hội chợ, triển lãm: tổ chức và tham gia", 70),
    ("KC04c", "Xây dựng, đăng ký thương hiệu", 70),
    ("KC04d", "Phòng trưng bày, thương mại điện tử", 70),
    ("KC05", "Tư vấn, trợ giúp", 70),
    ("KC06", "Cung cấp thông tin, tuyên truyền", 70),
    ("KC07a", "Hội, hiệp hội, cụm liên kết doanh nghiệp", 70),
    ("KC07b", "Hạ tầng, quy hoạch cụm công nghiệp", 30),
    ("KC07c", "Hỗ trợ lãi suất di dời cơ sở gây ô nhiễm", 70),
    ("KC07d", "Xử lý ô nhiễm môi trường", 70),
    ("KC08", "Hợp tác quốc tế về khuyến công", 70),
    ("KC09", "Nâng cao năng lực hệ thống khuyến công", 70),
    ("KC10", "Chuyển đổi số", 70),
    ("KC11", "Hỗ trợ nghệ nhân bảo tồn, phát triển nghề", 70),
]

# Contents whose beneficiaries have no place limit (DOMAIN.md §1.2): NĐ 45/2012 Art. 1(2)(b), as
# amended by NĐ 235/2025, names establishments applying cleaner production and investors in
# industrial-cluster infrastructure apart from the places of Art. 1(2)(a). Code -> legal basis.
LOCATION_FREE = {
    "KC03c": "Điều 1 khoản 2 điểm b Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP: "
    "cơ sở công nghiệp áp dụng sản xuất sạch hơn",
    "KC07b": "Điều 1 khoản 2 điểm b Nghị định 45/2012/NĐ-CP, sửa đổi bởi Nghị định 235/2025/NĐ-CP: "
    "chủ đầu tư hạ tầng cụm công nghiệp",
}

# (code, name, kind, is state budget)
SOURCES = [
    ("KCQG", "Kinh phí khuyến công quốc gia", "national", True),
    ("KCDP", "Kinh phí khuyến công địa phương", "local", True),
    ("DOIUNG", "Vốn đối ứng", "counterpart", False),
    ("NTM", "Chương trình MTQG xây dựng nông thôn mới", "other", True),
    ("GNBV", "Chương trình MTQG giảm nghèo bền vững", "other", True),
    ("KHAC", "Nguồn hợp pháp khác (tài trợ, đóng góp)", "other", False),
]

TT28 = "TT 28/2018/TT-BTC"
TT28_FROM = datetime.date(2018, 5, 11)
ND235 = "Nghị định 235/2025/NĐ-CP"
# NĐ 235/2025/NĐ-CP (27/08/2025) amends NĐ 45/2012 from 15/10/2025: what it adds applies from then.
ND235_FROM = datetime.date(2025, 10, 15)
ND45_FROM = datetime.date(2012, 7, 5)
TTLT26 = "TTLT 26/2014/TTLT-BTC-BCT"
TTLT26_FROM, TTLT26_TO = datetime.date(2014, 4, 8), datetime.date(2018, 5, 10)
UNCHECKED = "Mức năm 2014; chưa đối chiếu TT 28/2018/TT-BTC sửa đổi bởi TT 64/2024/TT-BTC."
NO_FIGURE = "Chưa xác định mức tối đa: hỗ trợ theo dự toán được duyệt; cần đối chiếu văn bản trước khi áp dụng."
MULTIPLIER_NOTE = " Hệ số ưu tiên 1,5 theo quy định năm 2014, chưa đối chiếu văn bản hiện hành."
LINE_NOTE = (
    "Mức dây chuyền đã bằng 1,5 lần mức máy móc: không nhân thêm hệ số ưu tiên; đề án có diện ưu tiên vẫn theo mức này."
)

M = 1_000_000  # amounts below are written in millions of đồng, as the circulars state them


def _rule(
    content,
    variant,
    label,
    pct,
    cap_millions,
    unit,
    basis,
    *,
    confirmed,
    note="",
    multiplier="1.5",
    effective_from=TT28_FROM,
    effective_to=None,
):
    return {
        "content": content,
        "variant": variant,
        "variant_label": label,
        "pct_cap": None if pct is None else Decimal(pct),
        "amount_cap": None if cap_millions is None else Decimal(cap_millions * M),
        "unit": unit,
        "priority_multiplier": Decimal(multiplier),
        # DOMAIN.md 3.2 item 20: the 1.5 multiplier is confirmed for 2014 only.
        "priority_multiplier_confirmed": multiplier == "1",
        "legal_basis": basis,
        "confirmed": confirmed,
        "note": (note + (MULTIPLIER_NOTE if multiplier != "1" else "")).strip(),
        "effective_from": effective_from,
        "effective_to": effective_to,
    }


# National rule set (KCQG). Local levels of Cần Thơ (HĐND resolution of 2026) were
# not retrieved; until staff load them, the local rule set falls back to these.
RULES = [
    _rule(
        "KC01",
        "standard",
        "Đào tạo nghề, truyền nghề",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
    ),
    _rule(
        "KC02",
        "standard",
        "Đào tạo, hội thảo nâng cao năng lực",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
    ),
    _rule(
        "KC02",
        "enterprise_setup",
        "Khởi sự doanh nghiệp ở địa bàn khó khăn",
        None,
        10,
        "enterprise",
        f"{TT28}, Điều 8",
        confirmed=True,
        multiplier="1",
    ),
    _rule(
        "KC02",
        "cleaner_production_audit",
        "Đánh giá sản xuất sạch hơn",
        50,
        50,
        "establishment",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=(
            "Mức 50% và 50 triệu đồng lấy từ TTLT 221/2012/TTLT-BTC-BCT (chiến lược SXSH đến 2020), "
            "đã được thay thế; chưa đối chiếu TT 28/2018/TT-BTC sửa đổi bởi TT 64/2024/TT-BTC."
        ),
        multiplier="1",
    ),
    _rule(
        "KC03a",
        "standard",
        "Mô hình trình diễn công nghệ, sản phẩm mới",
        30,
        1000,
        "model",
        f"{TT28}, Điều 8 khoản 2",
        confirmed=True,
    ),
    _rule(
        "KC03a",
        "standard",
        "Mô hình trình diễn công nghệ, sản phẩm mới",
        30,
        500,
        "model",
        TTLT26,
        confirmed=True,
        effective_from=TTLT26_FROM,
        effective_to=TTLT26_TO,
    ),
    _rule(
        "KC03a",
        "replication",
        "Mô hình tại cơ sở đang sản xuất hiệu quả để nhân rộng",
        None,
        100,
        "model",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC03b",
        "standard",
        "Máy móc thiết bị tiên tiến, chuyển giao công nghệ",
        50,
        300,
        "establishment",
        f"{TT28}, Điều 8 khoản 4",
        confirmed=True,
    ),
    _rule(
        "KC03b",
        "production_line",
        "Dây chuyền công nghệ (1,5 lần mức máy móc)",
        50,
        450,
        "establishment",
        f"{TT28}, Điều 8 khoản 4",
        confirmed=True,
        note=LINE_NOTE,
        multiplier="1",
    ),
    _rule(
        "KC03b",
        "standard",
        "Máy móc thiết bị tiên tiến, chuyển giao công nghệ",
        50,
        200,
        "establishment",
        TTLT26,
        confirmed=True,
        effective_from=TTLT26_FROM,
        effective_to=TTLT26_TO,
    ),
    _rule(
        "KC03c",
        "standard",
        "Mô hình thí điểm sản xuất sạch hơn",
        30,
        1000,
        "model",
        f"{TT28}, Điều 8",
        confirmed=False,
        note="Áp dụng tạm mức mô hình trình diễn; cần đối chiếu văn bản.",
    ),
    _rule(
        "KC04a",
        "standard",
        "Tổ chức bình chọn cấp khu vực",
        None,
        200,
        "round",
        f"{TT28}, Điều 8",
        confirmed=True,
        multiplier="1",
    ),
    _rule(
        "KC04a",
        "national",
        "Tổ chức bình chọn cấp quốc gia",
        None,
        400,
        "round",
        f"{TT28}, Điều 8",
        confirmed=True,
        multiplier="1",
    ),
    _rule(
        "KC04a",
        "award",
        "Thưởng sản phẩm đạt giải cấp khu vực",
        None,
        5,
        "product",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
        multiplier="1",
    ),
    _rule(
        "KC04b",
        "standard",
        "Tổ chức hội chợ, triển lãm trong nước",
        100,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note="Theo giá trúng thầu hoặc được duyệt; chưa đối chiếu văn bản.",
        multiplier="1",
    ),
    _rule(
        "KC04b",
        "join_domestic",
        "Cơ sở tham gia hội chợ trong nước (thuê gian hàng)",
        80,
        None,
        "establishment",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
        multiplier="1",
    ),
    _rule(
        "KC04b",
        "abroad",
        "Hội chợ, triển lãm ở nước ngoài; vé máy bay",
        100,
        None,
        "project",
        f"{TT28}, Điều 8 khoản 6",
        confirmed=True,
        multiplier="1",
    ),
    _rule(
        "KC04c",
        "standard",
        "Xây dựng, đăng ký thương hiệu",
        50,
        35,
        "brand",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC04d",
        "standard",
        "Phòng trưng bày, thương mại điện tử",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
    ),
    _rule(
        "KC05",
        "standard",
        "Tư vấn cho cơ sở CNNT",
        50,
        35,
        "establishment",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC06",
        "standard",
        "Chương trình truyền hình, truyền thanh, ấn phẩm",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note="Theo hợp đồng với cơ quan truyền thông.",
        multiplier="1",
    ),
    _rule(
        "KC07a",
        "standard",
        "Thành lập hội, hiệp hội",
        30,
        100,
        "association",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC07a",
        "linkage_cluster",
        "Hình thành cụm liên kết doanh nghiệp",
        50,
        150,
        "association",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC07b",
        "standard",
        "Hạ tầng cụm công nghiệp",
        None,
        6000,
        "cluster",
        f"{TT28}, Điều 8",
        confirmed=True,
        multiplier="1",
    ),
    _rule(
        "KC07b",
        "planning",
        "Quy hoạch chi tiết cụm công nghiệp",
        50,
        500,
        "cluster",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
        multiplier="1",
    ),
    _rule(
        "KC07c",
        "standard",
        "Hỗ trợ lãi suất vay di dời (2 năm đầu)",
        50,
        500,
        "establishment",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC07d",
        "standard",
        "Xử lý ô nhiễm tại cơ sở",
        30,
        300,
        "establishment",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC07d",
        "cluster",
        "Xử lý ô nhiễm tại cụm công nghiệp",
        30,
        1500,
        "cluster",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=UNCHECKED,
    ),
    _rule(
        "KC08",
        "standard",
        "Hợp tác quốc tế về khuyến công",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
    ),
    _rule(
        "KC09",
        "standard",
        "Nâng cao năng lực hệ thống khuyến công",
        None,
        None,
        "project",
        f"{TT28}, Điều 8",
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
    ),
    _rule(
        "KC10",
        "standard",
        "Chuyển đổi số trong khuyến công",
        None,
        None,
        "project",
        ND235,
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
        effective_from=ND235_FROM,
    ),
    _rule(
        "KC11",
        "standard",
        "Hỗ trợ nghệ nhân",
        None,
        None,
        "project",
        ND235,
        confirmed=False,
        note=NO_FIGURE,
        multiplier="1",
        effective_from=ND235_FROM,
    ),
]

# Grounds on which staff may record a priority (DOMAIN.md 1.6): (code, name, basis, in force from,
# confirmed, note). The NĐ 235 grounds are known from summaries of the decree (S3, S4), not its article.
ND235_NOTE = "Theo bản tóm tắt Nghị định 235/2025/NĐ-CP; chưa đối chiếu nguyên văn điều khoản."
GROUNDS = [
    (
        "woman_owned",
        "Cơ sở do phụ nữ làm chủ",
        f"{ND235} (sửa đổi Nghị định 45/2012/NĐ-CP)",
        ND235_FROM,
        False,
        ND235_NOTE,
    ),
    (
        "ethnic_minority_owner",
        "Cơ sở do người dân tộc thiểu số làm chủ",
        f"{ND235} (sửa đổi Nghị định 45/2012/NĐ-CP)",
        ND235_FROM,
        False,
        ND235_NOTE,
    ),
    (
        "difficult_area",
        "Đề án tại xã thuộc danh sách địa bàn có điều kiện kinh tế - xã hội khó khăn, đặc biệt khó khăn",
        "Nghị định 45/2012/NĐ-CP, Điều 6; Thông tư 46/2012/TT-BCT, Điều 6",
        ND45_FROM,
        True,
        "Theo danh sách địa bàn khó khăn, đặc biệt khó khăn do cấp có thẩm quyền ban hành.",
    ),
    (
        "ethnic_minority_area",
        "Đề án tại vùng đồng bào dân tộc thiểu số",
        "Nghị định 45/2012/NĐ-CP, Điều 6; Thông tư 46/2012/TT-BCT, Điều 6",
        ND45_FROM,
        True,
        "",
    ),
]

# (code, name, unit, content codes)
INDICATORS = [
    ("TRAINEES", "Lao động được đào tạo nghề, truyền nghề", "người", ["KC01"]),
    ("EMPLOYED", "Lao động có việc làm sau đào tạo", "người", ["KC01"]),
    ("MGMT_TRAINEES", "Lượt người được đào tạo quản lý, khởi sự", "lượt người", ["KC02"]),
    ("MODELS", "Mô hình trình diễn được xây dựng", "mô hình", ["KC03a", "KC03c"]),
    ("MACHINES", "Máy móc, dây chuyền được hỗ trợ", "máy/dây chuyền", ["KC03b"]),
    ("EST_SUPPORTED", "Cơ sở được hỗ trợ", "cơ sở", ["KC03a", "KC03b", "KC03c", "KC04c", "KC05", "KC07d", "KC10"]),
    ("CERTIFIED", "Sản phẩm CNNT tiêu biểu được cấp Giấy chứng nhận", "sản phẩm", ["KC04a"]),
    ("FAIRS", "Hội chợ, triển lãm tổ chức hoặc tham gia", "hội chợ", ["KC04b"]),
    ("BOOTHS", "Gian hàng tham gia hội chợ", "gian hàng", ["KC04b"]),
    ("BRANDS", "Thương hiệu được hỗ trợ", "thương hiệu", ["KC04c"]),
    ("CONSULTED", "Lượt cơ sở được tư vấn", "lượt cơ sở", ["KC05", "KC10"]),
    ("MEDIA", "Sản phẩm thông tin, tuyên truyền", "sản phẩm", ["KC06"]),
    ("CLUSTERS", "Cụm công nghiệp được hỗ trợ", "cụm", ["KC07a", "KC07b", "KC07d"]),
    ("JOBS", "Việc làm mới tạo ra", "người", ["KC01", "KC03a", "KC03b", "KC03c", "KC04b", "KC07b"]),
    ("REVENUE_CHANGE", "Doanh thu tăng thêm của cơ sở thụ hưởng", "%", ["KC03a", "KC03b", "KC03c", "KC04b", "KC04c"]),
]


def load(apps) -> None:
    """Create or update the reference rows (idempotent; usable from a migration)."""
    content_model = apps.get_model("programs", "SupportContent")
    source_model = apps.get_model("programs", "FundingSource")
    rule_model = apps.get_model("programs", "SupportRule")
    indicator_model = apps.get_model("programs", "OutcomeIndicator")

    contents = {}
    for order, (code, name, advance_cap) in enumerate(CONTENTS, start=1):
        contents[code], _ = content_model.objects.update_or_create(
            code=code, defaults={"name": name, "advance_cap_percent": Decimal(advance_cap), "order": order}
        )
    load_location_limits(apps)
    for order, (code, name, kind, is_state) in enumerate(SOURCES, start=1):
        source_model.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "is_state_budget": is_state, "order": order}
        )
    # A migration's model may predate a field added later (the loader is shared).
    rule_fields = {field.name for field in rule_model._meta.get_fields()}
    for rule in RULES:
        rule = {key: value for key, value in rule.items() if key in rule_fields or key == "content"}
        content = contents[rule.pop("content")]
        keys = {k: rule.pop(k) for k in ("variant", "effective_from")}
        rule_model.objects.update_or_create(content=content, rule_set="national", **keys, defaults=rule)
    for order, (code, name, unit, content_codes) in enumerate(INDICATORS, start=1):
        indicator, _ = indicator_model.objects.update_or_create(
            code=code, defaults={"name": name, "unit": unit, "order": order}
        )
        indicator.contents.set([contents[c] for c in content_codes])


def load_location_limits(apps) -> None:
    """Free the contents of `LOCATION_FREE` from the place limits (once the model has the fields)."""
    content_model = apps.get_model("programs", "SupportContent")
    if not any(field.name == "location_limited" for field in content_model._meta.get_fields()):
        return  # an early migration: 0013 sets them
    for code, basis in LOCATION_FREE.items():
        content_model.objects.filter(code=code).update(location_limited=False, location_basis=basis)


def load_grounds(apps) -> None:
    """Create or update the priority grounds (idempotent; programs/0014 onwards)."""
    ground_model = apps.get_model("programs", "PriorityGround")
    for order, (code, name, basis, effective_from, confirmed, note) in enumerate(GROUNDS, start=1):
        ground_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_basis": basis,
                "effective_from": effective_from,
                "confirmed": confirmed,
                "note": note,
                "order": order,
            },
        )
