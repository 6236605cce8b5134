"""What a demo project of each content looks like: titles, size, cost, who carries it out.

The yearly schedule below gives every content KC01…KC11 at least one project, with most
money going to machinery (KC03b) as in the real Hậu Giang plans (DOMAIN.md §5.3).
"""

from dataclasses import dataclass

NATIONAL, LOCAL = "national", "local"

# One scale unit of projects per year and level: "KC03b*3" means three machinery projects.
SCHEDULE = {
    2023: {
        NATIONAL: "KC03b*3 KC01 KC03a KC04b",
        LOCAL: "KC01*2 KC02*2 KC03b*3 KC03c KC04a KC04b*2 KC04c*2 KC05*2 KC06 KC07d KC09",
    },
    2024: {
        NATIONAL: "KC03b*3 KC01 KC03a KC04b KC07b",
        LOCAL: "KC01*2 KC02*2 KC03b*3 KC03c KC04b*2 KC04c KC04d KC05*2 KC06 KC07a KC09",
    },
    2025: {
        NATIONAL: "KC03b*3 KC03a KC01 KC04b KC08",
        # No KC10 before 2026: digital transformation is a content of NĐ 235/2025, in force 15/10/2025.
        LOCAL: "KC01*2 KC02*2 KC03b*3 KC04a KC04b*2 KC04c*2 KC05*2 KC06 KC07c KC09",
    },
    2026: {
        NATIONAL: "KC03b*3 KC03a KC01 KC04b",
        LOCAL: "KC01*2 KC02*2 KC03b*3 KC04b*2 KC04c KC04d KC05 KC06 KC07d KC09 KC10*2 KC11",
    },
}


def schedule(year: int, level: str) -> list[str]:
    contents = []
    for item in SCHEDULE[year][level].split():
        code, _, count = item.partition("*")
        contents += [code] * int(count or 1)
    return contents


@dataclass(frozen=True)
class Template:
    titles: tuple[str, ...]
    objective: str
    result: str
    who: str = "single"  # single: one establishment; group: several; none: no beneficiary
    size: tuple[int, int] = (1, 1)  # number of beneficiaries
    cost: tuple[int, int] = (60, 150)  # total cost in millions of đồng
    share: tuple[float, float] = (1.0, 1.0)  # state share of the cost asked for, before the ceiling
    implementer: float = 0.0  # probability that the establishment itself carries the project out
    months: tuple[int, int] = (2, 5)
    needs: str = ""  # Trade attribute the beneficiary's trade must have (craft, model)
    variants: tuple[tuple[str, float], ...] = (("standard", 1.0),)
    awards: bool = False  # beneficiaries receive a fixed award, not a share of the cost
    co_funding: str = ""  # another state programme that sometimes pays part of a local project


TEMPLATES = {
    "KC01": Template(
        (
            "Đào tạo nghề {craft} cho lao động nông thôn {commune}",
            "Truyền nghề {craft} cho lao động nữ {commune}",
            "Đào tạo nghề {craft} gắn với giải quyết việc làm tại {est}",
        ),
        "Đào tạo, truyền nghề {craft} cho lao động nông thôn, tạo việc làm tại chỗ và cung cấp lao động có tay nghề "
        "cho {est}.",
        "Khoảng 30 học viên hoàn thành khóa học; ít nhất 80% có việc làm sau đào tạo.",
        cost=(70, 160),
        months=(2, 3),
        needs="craft",
        co_funding="GNBV",
    ),
    "KC02": Template(
        (
            "Tập huấn nâng cao năng lực quản lý cho chủ cơ sở công nghiệp nông thôn năm {year}",
            "Tập huấn khởi sự doanh nghiệp cho hộ kinh doanh, tổ hợp tác năm {year}",
            "Tập huấn áp dụng sản xuất sạch hơn trong chế biến nông sản, thủy sản năm {year}",
            "Hội thảo kết nối tiêu thụ sản phẩm công nghiệp nông thôn với hệ thống phân phối năm {year}",
        ),
        "Nâng cao kiến thức quản trị sản xuất, tài chính, thị trường cho chủ cơ sở công nghiệp nông thôn.",
        "Từ 40 đến 100 lượt học viên tham dự; cơ sở tham gia áp dụng kiến thức vào sản xuất.",
        who="group",
        size=(4, 9),
        cost=(45, 120),
        months=(1, 2),
    ),
    "KC03a": Template(
        ("Xây dựng mô hình trình diễn kỹ thuật {model} tại {est}",),
        "Xây dựng mô hình trình diễn kỹ thuật {model} để các cơ sở cùng ngành tham quan, học tập và nhân rộng.",
        "Mô hình vận hành ổn định; tổ chức hội nghị trình diễn cho 30–50 cơ sở; doanh thu cơ sở tăng 15–25%.",
        cost=(700, 2_400),
        share=(0.25, 0.3),
        implementer=0.6,
        months=(5, 8),
        needs="model",
    ),
    "KC03b": Template(
        ("Hỗ trợ ứng dụng {machine} tại {est}", "Hỗ trợ đầu tư {machine} cho {est}"),
        "Hỗ trợ {est} ứng dụng {machine}, nâng cao năng suất, giảm hao hụt và chi phí nhân công, ổn định chất "
        "lượng sản phẩm.",
        "Lắp đặt, vận hành máy móc thiết bị; năng suất tăng 20–30%; tạo thêm việc làm cho lao động địa phương.",
        cost=(300, 900),
        share=(0.42, 0.5),
        implementer=0.5,
        months=(4, 7),
        variants=(("standard", 0.8), ("production_line", 0.2)),
        co_funding="NTM",
    ),
    "KC03c": Template(
        ("Xây dựng mô hình thí điểm áp dụng sản xuất sạch hơn trong sản xuất {trade} tại {est}",),
        "Áp dụng các giải pháp sản xuất sạch hơn, giảm tiêu hao điện, nước, nhiên liệu và chất thải tại {est}.",
        "Giảm 10–20% tiêu hao năng lượng và nguyên liệu; mô hình được giới thiệu để nhân rộng.",
        cost=(500, 1_200),
        share=(0.25, 0.3),
        implementer=0.5,
        months=(5, 8),
    ),
    "KC04a": Template(
        ("Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp {selection} năm {year}",),
        "Phát hiện, tôn vinh sản phẩm công nghiệp nông thôn tiêu biểu để giới thiệu tham gia bình chọn cấp khu vực.",
        "Khoảng 20 sản phẩm được công nhận; cơ sở đạt giải được hỗ trợ quảng bá.",
        who="group",
        size=(8, 14),
        cost=(150, 200),
        months=(3, 5),
        awards=True,
    ),
    "KC04b": Template(
        (
            "Tổ chức Hội chợ công nghiệp nông thôn – thương mại {place} năm {year}",
            "Hỗ trợ cơ sở công nghiệp nông thôn tham gia Hội chợ Nông nghiệp quốc tế Việt Nam năm {year}",
            "Hỗ trợ cơ sở công nghiệp nông thôn tham gia Hội chợ thương mại vùng Đồng bằng sông Cửu Long năm {year}",
        ),
        "Quảng bá sản phẩm công nghiệp nông thôn, giúp cơ sở tìm kiếm khách hàng và mở rộng thị trường.",
        "Các cơ sở tham gia gian hàng; ký kết hợp đồng, biên bản ghi nhớ tiêu thụ sản phẩm.",
        who="group",
        size=(5, 12),
        cost=(80, 350),
        months=(1, 2),
        variants=(("standard", 0.5), ("join_domestic", 0.5)),
    ),
    "KC04c": Template(
        ("Hỗ trợ xây dựng, đăng ký nhãn hiệu sản phẩm “{product}” của {est}",),
        "Xây dựng và đăng ký bảo hộ nhãn hiệu cho sản phẩm {product}, tạo điều kiện đưa sản phẩm vào hệ thống "
        "phân phối.",
        "Nhãn hiệu được nộp đơn đăng ký bảo hộ; bộ nhận diện và bao bì mới được đưa vào sử dụng.",
        cost=(50, 95),
        share=(0.4, 0.5),
        implementer=0.3,
        months=(3, 6),
        co_funding="NTM",
    ),
    "KC04d": Template(
        (
            "Nâng cấp phòng trưng bày, giới thiệu sản phẩm công nghiệp nông thôn tiêu biểu năm {year}",
            "Hỗ trợ cơ sở công nghiệp nông thôn đưa sản phẩm lên sàn thương mại điện tử năm {year}",
        ),
        "Giới thiệu, quảng bá sản phẩm công nghiệp nông thôn tiêu biểu đến người tiêu dùng và nhà phân phối.",
        "Sản phẩm của các cơ sở tham gia được trưng bày và bán trực tuyến.",
        who="group",
        size=(6, 12),
        cost=(120, 300),
        months=(3, 5),
    ),
    "KC05": Template(
        (
            "Tư vấn xây dựng hệ thống quản lý an toàn thực phẩm HACCP cho {est}",
            "Tư vấn thiết kế mẫu mã, bao bì sản phẩm “{product}” cho {est}",
            "Tư vấn lập dự án đầu tư mở rộng nhà xưởng cho {est}",
        ),
        "Tư vấn giúp {est} hoàn thiện quản lý sản xuất, chất lượng và thị trường.",
        "Cơ sở được cấp chứng nhận hoặc hoàn thành hồ sơ theo nội dung tư vấn.",
        cost=(40, 90),
        share=(0.4, 0.5),
        implementer=0.2,
        months=(2, 5),
    ),
    "KC06": Template(
        (
            "Xây dựng chuyên mục khuyến công trên sóng phát thanh, truyền hình năm {year}",
            "Biên soạn, phát hành bản tin khuyến công năm {year}",
            "Xây dựng phóng sự giới thiệu mô hình khuyến công tiêu biểu năm {year}",
        ),
        "Tuyên truyền chính sách khuyến công, giới thiệu mô hình hay, cơ sở tiêu biểu đến người dân và doanh nghiệp.",
        "12–24 chuyên mục, phóng sự, bản tin được phát sóng, phát hành.",
        who="none",
        cost=(60, 150),
        months=(6, 9),
    ),
    "KC07a": Template(
        ("Hỗ trợ hình thành cụm liên kết sản xuất và tiêu thụ sản phẩm {trade} {commune}",),
        "Liên kết các cơ sở {trade} trong sản xuất, thu mua nguyên liệu và tiêu thụ sản phẩm.",
        "Cụm liên kết được thành lập với quy chế hoạt động; các thành viên ký hợp đồng tiêu thụ chung.",
        who="group",
        size=(5, 9),
        cost=(200, 300),
        share=(0.45, 0.5),
        months=(4, 7),
        variants=(("linkage_cluster", 1.0),),
    ),
    "KC07b": Template(
        ("Hỗ trợ lập quy hoạch chi tiết cụm công nghiệp {commune}",),
        "Lập quy hoạch chi tiết cụm công nghiệp làm cơ sở thu hút cơ sở sản xuất di dời vào cụm.",
        "Quy hoạch chi tiết tỷ lệ 1/500 được phê duyệt.",
        who="none",
        cost=(600, 900),
        share=(0.45, 0.5),
        months=(6, 8),
        variants=(("planning", 1.0),),
    ),
    "KC07c": Template(
        ("Hỗ trợ lãi suất vốn vay di dời {est} vào cụm công nghiệp",),
        "Hỗ trợ một phần lãi vay để {est} di dời ra khỏi khu dân cư, giảm ô nhiễm môi trường.",
        "Cơ sở hoàn thành di dời và hoạt động ổn định tại vị trí mới.",
        cost=(120, 260),
        share=(0.45, 0.5),
        implementer=1.0,
        months=(6, 9),
    ),
    "KC07d": Template(
        ("Hỗ trợ nâng cấp hệ thống xử lý nước thải tại {est}", "Hỗ trợ xử lý khí thải lò sấy tại {est}"),
        "Hỗ trợ {est} xử lý ô nhiễm, đáp ứng quy chuẩn môi trường.",
        "Hệ thống xử lý vận hành ổn định; nước thải, khí thải đạt quy chuẩn.",
        cost=(300, 700),
        share=(0.25, 0.3),
        implementer=0.7,
        months=(4, 7),
    ),
    "KC08": Template(
        ("Tổ chức đoàn cơ sở công nghiệp nông thôn khảo sát, học tập kinh nghiệm tại Thái Lan năm {year}",),
        "Học tập công nghệ chế biến, thiết kế sản phẩm và tìm kiếm đối tác nước ngoài cho cơ sở công nghiệp nông thôn.",
        "Các cơ sở tham gia tiếp cận công nghệ mới và kết nối đối tác.",
        who="group",
        size=(5, 8),
        cost=(180, 320),
        months=(1, 2),
    ),
    "KC09": Template(
        (
            "Tập huấn nghiệp vụ khuyến công cho cán bộ cấp xã năm {year}",
            "Tổ chức đoàn cán bộ khuyến công học tập kinh nghiệm tại các tỉnh phía Bắc năm {year}",
        ),
        "Nâng cao năng lực cho đội ngũ cán bộ, cộng tác viên làm công tác khuyến công.",
        "Cán bộ, cộng tác viên khuyến công được tập huấn, cập nhật chính sách mới.",
        who="none",
        cost=(50, 140),
        months=(1, 3),
    ),
    "KC10": Template(
        (
            "Hỗ trợ cơ sở công nghiệp nông thôn ứng dụng phần mềm quản lý sản xuất, bán hàng năm {year}",
            "Hỗ trợ chuyển đổi số cho cơ sở chế biến nông sản, thủy sản năm {year}",
        ),
        "Giúp cơ sở ứng dụng công nghệ số trong quản lý, truy xuất nguồn gốc và bán hàng trực tuyến.",
        "Các cơ sở tham gia sử dụng phần mềm quản lý và có gian hàng trực tuyến.",
        who="group",
        size=(5, 10),
        cost=(100, 250),
        months=(3, 5),
    ),
    "KC11": Template(
        ("Hỗ trợ nghệ nhân truyền nghề {craft} cho thanh niên {commune}",),
        "Hỗ trợ nghệ nhân tại {est} truyền dạy nghề {craft}, giữ gìn và phát triển nghề truyền thống.",
        "Lớp truyền nghề được tổ chức; mẫu sản phẩm truyền thống được phục dựng.",
        cost=(50, 120),
        months=(2, 4),
        needs="craft",
    ),
}
