"""Generate the establishment registry of the demo province (pure Python, no queries).

One random stream with a fixed seed, consumed in the same order whatever the scale: the
n-th establishment is the same on every run, so a larger scale only adds establishments.
"""

import datetime
import math
import random
from dataclasses import dataclass

from beneficiaries.reference import COMMUNES
from demo import identifiers, names
from demo.trades import (
    COOP_GROUP,
    COOP_UNION,
    COOPERATIVE,
    HOUSEHOLD,
    KHMER_COMMUNES,
    SME,
    TRADE_BY_KEY,
    TRADES,
    VILLAGES,
)

SEED = 2025
STAT_YEARS = (2022, 2023, 2024, 2025)
FOUNDED = {HOUSEHOLD: (1996, 2021), COOP_GROUP: (2012, 2022), COOPERATIVE: (2008, 2022), COOP_UNION: (2014, 2020),
           SME: (2004, 2022)}  # fmt: skip
# Revenue in millions of đồng (log-uniform between the bounds) and employees, by legal form.
REVENUE = {HOUSEHOLD: (250, 2_500), COOP_GROUP: (300, 1_800), COOPERATIVE: (1_000, 9_000), COOP_UNION: (6_000, 25_000),
           SME: (2_500, 45_000)}  # fmt: skip
EMPLOYEES = {HOUSEHOLD: (2, 12), COOP_GROUP: (6, 25), COOPERATIVE: (10, 70), COOP_UNION: (20, 90), SME: (12, 180)}

UNITS = {code: (name, kind, former_units) for code, name, kind, _district, former_units in COMMUNES}
CODE_BY_NAME = {name: code for code, (name, _kind, _units) in UNITS.items()}
VILLAGE_BY_COMMUNE = {CODE_BY_NAME[v.commune]: v for v in VILLAGES}


@dataclass(slots=True)
class EstablishmentSpec:
    index: int
    name: str
    legal_form: str
    tax_code: str
    owner: names.Person
    phone: str
    email: str
    address: str
    commune: str  # administrative unit code
    village: str  # craft village name, or ""
    trade: str
    sectors: tuple[str, ...]
    founding_year: int
    main_products: str
    ethnic_minority: bool
    stats: tuple[tuple[int, int, int], ...]  # (year, revenue in đồng, employees)
    registered_on: datetime.date

    @property
    def woman_owned(self) -> bool:
        return self.owner.female

    @property
    def eligible(self) -> bool:
        """A ward establishment qualifies only inside a recognised craft village (DOMAIN.md §1.2)."""
        return UNITS[self.commune][1] != "phuong" or bool(self.village)


def _places(code: str) -> list[str]:
    """Names of the commune and of the old units merged into it, usable in a cooperative's name."""
    name, _kind, former = UNITS[code]
    places = [name]
    for part in former.replace("(", ",").replace(")", ",").split(","):
        part = part.strip().removeprefix("TT ").removeprefix("P. ").removeprefix("xã ").strip()
        if part and not set(part) <= set("IVX ") and not part[0].isdigit() and "." not in part:
            places.append(part)
    return places


class _Generator:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.tax_codes = identifiers.TaxCodes()
        self.households = 0
        self.name_counts: dict[str, int] = {}
        codes = list(UNITS)
        weights = [3.0 if UNITS[c][1] == "xa" else 1.6 if c in VILLAGE_BY_COMMUNE else 0.5 for c in codes]
        self.communes, self.commune_cum = codes, _cumulative(weights)
        self.trade_cum = {
            code: _cumulative([t.weight * (4 if UNITS[code][0] in t.homes else 1) for t in TRADES]) for code in codes
        }

    def build(
        self, index: int, *, commune: str = "", trade: str = "", legal_form: str = "", owner=None, name: str = ""
    ) -> EstablishmentSpec:
        """The next establishment of the stream; keyword arguments pin what the showcase ones need."""
        rng = self.rng
        commune = commune or rng.choices(self.communes, cum_weights=self.commune_cum)[0]
        village = VILLAGE_BY_COMMUNE.get(commune)
        in_village = village is not None and rng.random() < (0.85 if UNITS[commune][1] == "phuong" else 0.4)
        if not trade:
            trade = village.trade if in_village else rng.choices(TRADES, cum_weights=self.trade_cum[commune])[0].key
        elif village is not None and village.trade != trade:
            in_village = False
        spec_trade = TRADE_BY_KEY[trade]
        forms = spec_trade.forms
        legal_form = legal_form or rng.choices(list(forms), weights=list(forms.values()))[0]
        founded = rng.randint(*FOUNDED[legal_form])
        khmer = rng.random() < (0.2 if UNITS[commune][0] in KHMER_COMMUNES else 0.05)
        owner = owner or names.person(
            rng, female=rng.random() < spec_trade.women, khmer=khmer, birth_year=founded - rng.randint(22, 45)
        )
        tax_code, name = self._identity(legal_form, spec_trade, commune, owner, name)
        sectors = spec_trade.sectors + (("g",) if rng.random() < 0.08 else ())
        products = "; ".join(rng.sample(spec_trade.products, k=rng.randint(1, min(3, len(spec_trade.products)))))
        return EstablishmentSpec(
            index=index,
            name=name,
            legal_form=legal_form,
            tax_code=tax_code,
            owner=owner,
            phone=self._phone(legal_form),
            email=self._email(legal_form, name, owner),
            address=self._address(commune, village.name if in_village else ""),
            commune=commune,
            village=village.name if in_village else "",
            trade=trade,
            sectors=sectors,
            founding_year=founded,
            main_products=products,
            ethnic_minority=owner.khmer,
            stats=self._stats(legal_form, spec_trade.revenue_factor, founded),
            registered_on=datetime.date(2022, 1, 10) + datetime.timedelta(days=rng.randrange(330)),
        )

    def _identity(self, legal_form, trade, commune, owner, name) -> tuple[str, str]:
        rng = self.rng
        if legal_form == HOUSEHOLD:
            self.households += 1
            tax_code = identifiers.personal_id(self.households, female=owner.female, birth_year=owner.birth_year)
        elif legal_form == SME and not name and rng.random() < 0.05:
            tax_code = self.tax_codes.branch(rng.randrange(1, 12))
        else:
            tax_code = self.tax_codes.enterprise()
        for attempt in range(6):
            if name:
                break
            candidate = self._name(legal_form, trade, commune, owner, branch=len(tax_code) == 13)
            if candidate not in self.name_counts or attempt == 5:
                name = candidate
        count = self.name_counts[name] = self.name_counts.get(name, 0) + 1
        if count > 1 and legal_form != HOUSEHOLD:
            # Two households may share an owner's name; two firms may not share a name.
            name = f"{name} {count}"
        return tax_code, name

    def _name(self, legal_form, trade, commune, owner, *, branch: bool) -> str:
        rng = self.rng
        if legal_form == HOUSEHOLD:
            if rng.random() < 0.5:
                return f"Hộ kinh doanh {owner.full_name}"
            return f"Cơ sở {trade.label} {owner.nickname}"
        if legal_form == COOP_GROUP:
            return f"Tổ hợp tác {trade.coop} ấp {rng.choice(names.HAMLETS)}"
        coop = trade.coop[0].upper() + trade.coop[1:]
        if legal_form == COOPERATIVE:
            return f"HTX {coop} {rng.choice(_places(commune))}"
        if legal_form == COOP_UNION:
            return f"Liên hiệp HTX {trade.coop} Hậu Giang"
        kind = rng.choices(("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"), weights=(75, 15, 10))[0]
        company = f"{kind} {trade.company} {names.brand(rng)}"
        return f"Chi nhánh {company} tại {UNITS[commune][0]}" if branch else company

    def _phone(self, legal_form: str) -> str:
        rng = self.rng
        roll = rng.random()
        if legal_form == HOUSEHOLD:
            return "" if roll < 0.05 else identifiers.landline(rng) if roll < 0.15 else identifiers.mobile(rng)
        return identifiers.landline(rng) if roll < (0.5 if legal_form == SME else 0.25) else identifiers.mobile(rng)

    def _email(self, legal_form: str, name: str, owner: names.Person) -> str:
        rng = self.rng
        if legal_form == HOUSEHOLD:
            if rng.random() < 0.6:
                return ""
            handle = identifiers.slug(owner.given) + identifiers.slug(owner.family.split()[0])
            return f"{handle}{owner.birth_year % 100:02d}@gmail.com"
        words = name.split()
        short = identifiers.slug(" ".join(words[-2:]))
        if legal_form == SME:
            return f"info@{short}.com.vn" if rng.random() < 0.5 else f"{short}{rng.randint(1, 99)}@gmail.com"
        return f"htx{short}@gmail.com"

    def _address(self, commune: str, village: str) -> str:
        rng = self.rng
        name, kind, _former = UNITS[commune]
        if kind == "phuong":
            place = f"Số {rng.randint(1, 420)}, khu vực {rng.randint(1, 9)}, phường {name}"
        else:
            place = f"Ấp {rng.choice(names.HAMLETS)}, xã {name}"
        return f"{place}, thành phố Cần Thơ" + (f" ({village.lower()})" if village else "")

    def _stats(self, legal_form: str, factor: float, founded: int) -> tuple[tuple[int, int, int], ...]:
        rng = self.rng
        low, high = REVENUE[legal_form]
        revenue = math.exp(rng.uniform(math.log(low), math.log(high))) * factor * 1_000_000
        employees = rng.randint(*EMPLOYEES[legal_form])
        rows = []
        for year in STAT_YEARS:
            revenue *= rng.uniform(0.93, 1.17)
            employees = max(1, round(employees * rng.uniform(0.92, 1.1)))
            if year >= founded:
                rows.append((year, int(revenue) // 1000 * 1000, employees))
        return tuple(rows)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# The two establishments behind the demo accounts `establishment` and `establishment2`:
# in communes (not wards), one woman-owned; the projects module gives them real projects.
SHOWCASE = (
    {
        "commune": CODE_BY_NAME["Phụng Hiệp"],
        "trade": "ca_kho",
        "legal_form": HOUSEHOLD,
        "name": "Cơ sở khô cá Bảy Hồng",
        "owner": names.Person("Lê Thị Hồng", "Lê Thị", "Hồng", True, False, 1978),
    },
    {
        "commune": CODE_BY_NAME["Hòa An"],
        "trade": "ton_thep",
        "legal_form": SME,
        "name": "Công ty TNHH Cơ khí Tôn thép Minh Lợi",
        "owner": names.Person("Phạm Văn Lợi", "Phạm Văn", "Lợi", False, False, 1975),
    },
)


def generate(count: int) -> list[EstablishmentSpec]:
    """The first `count` establishments: the two showcase ones, one per unit, then the rest by weight."""
    generator = _Generator()
    specs = []
    for index in range(count):
        if index < len(SHOWCASE):
            spec = generator.build(index, **SHOWCASE[index])
        elif index < len(SHOWCASE) + len(COMMUNES):
            # Every unit gets at least one establishment, whatever the scale.
            spec = generator.build(index, commune=COMMUNES[index - len(SHOWCASE)][0])
        else:
            spec = generator.build(index)
        specs.append(spec)
    return specs
