"""Invented people, brands and places of the Mekong Delta, for demo establishments."""

import random
from dataclasses import dataclass

# Family names with rough Mekong frequencies (Huỳnh rather than Hoàng in the South).
FAMILY = {
    "Nguyễn": 30,
    "Trần": 11,
    "Lê": 9,
    "Phạm": 6,
    "Huỳnh": 6,
    "Võ": 5,
    "Phan": 4,
    "Trương": 3,
    "Đặng": 2,
    "Bùi": 2,
    "Đỗ": 2,
    "Hồ": 2,
    "Ngô": 2,
    "Dương": 2,
    "Lâm": 2,
    "Lý": 1,
    "Mai": 1,
    "Đoàn": 1,
    "Châu": 1,
    "Tô": 1,
    "Cao": 1,
}
MALE_MIDDLE = ("Văn",) * 8 + ("Minh", "Hoàng", "Thanh", "Quốc", "Hữu", "Công", "Tấn", "Phước", "Chí")
FEMALE_MIDDLE = ("Thị",) * 8 + ("Ngọc", "Thanh", "Kim", "Mỹ", "Thúy", "Bích", "Hồng", "Thu")
MALE_GIVEN = (
    "Tâm", "Hùng", "Dũng", "Phúc", "Lợi", "Hải", "Tài", "Thành", "Nghĩa", "Hiếu", "Trung", "Phong",
    "Khanh", "Tuấn", "Sơn", "Vinh", "Bình", "Lộc", "Tùng", "Toàn", "Nhân", "Hậu", "Thuận", "Đạt",
    "Cường", "Quang", "Tiến", "Khải", "Trí", "Thắng", "Kiệt", "Nhựt", "Hoàng", "Tín", "Sang", "Duy",
)  # fmt: skip
FEMALE_GIVEN = (
    "Hồng", "Lan", "Hoa", "Mai", "Thảo", "Hạnh", "Nga", "Hương", "Nhung", "Thủy", "Trinh", "Diễm",
    "Phượng", "Loan", "Yến", "Tuyết", "Ngân", "Xuân", "Cúc", "Liên", "Hiền", "Dung", "Trang", "Vân",
    "Bé", "Huệ", "Đào", "Kiều", "Lài", "Thu", "Nhàn", "Ngọc", "Thắm", "Oanh", "Quyên", "Tiên",
)  # fmt: skip
# Southern nicknames by birth order ("Hai Thành", "Út Hiền"): the eldest child is "Hai".
BIRTH_ORDER = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út")

# Khmer owners: Khmer families of the Mekong took Vietnamese surnames (Thạch, Danh, Sơn…).
KHMER_FAMILY = ("Thạch", "Danh", "Sơn", "Kim", "Lâm", "Lý", "Châu", "Trà")
KHMER_MALE = ("Sóc", "Sa Rết", "Chanh Đa", "Sô Phal", "Ra Ny", "Khem", "Sa Rin", "Pho", "Na Ry", "Xây", "Sà Vách")
KHMER_FEMALE = ("Sa Phanh", "Sóc Pha", "Sa Ry", "Chanh Thu", "Sà Mây", "Ly Na", "Thi Đa", "Sa Vây", "Nê", "Sô Phia")

# Two-syllable business names ("Tân Phát", "Minh Khang"); the real firms of DOMAIN.md §3.2
# (Phi Long, Kỳ Như, Duy Khang) cannot be formed from these lists.
BRAND_FIRST = (
    "Tân", "Minh", "Phú", "Thành", "Hưng", "Gia", "An", "Kim", "Thiên", "Hoàng",
    "Nam", "Đại", "Vĩnh", "Trường", "Hòa", "Mỹ", "Phước", "Quang", "Bảo", "Hiệp",
)  # fmt: skip
BRAND_SECOND = (
    "Phát", "Lợi", "Thịnh", "Khang", "Long", "Hưng", "Tín", "Nghĩa", "Đạt", "Lộc",
    "Thuận", "Phong", "Tài", "Anh", "Việt", "Sơn", "Hải", "Mai", "Hào", "Nguyên",
)  # fmt: skip

# Hamlets (ấp) of communes; wards have numbered areas (khu vực) instead.
HAMLETS = (
    "Tân Long", "Long Hòa", "Mỹ Hưng", "Phú Lợi", "Thạnh Lợi", "Xẻo Vông", "Cái Sơn", "Kinh Giữa",
    "Hòa Bình", "Tân Thạnh", "Mỹ Phú", "Long An", "Phương Quới", "Sơn Phú", "Thạnh Mỹ", "Long Thạnh",
    "Tầm Vu", "Nhơn Xuân", "Xáng Mới", "Cầu Xéo", "Mương Lộ", "Rạch Gốc", "Bình Hòa", "Tân Phú",
)  # fmt: skip

_FAMILY_NAMES = tuple(FAMILY)
_FAMILY_CUM = []
_total = 0
for _weight in FAMILY.values():
    _total += _weight
    _FAMILY_CUM.append(_total)


@dataclass(frozen=True, slots=True)
class Person:
    full_name: str
    family: str  # family and middle names ("Nguyễn Văn"): Django's last_name
    given: str  # the given name ("Tâm"): Django's first_name
    female: bool
    khmer: bool
    birth_year: int

    @property
    def nickname(self) -> str:
        """A southern everyday name such as "Bảy Hồng" (birth order + given name)."""
        order = BIRTH_ORDER[sum(map(ord, self.full_name)) % len(BIRTH_ORDER)]
        return f"{order} {self.given}"


def person(rng: random.Random, *, female: bool, khmer: bool, birth_year: int) -> Person:
    if khmer:
        family = rng.choice(KHMER_FAMILY)
        given = rng.choice(KHMER_FEMALE if female else KHMER_MALE)
        middle = "Thị" if female else rng.choice(("Văn", ""))
    else:
        family = rng.choices(_FAMILY_NAMES, cum_weights=_FAMILY_CUM)[0]
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    last = f"{family} {middle}".strip()
    return Person(f"{last} {given}", last, given, female, khmer, birth_year)


def brand(rng: random.Random) -> str:
    first = rng.choice(BRAND_FIRST)
    second = rng.choice([s for s in BRAND_SECOND if s != first])
    return f"{first} {second}"
