"""The rural industries of former Hậu Giang (DOMAIN.md §7.1) and its recognised craft villages.

A trade says how establishments of that kind are named, what they make, where they cluster,
which sectors (NĐ 45/2012 Art. 5 codes of beneficiaries.reference.SECTORS) they belong to,
and what the programme typically finances for them (machines, demonstration models, courses).
"""

import datetime
from dataclasses import dataclass, field

HOUSEHOLD, COOP_GROUP, COOPERATIVE, COOP_UNION, SME = "household", "coop_group", "cooperative", "coop_union", "sme"
DEFAULT_FORMS = {HOUSEHOLD: 55, COOP_GROUP: 6, COOPERATIVE: 12, COOP_UNION: 0.5, SME: 26.5}
WORKSHOP_FORMS = {HOUSEHOLD: 40, COOP_GROUP: 2, COOPERATIVE: 4, COOP_UNION: 0, SME: 54}


@dataclass(frozen=True)
class Trade:
    key: str
    weight: float  # how common the trade is in the registry
    label: str  # "Cơ sở {label} Hai Thành"
    coop: str  # "HTX {coop} Phương Bình", "Tổ hợp tác {coop} ấp …"
    company: str  # "Công ty TNHH {company} Tân Phát"
    sectors: tuple[str, ...]
    products: tuple[str, ...]
    homes: tuple[str, ...]  # communes where the trade clusters
    machines: tuple[str, ...]  # what a KC03b project buys
    model: str  # the technique a KC03a demonstration model shows
    craft: str = ""  # the craft a KC01 course teaches, if any
    women: float = 0.22  # share of woman-owned establishments
    revenue_factor: float = 1.0
    forms: dict = field(default_factory=lambda: DEFAULT_FORMS)


TRADES = (
    Trade(
        "khom", 12, "chế biến khóm Cầu Đúc", "chế biến khóm Cầu Đúc", "Thực phẩm", ("a",),
        ("Khóm sấy dẻo Cầu Đúc", "Mứt khóm", "Nước ép khóm đóng chai", "Khóm sơ chế đóng hộp", "Bánh khóm"),
        ("Hỏa Lựu", "Vị Thanh 1", "Vị Tân", "Long Mỹ", "Vĩnh Viễn", "Lương Tâm", "Xà Phiên", "Long Bình"),
        ("dây chuyền sấy khóm dẻo bằng bơm nhiệt", "máy gọt vỏ, đột lõi và cắt lát khóm",
         "hệ thống thanh trùng, chiết rót nước ép khóm"),
        "sấy lạnh khóm Cầu Đúc giữ màu và hương vị tự nhiên", "chế biến khóm sấy dẻo", women=0.32,
    ),
    Trade(
        "ca_kho", 9, "khô cá", "chế biến khô cá đồng", "Thủy sản", ("a",),
        ("Khô cá lóc", "Khô cá sặc rằn", "Khô cá tra phồng", "Khô cá kèo", "Tôm khô"),
        ("Phụng Hiệp", "Hòa An", "Tân Phước Hưng", "Hiệp Hưng", "Thạnh Hòa", "Tân Bình", "Phương Bình"),
        ("máy sấy thủy sản năng lượng mặt trời công suất 500 kg/mẻ", "tủ sấy khô cá bằng bơm nhiệt",
         "máy đánh vảy, phi lê cá"),
        "sấy khô cá đồng bằng năng lượng mặt trời kết hợp bơm nhiệt", "chế biến khô cá đồng", women=0.36,
    ),
    Trade(
        "mam", 3, "nước mắm", "chế biến mắm cá đồng", "Thực phẩm", ("a",),
        ("Mắm cá linh", "Mắm cá lóc", "Nước mắm cá linh", "Mắm tép"),
        ("Phụng Hiệp", "Tân Phước Hưng", "Hiệp Hưng", "Vĩnh Viễn"),
        ("hệ thống lọc và chiết rót nước mắm", "bồn ủ chượp inox có kiểm soát nhiệt"),
        "ủ chượp cá đồng trong bồn inox kín", "chế biến mắm cá đồng", women=0.36,
    ),
    Trade(
        "cha_ca", 3, "chả cá thát lát", "chế biến chả cá thát lát", "Thủy sản", ("a",),
        ("Chả cá thát lát", "Chả cá thát lát cuộn lá giang", "Cá thát lát tẩm gia vị"),
        ("Phụng Hiệp", "Tân Phước Hưng", "Tân Bình", "Thạnh Hòa"),
        ("máy quết chả cá và tủ cấp đông nhanh", "máy đóng gói hút chân không"),
        "quết chả cá bằng máy, cấp đông nhanh và đóng gói hút chân không", "chế biến chả cá thát lát", women=0.4,
    ),
    Trade(
        "luc_binh", 8, "đan lục bình", "đan lục bình", "Thủ công mỹ nghệ", ("dd",),
        ("Giỏ, túi xách đan lục bình", "Thảm lục bình", "Bàn ghế lục bình", "Hộp đựng đồ lục bình"),
        ("Phương Bình", "Tân Phước Hưng", "Hiệp Hưng", "Long Bình", "Vĩnh Tường", "Thạnh Hòa"),
        ("máy ép và lò sấy cây lục bình", "máy se dây lục bình"),
        "xử lý chống mốc và sấy lục bình bằng lò sấy đốt trấu cải tiến", "đan lục bình", women=0.5,
        forms={HOUSEHOLD: 50, COOP_GROUP: 16, COOPERATIVE: 14, COOP_UNION: 0, SME: 20},
    ),
    Trade(
        "dan_tre", 4, "đan đát", "đan tre, trúc", "Mây tre đan", ("dd",),
        ("Rổ, rá, thúng tre", "Đệm bàng, chiếu", "Bàn ghế mây tre", "Đèn trang trí bằng tre"),
        ("Đại Thành", "Thạnh Xuân", "Vị Thủy", "Trường Long Tây"),
        ("máy chẻ nan, vót nan tre", "máy sấy và xử lý mối mọt tre trúc"),
        "xử lý tre trúc chống mối mọt bằng công nghệ ngâm tẩm", "đan đát mây tre", women=0.43,
    ),
    Trade(
        "co_khi", 8, "cơ khí", "cơ khí nông nghiệp", "Cơ khí", ("d",),
        ("Máy sạ lúa, máy cắt cỏ", "Lò sấy lúa", "Sửa chữa máy gặt đập liên hợp", "Máy bơm nước, máy xới"),
        ("Châu Thành", "Tân Hòa", "Phú Hữu", "Đông Phước", "Vị Thủy", "Trường Long Tây", "Thạnh Xuân"),
        ("máy cắt plasma CNC và máy hàn bán tự động", "máy tiện CNC và máy phay", "máy chấn thủy lực"),
        "chế tạo máy sạ lúa theo hàng bằng gia công CNC", "hàn, tiện cơ khí", women=0.06, revenue_factor=1.3,
        forms=WORKSHOP_FORMS,
    ),
    Trade(
        "ton_thep", 4, "tôn thép", "cơ khí tôn thép", "Cơ khí Tôn thép", ("d",),
        ("Tôn lợp cán sóng", "Xà gồ thép", "Máng xối, diềm mái", "Khung nhà tiền chế"),
        ("Phụng Hiệp", "Ngã Bảy", "Châu Thành", "Tân Hòa", "Hòa An"),
        ("máy cán tôn sóng và máy chấn tôn", "máy cán xà gồ C, Z", "máy cán tôn cách nhiệt"),
        "cán tôn sóng ngói tự động", "", women=0.07, revenue_factor=1.4, forms=WORKSHOP_FORMS,
    ),
    Trade(
        "kinh", 3, "nhôm kính", "nhôm kính", "Nhôm kính", ("c", "d"),
        ("Kính cường lực", "Cửa nhôm kính", "Gương, kính mài cạnh"),
        ("Vị Thủy", "Vị Thanh 1", "Long Mỹ", "Ngã Bảy", "Vĩnh Tường"),
        ("máy mài cạnh kính thẳng tự động", "máy khoan và mài kính hai đầu"),
        "mài cạnh, khoan kính tự động", "", women=0.11, revenue_factor=1.2, forms=WORKSHOP_FORMS,
    ),
    Trade(
        "gach", 4, "gạch không nung", "sản xuất vật liệu xây dựng", "Vật liệu xây dựng", ("c",),
        ("Gạch không nung xi măng cốt liệu", "Gạch block", "Gạch terrazzo", "Cống bê tông ly tâm"),
        ("Châu Thành", "Phú Hữu", "Vĩnh Tường", "Thạnh Hòa", "Đông Phước"),
        ("dây chuyền ép gạch không nung bán tự động", "máy trộn bê tông cưỡng bức và máy ép block"),
        "sản xuất gạch không nung từ tro xỉ", "", women=0.09, revenue_factor=1.3, forms=WORKSHOP_FORMS,
    ),
    Trade(
        "banh_trang", 7, "bánh tráng", "làm bánh tráng", "Thực phẩm", ("a",),
        ("Bánh tráng nem", "Bánh tráng dẻo", "Bánh phồng tôm", "Bánh tráng mè"),
        ("Vị Tân", "Tân Hòa", "Trường Long Tây", "Thạnh Xuân", "Vị Thanh 1"),
        ("máy tráng bánh tự động và lò sấy bánh tráng", "máy xay bột gạo ướt"),
        "tráng và sấy bánh bằng lò hơi thay lò củi", "làm bánh tráng", women=0.47,
    ),
    Trade(
        "ruou", 4, "nấu rượu", "nấu rượu truyền thống", "Đồ uống", ("a",),
        ("Rượu nếp", "Rượu đế", "Rượu nếp than", "Rượu khóm"),
        ("Long Phú 1", "Xà Phiên", "Vĩnh Viễn", "Lương Tâm"),
        ("hệ thống chưng cất rượu inox", "máy lọc khử độc tố anđehit trong rượu"),
        "chưng cất và khử anđehit rượu truyền thống", "nấu rượu truyền thống", women=0.18,
    ),
    Trade(
        "dua", 3, "sản phẩm từ dừa", "chế biến dừa", "Chế biến dừa", ("a", "dd"),
        ("Kẹo dừa", "Thạch dừa", "Chỉ xơ dừa", "Đồ mỹ nghệ gáo dừa"),
        ("Tân Bình", "Thạnh Hòa", "Phú Hữu", "Hòa An"),
        ("máy ép nước cốt dừa và nồi nấu kẹo có cánh khuấy", "máy tách xơ dừa"),
        "nấu kẹo dừa bằng nồi hơi có cánh khuấy", "làm đồ mỹ nghệ từ gáo dừa", women=0.36,
    ),
    Trade(
        "ren", 3, "rèn", "rèn thủ công", "Cơ khí rèn", ("d", "dd"),
        ("Dao, kéo rèn", "Nông cụ rèn thủ công", "Dao phay, lưỡi liềm"),
        ("Ngã Bảy", "Hiệp Hưng", "Phụng Hiệp"),
        ("búa máy rèn và lò rèn cải tiến", "máy mài, đánh bóng lưỡi dao"),
        "rèn bằng búa máy và lò than cải tiến tiết kiệm nhiên liệu", "rèn thủ công", women=0.04,
    ),
    Trade(
        "mia_duong", 3, "đường mía", "sản xuất đường mía", "Mía đường", ("a",),
        ("Đường mía thủ công", "Mật mía", "Nước mía đóng chai"),
        ("Phụng Hiệp", "Hòa An", "Tân Bình", "Long Mỹ"),
        ("máy ép mía công suất lớn", "lò nấu đường hai nồi tiết kiệm nhiên liệu"),
        "nấu đường mía bằng lò cải tiến tận dụng bã mía", "", women=0.14,
    ),
    Trade(
        "xay_xat", 6, "xay xát lúa gạo", "xay xát và chế biến gạo", "Lương thực", ("a",),
        ("Gạo thơm xay xát", "Bột gạo", "Gạo lứt sấy"),
        ("Vị Thủy", "Vĩnh Thuận Đông", "Vĩnh Tường", "Xà Phiên", "Lương Tâm", "Thạnh Xuân", "Tân Hòa"),
        ("máy tách màu gạo", "máy xát trắng và đánh bóng gạo", "lò sấy lúa tầng sôi"),
        "sấy lúa bằng lò đốt trấu gián tiếp", "", women=0.11, revenue_factor=1.6, forms=WORKSHOP_FORMS,
    ),
    Trade(
        "moc", 4, "mộc", "mộc dân dụng", "Chế biến gỗ", ("b", "dd"),
        ("Tủ, giường gỗ", "Bàn ghế gỗ", "Cửa gỗ"),
        ("Vị Thanh", "Long Mỹ", "Châu Thành", "Vị Thủy"),
        ("máy CNC chạm khắc gỗ", "máy bào, cưa bàn trượt"),
        "chạm khắc gỗ bằng máy CNC", "mộc dân dụng", women=0.07,
    ),
    Trade(
        "may_mac", 3, "may", "may mặc", "May mặc", ("b",),
        ("Gia công quần áo xuất khẩu", "Đồng phục học sinh", "Túi vải"),
        ("Ngã Bảy", "Châu Thành", "Tân Hòa", "Hòa An", "Vị Thanh"),
        ("máy may công nghiệp và máy vắt sổ", "máy cắt vải tự động"),
        "", "may công nghiệp", women=0.54, forms=WORKSHOP_FORMS,
    ),
    Trade(
        "nuoc", 4, "nước uống đóng bình", "sản xuất nước uống", "Nước tinh khiết", ("a", "b"),
        ("Nước uống đóng bình", "Nước đá tinh khiết", "Nước uống đóng chai"),
        ("Vị Thủy", "Lương Tâm", "Xà Phiên", "Vĩnh Viễn", "Phú Hữu", "Đông Phước"),
        ("hệ thống lọc nước RO và máy chiết rót", "máy sản xuất đá viên"),
        "", "", women=0.22,
    ),
)  # fmt: skip
TRADE_BY_KEY = {trade.key: trade for trade in TRADES}


@dataclass(frozen=True)
class Village:
    name: str
    commune: str
    trade: str
    crafts: str
    decision: str
    recognised_on: datetime.date


# Recognised by the People's Committee of Hậu Giang before the 2025 merger. Five lie in
# wards: there, only establishments inside a recognised village qualify (DOMAIN.md §1.2).
VILLAGES = (
    Village("Làng nghề rèn Lái Hiếu", "Ngã Bảy", "ren", "Rèn dao, kéo, nông cụ",
            "QĐ 1234/QĐ-UBND", datetime.date(2013, 9, 12)),
    Village("Làng nghề bánh tráng Vị Tân", "Vị Tân", "banh_trang", "Làm bánh tráng, bánh phồng",
            "QĐ 1871/QĐ-UBND", datetime.date(2016, 11, 3)),
    Village("Làng nghề đan đát Hiệp Lợi", "Đại Thành", "dan_tre", "Đan tre, trúc, đệm bàng",
            "QĐ 702/QĐ-UBND", datetime.date(2015, 5, 20)),
    Village("Làng nghề chế biến khóm Long Trị", "Long Mỹ", "khom", "Chế biến khóm Cầu Đúc",
            "QĐ 2145/QĐ-UBND", datetime.date(2019, 12, 16)),
    Village("Làng nghề nấu rượu Trà Lồng", "Long Phú 1", "ruou", "Nấu rượu gạo, rượu nếp",
            "QĐ 938/QĐ-UBND", datetime.date(2017, 6, 8)),
    Village("Làng nghề đan lục bình Phương Bình", "Phương Bình", "luc_binh", "Đan lục bình",
            "QĐ 1502/QĐ-UBND", datetime.date(2018, 8, 27)),
)  # fmt: skip

# Communes with Khmer communities, where more owners belong to an ethnic minority.
KHMER_COMMUNES = ("Xà Phiên", "Lương Tâm", "Vĩnh Viễn", "Long Mỹ", "Hiệp Hưng", "Vĩnh Thuận Đông")
