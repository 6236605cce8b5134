"""Demo narratives for the years seed_demo fills, so the demo's reports read like real ones.

Written once: a year whose texts staff have already written is left alone.
"""

import datetime

from reports.models import ReportNarrative

# Each demo plan is issued after its local approval decision (demo.plans), as a Department's plan
# carrying out the approved one would be; its number is the clerical office's. A year's results report
# goes out in the January after it, before the 22 January deadline of the year's settlement.
ISSUES = {
    2025: {
        "plan_number": "28/KH-SCT",
        "plan_date": datetime.date(2025, 3, 3),
        "results_number": "9/BC-SCT",
        "results_date": datetime.date(2026, 1, 13),
    },
    2026: {"plan_number": "41/KH-SCT", "plan_date": datetime.date(2026, 3, 16)},
}

TEXTS = {
    2025: {
        "purpose": (
            "Triển khai có hiệu quả Chương trình khuyến công trên địa bàn, hỗ trợ các cơ sở công nghiệp nông thôn "
            "đổi mới công nghệ, nâng cao năng suất, chất lượng sản phẩm, tạo việc làm và tăng thu nhập cho lao động "
            "nông thôn.\n\n"
            "Yêu cầu: các đề án được lựa chọn đúng đối tượng, đúng nội dung theo quy định; kinh phí sử dụng đúng mục "
            "đích, tiết kiệm, thanh quyết toán đúng hạn; ưu tiên cơ sở do phụ nữ làm chủ, cơ sở sử dụng nhiều lao "
            "động và cơ sở có sản phẩm công nghiệp nông thôn tiêu biểu."
        ),
        "organisation": (
            "1. Trung tâm Khuyến công thành phố Cần Thơ chủ trì tổ chức thực hiện các đề án; hướng dẫn cơ sở hoàn "
            "thiện hồ sơ, theo dõi tiến độ, tổ chức nghiệm thu và thanh quyết toán kinh phí; báo cáo Sở Công Thương "
            "kết quả thực hiện hằng quý và cả năm.\n\n"
            "2. Sở Công Thương chỉ đạo, kiểm tra việc thực hiện Kế hoạch; thẩm định đề án và trình phê duyệt; phối hợp "
            "Sở Tài chính bố trí kinh phí; báo cáo Bộ Công Thương và UBND thành phố theo quy định.\n\n"
            "3. UBND các xã, phường phối hợp khảo sát nhu cầu, giới thiệu cơ sở tham gia; xác nhận hồ sơ và phối hợp "
            "nghiệm thu đề án trên địa bàn; tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp xã.\n\n"
            "4. Các cơ sở thụ hưởng bố trí vốn đối ứng, thực hiện đúng nội dung và tiến độ đề án; sử dụng máy móc, "
            "thiết bị được hỗ trợ đúng mục đích và báo cáo kết quả sau hỗ trợ."
        ),
        "strengths": (
            "Các đề án được triển khai đúng đối tượng, đúng nội dung; máy móc, thiết bị hỗ trợ phát huy hiệu quả, "
            "giúp cơ sở giảm chi phí nhân công và nâng cao chất lượng sản phẩm. Việc tiếp nhận hồ sơ qua cổng "
            "khuyến công giúp rút ngắn thời gian khảo sát, thẩm định."
        ),
        "weaknesses": (
            "Tiến độ giải ngân nguồn khuyến công quốc gia chưa đạt yêu cầu; một số đề án phải điều chỉnh thời gian "
            "thực hiện; số cơ sở ở vùng Hậu Giang cũ tham gia còn ít so với tiềm năng."
        ),
        "causes": (
            "Việc sắp xếp đơn vị hành chính từ ngày 01/7/2025 làm thay đổi đầu mối tiếp nhận hồ sơ; một số cơ sở "
            "khó bố trí vốn đối ứng; thủ tục mua sắm, đấu thầu thiết bị kéo dài."
        ),
        "next_year_tasks": (
            "Năm 2026, tập trung hỗ trợ ứng dụng máy móc tiên tiến, chuyển đổi số và sản xuất sạch hơn theo Chương "
            "trình khuyến công quốc gia giai đoạn 2026 - 2030; đẩy nhanh tiến độ giải ngân; tăng cường phối hợp với "
            "UBND các xã, phường trong khảo sát nhu cầu và theo dõi hiệu quả sau hỗ trợ."
        ),
        "previous_results": (
            "Năm 2024, Sở Công Thương triển khai 20 đề án khuyến công với tổng kinh phí nhà nước hơn "
            "3,4 tỷ đồng, tập trung vào đào tạo nghề, ứng dụng máy móc thiết bị tiên tiến và bình chọn "
            "sản phẩm công nghiệp nông thôn tiêu biểu."
        ),
        "current_evaluation": (
            "Đầu năm 2025, nhu cầu hỗ trợ máy móc, thiết bị của các cơ sở chế biến nông sản, thủy sản tiếp tục "
            "tăng; Bộ Công Thương đã giao các đề án khuyến công quốc gia năm 2025 trên địa bàn. Việc chuẩn bị sắp "
            "xếp đơn vị hành chính có thể làm chậm khâu khảo sát, thẩm định, cần được theo dõi chặt chẽ."
        ),
        "goals": (
            "Hỗ trợ khoảng 60 lượt cơ sở công nghiệp nông thôn; đào tạo nghề cho 150 lao động; xây dựng "
            "2 mô hình trình diễn kỹ thuật; tỷ lệ giải ngân đạt trên 90% kinh phí được giao."
        ),
        "achievements": (
            "Năm 2025, các đề án khuyến công đã hỗ trợ máy móc, dây chuyền cho các cơ sở chế biến nông sản, "
            "cơ khí và thủ công mỹ nghệ; nhiều cơ sở tăng doanh thu và tạo thêm việc làm cho lao động địa phương.\n\n"
            "Công tác bình chọn sản phẩm công nghiệp nông thôn tiêu biểu và tham gia hội chợ giúp cơ sở "
            "quảng bá sản phẩm, mở rộng thị trường."
        ),
        "difficulties": (
            "Một số cơ sở khó bố trí vốn đối ứng; thủ tục thanh toán, quyết toán còn kéo dài; "
            "việc chuyển giao hồ sơ sau sắp xếp đơn vị hành chính cấp xã làm chậm khâu thẩm định."
        ),
        "proposals": (
            "Đề nghị Bộ Công Thương sớm ban hành hướng dẫn Nghị định 235/2025/NĐ-CP; tăng cường phối hợp "
            "với UBND các xã, phường trong khảo sát nhu cầu; ưu tiên đề án của cơ sở do phụ nữ làm chủ."
        ),
    },
    2026: {
        "purpose": (
            "Cụ thể hóa Chương trình khuyến công quốc gia giai đoạn 2026 - 2030 trên địa bàn thành phố Cần Thơ sau "
            "sáp nhập; hỗ trợ cơ sở công nghiệp nông thôn ứng dụng máy móc tiên tiến, chuyển đổi số, sản xuất sạch "
            "hơn và phát triển sản phẩm công nghiệp nông thôn tiêu biểu.\n\n"
            "Yêu cầu: chỉ triển khai đề án sau khi được phê duyệt; bảo đảm đúng đối tượng, mức hỗ trợ theo quy định; "
            "phân bổ hợp lý giữa các xã, phường, chú trọng địa bàn Hậu Giang và Sóc Trăng cũ."
        ),
        "organisation": (
            "1. Trung tâm Khuyến công thành phố Cần Thơ là đầu mối triển khai Kế hoạch: hướng dẫn cơ sở lập hồ sơ, "
            "thực hiện các đề án được giao, theo dõi tiến độ, nghiệm thu, thanh quyết toán và tổng hợp báo cáo.\n\n"
            "2. Sở Công Thương chỉ đạo, kiểm tra, thẩm định đề án, trình UBND thành phố phê duyệt; đăng ký đề án "
            "khuyến công quốc gia với Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công.\n\n"
            "3. UBND các xã, phường phối hợp khảo sát, giới thiệu cơ sở, xác nhận hồ sơ và tham gia nghiệm thu.\n\n"
            "4. Các cơ sở thụ hưởng bố trí vốn đối ứng, thực hiện đúng đề án đã duyệt và báo cáo kết quả sau hỗ trợ."
        ),
        "strengths": (
            "Nhu cầu hỗ trợ của cơ sở tăng; hồ sơ đề xuất được tiếp nhận và thẩm định trực tuyến, thuận tiện cho cơ sở "
            "ở các xã xa trung tâm."
        ),
        "weaknesses": (
            "Kế hoạch khuyến công quốc gia năm 2026 chưa được giao chính thức nên nhiều đề án còn chờ phê duyệt."
        ),
        "causes": "Bộ Công Thương đang hoàn thiện hướng dẫn thực hiện Nghị định 235/2025/NĐ-CP.",
        "next_year_tasks": (
            "Tiếp tục hỗ trợ chuyển đổi số và sản xuất sạch hơn; xây dựng Chương trình khuyến công địa phương giai "
            "đoạn 2026 - 2030 trình UBND thành phố phê duyệt theo Chỉ thị 20/CT-BCT."
        ),
        "previous_results": (
            "Năm 2025 hoàn thành phần lớn các chỉ tiêu kế hoạch; tỷ lệ giải ngân nguồn khuyến công địa phương "
            "đạt khá, nguồn khuyến công quốc gia còn chậm."
        ),
        "current_evaluation": "Kế hoạch năm 2026 được xây dựng trên cơ sở đề xuất của các cơ sở qua cổng khuyến công.",
        "goals": (
            "Hỗ trợ ứng dụng máy móc tiên tiến cho 20 cơ sở; đào tạo nghề cho 120 lao động; tổ chức "
            "1 hội chợ hàng công nghiệp nông thôn; tỷ lệ giải ngân trên 90%."
        ),
    },
}


def seed_narratives() -> int:
    """Create the demo texts of the years that have none; return how many years were written."""
    created = 0
    for year, texts in TEXTS.items():
        _narrative, made = ReportNarrative.objects.get_or_create(
            year=year,
            defaults={
                **texts,
                **ISSUES.get(year, {}),
                "plan_signer_name": "Nguyễn Văn Minh",
                "results_signer_name": "Nguyễn Văn Minh",
            },
        )
        created += made
    return created
