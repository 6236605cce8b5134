"""The demo's annual plans, 2023-2026, and the date the demo province is seen from."""

import datetime
from dataclasses import dataclass

from demo.catalogue import LOCAL, NATIONAL

# Every generated date lies on or before this day, whatever the machine's clock says,
# so two runs on different days produce the same data.
AS_OF = datetime.date(2026, 11, 16)
YEARS = (2023, 2024, 2025, 2026)


@dataclass(frozen=True)
class PlanSpec:
    year: int
    level: str
    status: str
    decision_number: str = ""
    decision_date: datetime.date | None = None
    notes: str = ""

    @property
    def title(self) -> str:
        if self.level == NATIONAL:
            return f"Kế hoạch khuyến công quốc gia năm {self.year} – các đề án thực hiện trên địa bàn"
        return f"Kế hoạch khuyến công địa phương năm {self.year}"

    @property
    def code_prefix(self) -> str:
        return "KCQG" if self.level == NATIONAL else "KCĐP"

    @property
    def proposals_open(self) -> datetime.date:
        """When schemes for the year were filed: national ones by 20 May of the year before (TT 36/2013)."""
        if self.level == NATIONAL:
            return datetime.date(self.year - 1, 4, 1)
        return datetime.date(self.year - 1, 10, 15)


_HAU_GIANG = "Kế hoạch do UBND tỉnh Hậu Giang phê duyệt trước khi sáp nhập vào thành phố Cần Thơ (01/7/2025)."
_MOIT = "Các đề án khuyến công quốc gia do Bộ Công Thương giao thực hiện trên địa bàn, nguồn kinh phí KCQG."

PLANS = (
    PlanSpec(2023, LOCAL, "approved", "QĐ 215/QĐ-UBND", datetime.date(2023, 2, 14), _HAU_GIANG),
    PlanSpec(2023, NATIONAL, "approved", "QĐ 118/QĐ-BCT", datetime.date(2023, 1, 20), _MOIT),
    PlanSpec(2024, LOCAL, "approved", "QĐ 187/QĐ-UBND", datetime.date(2024, 2, 6), _HAU_GIANG),
    PlanSpec(2024, NATIONAL, "approved", "QĐ 97/QĐ-BCT", datetime.date(2024, 1, 17), _MOIT),
    PlanSpec(2025, LOCAL, "approved", "QĐ 236/QĐ-UBND", datetime.date(2025, 2, 20), _HAU_GIANG),
    PlanSpec(2025, NATIONAL, "approved", "QĐ 265/QĐ-BCT", datetime.date(2025, 2, 5), _MOIT),
    PlanSpec(
        2026, LOCAL, "approved", "QĐ 412/QĐ-UBND", datetime.date(2026, 3, 10),
        "Kế hoạch đầu tiên của thành phố Cần Thơ sau sáp nhập cho địa bàn Hậu Giang cũ.",
    ),
    PlanSpec(
        2026, NATIONAL, "submitted",
        notes=_MOIT + " Đã đăng ký với Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công; "
        "dự toán ghi ở kế hoạch là số đăng ký, chờ Bộ giao chính thức.",
    ),
)  # fmt: skip
PLAN_BY_KEY = {(plan.year, plan.level): plan for plan in PLANS}

# Statuses of projects by plan year, with weights: old years are settled, the current one runs.
STATUS_MIX = {
    (2023, LOCAL): {"settled": 82, "accepted": 10, "cancelled": 8},
    (2024, LOCAL): {"settled": 62, "accepted": 28, "in_progress": 5, "cancelled": 5},
    (2025, LOCAL): {"accepted": 45, "in_progress": 33, "settled": 10, "approved": 4, "cancelled": 8},
    (2026, LOCAL): {"proposed": 15, "appraised": 25, "approved": 25, "in_progress": 35},
    # The 2026 national plan is only submitted: its schemes cannot be approved yet.
    (2026, NATIONAL): {"proposed": 40, "appraised": 60},
}
for _year in (2023, 2024, 2025):
    STATUS_MIX[(_year, NATIONAL)] = STATUS_MIX[(_year, LOCAL)]
