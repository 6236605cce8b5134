"""Demo narratives for the years seed_demo fills, so the demo's reports read like real ones.

Written once: a year whose texts staff have already written is left alone.
"""

from reports.models import ReportNarrative

TEXTS = {
    2025: {
        "previous_results": (
            "Năm 2024, Sở Công Thương triển khai 20 đề án khuyến công với tổng kinh phí nhà nước hơn "
            "3,4 tỷ đồng, tập trung vào đào tạo nghề, ứng dụng máy móc thiết bị tiên tiến và bình chọn "
            "sản phẩm công nghiệp nông thôn tiêu biểu."
        ),
        "current_evaluation": (
            "Sau sắp xếp đơn vị hành chính từ ngày 01/7/2025, các đề án được theo dõi theo xã, phường mới; "
            "tiến độ giải ngân nguồn khuyến công quốc gia chậm hơn dự kiến do thủ tục đấu thầu."
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
            defaults={**texts, "plan_signer_name": "Nguyễn Văn Minh", "results_signer_name": "Nguyễn Văn Minh"},
        )
        created += made
    return created
