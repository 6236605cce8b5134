"""The English translation: a complete catalogue, compiled and committed, that the pages use.

The interface is written in Vietnamese; locale/en/LC_MESSAGES/django.po holds its English.
The compiled django.mo is committed because a fresh machine may have no gettext to build it,
so these tests read both files with Python alone: every entry translated and none fuzzy,
placeholders kept, and the .mo in step with the .po (recompile after every edit:
`msgfmt --check -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po`).
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation

from beneficiaries.models import Establishment, LegalForm
from programs.models import PlanStatus, ProjectStatus

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# Vietnamese msgid -> the English the catalogue must give for it.
KEY_TRANSLATIONS = {
    "Trang chủ": "Home",
    "Cổng khuyến công": "Industrial Extension Portal",
    "Đăng nhập": "Log in",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "cơ sở CNNT": "rural industrial establishment",
    "Hộ kinh doanh": "Household business",
    "Đã phê duyệt": "Approved",
    "kế hoạch khuyến công năm": "annual extension plan",
    "Vốn đối ứng": "Counterpart funds",
    "Xã/phường/đặc khu": "Commune/ward/special zone",
}
# The placeholders msgfmt's python-format and python-brace-format checks compare.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%%|%[sdfr]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _read_po(path: Path) -> list[Entry]:
    """The live (not obsolete) entries of a .po file, the header first."""
    return _PoReader(path).read()


class _PoReader:
    """Reads a .po file line by line; `key` is what a continuation line adds to (None between entries)."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: list[Entry] = []
        self.entry, self.key = Entry(), None

    def read(self) -> list[Entry]:
        for number, raw in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            self._line(number, raw)
        self._close()
        return self.entries

    def _close(self):
        if self.key is not None:
            self.entries.append(self.entry)
        self.entry, self.key = Entry(), None  # flags of an obsolete entry go too

    def _line(self, number: int, raw: str):
        line = raw.strip()
        if not line:
            self._close()
        elif line.startswith("#,"):
            if self.key is not None:
                self._close()
            self.entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            return  # a comment, or an obsolete entry ("#~") kept for msgmerge and never used
        elif line.startswith('"'):
            self._continue(ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            self._keyword(number, raw, keyword, ast.literal_eval(value))

    def _continue(self, text: str):
        if self.key == "msgid":
            self.entry.msgid += text
        elif self.key == "msgid_plural":
            self.entry.msgid_plural += text
        else:
            self.entry.msgstr[self.key] += text

    def _keyword(self, number: int, raw: str, keyword: str, text: str):
        if keyword == "msgid":
            if self.key is not None:
                self._close()
            self.entry.msgid, self.entry.line, self.key = text, number, "msgid"
        elif keyword == "msgid_plural":
            self.entry.msgid_plural, self.key = text, "msgid_plural"
        elif keyword == "msgstr":
            self.entry.msgstr[0], self.key = text, 0
        elif keyword.startswith("msgstr["):
            self.key = int(keyword[len("msgstr[") : -1])
            self.entry.msgstr[self.key] = text
        else:
            raise AssertionError(f"{self.path.name}:{number}: unexpected line {raw!r}")


class CatalogueTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entries = _read_po(PO_FILE)
        cls.header, cls.messages = cls.entries[0], cls.entries[1:]

    def _load_mo(self) -> gettext.GNUTranslations:
        with MO_FILE.open("rb") as handle:
            return gettext.GNUTranslations(handle)

    def test_it_reads_a_catalogue_with_a_proper_header(self):
        self.assertEqual(self.header.msgid, "")
        self.assertNotIn("fuzzy", self.header.flags)
        self.assertIn("Language: en\n", self.header.msgstr[0])
        self.assertIn("charset=UTF-8", self.header.msgstr[0])
        self.assertIn("Plural-Forms: nplurals=2; plural=(n != 1);", self.header.msgstr[0])
        self.assertGreater(len(self.messages), 700)
        self.assertIn("Đăng nhập", {entry.msgid for entry in self.messages})

    def test_it_translates_every_entry(self):
        untranslated = [
            f"{PO_FILE.name}:{entry.line}: {entry.msgid!r}"
            for entry in self.messages
            if not entry.msgstr or any(not text.strip() for text in entry.msgstr.values())
        ]
        self.assertEqual(untranslated, [], "entries without English; run makemessages and translate them")

    def test_it_leaves_no_entry_fuzzy(self):
        fuzzy = [f"{PO_FILE.name}:{entry.line}: {entry.msgid!r}" for entry in self.messages if "fuzzy" in entry.flags]
        self.assertEqual(fuzzy, [], "fuzzy entries are not used: check each translation and clear the flag")

    def test_it_gives_both_forms_of_every_plural(self):
        plurals = [entry for entry in self.messages if entry.msgid_plural]
        self.assertTrue(plurals)
        for entry in plurals:
            with self.subTest(msgid=entry.msgid):
                self.assertEqual(sorted(entry.msgstr), [0, 1])

    def test_it_keeps_every_placeholder(self):
        for entry in self.messages:
            if not {"python-format", "python-brace-format"} & entry.flags:
                continue
            wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            for index, text in entry.msgstr.items():
                with self.subTest(msgid=entry.msgid, form=index):
                    self.assertEqual(sorted(PLACEHOLDER.findall(text)), wanted)

    def test_it_commits_a_compiled_catalogue_in_step_with_the_po(self):
        self.assertTrue(MO_FILE.is_file(), f"{MO_FILE} is missing: compile the .po and commit the .mo")
        catalog = self._load_mo()._catalog
        stale = []
        for entry in self.messages:
            if entry.msgid_plural:
                expected = {(entry.msgid, index): text for index, text in entry.msgstr.items()}
            else:
                expected = {entry.msgid: entry.msgstr.get(0, "")}
            if any(catalog.get(key) != text for key, text in expected.items()):
                stale.append(entry.msgid)
        self.assertEqual(stale, [], "django.mo is older than django.po: recompile it and commit both")

    def test_it_translates_the_key_strings(self):
        catalogue = self._load_mo()
        for msgid, english in KEY_TRANSLATIONS.items():
            with self.subTest(msgid=msgid):
                self.assertEqual(catalogue.gettext(msgid), english)
        self.assertEqual(catalogue.ngettext("%(counter)s đề án", "%(counter)s đề án", 1), "%(counter)s project")
        self.assertEqual(catalogue.ngettext("%(counter)s đề án", "%(counter)s đề án", 3), "%(counter)s projects")

    def test_it_is_the_catalogue_django_uses(self):
        with translation.override("en"):
            self.assertEqual(translation.gettext("Trang chủ"), "Home")
            self.assertEqual(str(Establishment._meta.verbose_name), "rural industrial establishment")
            self.assertEqual(str(LegalForm.HOUSEHOLD.label), "Household business")
            self.assertEqual(str(ProjectStatus.APPROVED.label), "Approved")
            self.assertEqual(str(PlanStatus.APPROVED.label), "Approved")
        with translation.override("vi"):
            self.assertEqual(str(Establishment._meta.verbose_name), "cơ sở CNNT")
            self.assertEqual(str(LegalForm.HOUSEHOLD.label), "Hộ kinh doanh")


class EnglishPageTests(TestCase):
    HOME_VI = "Khuyến công hỗ trợ những gì?"
    HOME_EN = "What does industrial extension support?"
    LEAD_EN = (
        "Industrial extension is a State programme that helps rural industrial establishments invest in, "
        "modernise and expand industrial and handicraft production"
    )

    def _in_english(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_it_shows_the_home_page_in_english_when_chosen(self):
        self._in_english()
        response = self.client.get(reverse("home"))
        self.assertContains(response, '<html lang="en">', html=False)
        self.assertContains(response, self.HOME_EN)
        self.assertContains(response, self.LEAD_EN)
        self.assertContains(response, "Legal basis: Decree 45/2012/NĐ-CP, as amended by Decree 235/2025/NĐ-CP.")
        self.assertNotContains(response, self.HOME_VI)

    def test_it_shows_the_home_page_in_vietnamese_by_default(self):
        response = self.client.get(reverse("home"))
        self.assertContains(response, '<html lang="vi">', html=False)
        self.assertContains(response, self.HOME_VI)
        self.assertNotContains(response, self.HOME_EN)

    def test_it_labels_the_login_form_in_english_when_chosen(self):
        self._in_english()
        response = self.client.get(reverse("login"))
        self.assertContains(response, '<html lang="en">', html=False)
        self.assertContains(response, "Username</label>", html=False)
        self.assertContains(response, "Password</label>", html=False)
        self.assertContains(response, "Forgot password?")
        self.assertNotContains(response, "Tên đăng nhập")

    def test_it_labels_the_login_form_in_vietnamese_by_default(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Tên đăng nhập</label>", html=False)
        self.assertContains(response, "Mật khẩu</label>", html=False)
        self.assertNotContains(response, "Username</label>", html=False)
