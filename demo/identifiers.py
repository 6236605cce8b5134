"""Identifiers that pass beneficiaries.validators: tax codes, personal IDs, phones, e-mails.

Codes come from fixed permutations of a counter, so the n-th code is the same on every run
and no two establishments ever share one (up to a million households and ten million firms).
"""

import random

from stdnum.vn import mst

from core.text import fold

# Tax-office province prefixes of the former Hậu Giang area.
TAX_PREFIXES = ("63", "64")
# Birth-registration province code of Hậu Giang in the 12-digit personal ID (TT 07/2016/TT-BCA).
ID_PROVINCE = "093"
MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037",
                   "038", "039", "081", "082", "083", "084", "085", "086", "088", "089")  # fmt: skip


class TaxCodes:
    """Hands out distinct valid tax codes in a fixed order."""

    def __init__(self) -> None:
        self._n = 0

    def enterprise(self) -> str:
        """A 10-digit code: prefix, 7-digit serial, check digit (weights 31, 29 … 3)."""
        while True:
            self._n += 1
            # 3,141,593 is coprime with 10^7, so this walks every serial once, scattered.
            serial = (self._n * 3_141_593 + 271_828) % 10_000_000
            body = f"{TAX_PREFIXES[self._n % 2]}{serial:07d}"
            check = mst.calc_check_digit(body)
            # A remainder of 0 gives "10": no digit can match, such serials are never issued.
            if serial and len(check) == 1:
                return body + check

    def branch(self, number: int) -> str:
        """A 13-digit code of a dependent unit: a parent code and a branch number 001-999."""
        return f"{self.enterprise()}{1 + number % 999:03d}"


def personal_id(index: int, *, female: bool, birth_year: int) -> str:
    """A 12-digit personal ID used as a household business's tax code since 1/7/2025.

    Fourth digit: gender and century (0/1 men/women born in the 1900s, 2/3 in the 2000s).
    """
    century = 0 if birth_year < 2000 else 2
    serial = (index * 618_059 + 4_321) % 1_000_000  # a permutation of 0..999,999
    return f"{ID_PROVINCE}{century + int(female)}{birth_year % 100:02d}{serial:06d}"


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"


def landline(rng: random.Random) -> str:
    """A Hậu Giang landline: area code 0293, then 3xx xxxx."""
    return f"02933{rng.randrange(1_000_000):06d}"


def slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())
