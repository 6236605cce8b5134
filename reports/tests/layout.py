"""Read a PDF back as a reader sees it and find text that crosses the ruling of its table.

WeasyPrint draws each cell border of a `table.grid` as its own stroked segment. A word whose box is
crossed by one of those segments runs into the border (the last digit of a total printed over the
rule, a long name past its column); a word beyond the page's edge is cut off. Every page of the
document is read, portrait and landscape alike, so a table added to a template is checked without
naming it here. In a test: `self.assertEqual([str(p) for p in clipped(pdf_bytes)], [])`, and
`cell_texts(pages(pdf_bytes))` to see that the table was read at all.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pdfplumber

# A glyph box may touch a rule by this much (points): pdfminer's boxes come from the font's metrics,
# not the drawn outline, and a border is 0.5 pt wide.
TOLERANCE = 0.5
# A segment thinner than this is a rule; anything wider is a filled shape (a chart's bar).
RULE_WIDTH = 1.5
# Characters closer than this on one baseline belong to one word: text running out of its cell meets
# the next cell's text without the 4 pt of padding between them.
WORD_GAP = 1.0


@dataclass(frozen=True)
class Segment:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return self.x1 - self.x0 <= RULE_WIDTH


@dataclass(frozen=True)
class Word:
    page: int  # 1-based, as printed
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Problem:
    word: Word
    reason: str

    def __str__(self) -> str:
        w = self.word
        return f"page {w.page}: {w.text!r} at x {w.x0:.1f}–{w.x1:.1f}, y {w.top:.1f}–{w.bottom:.1f}: {self.reason}"


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    words: list[Word]
    rules: list[Segment]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def cell_of(self, word: Word) -> tuple[float, float, float, float] | None:
        """The box (left, top, right, bottom) of the ruled cell around the word's centre, if it sits in one."""
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        left = [s.x0 for s in self.rules if s.vertical and s.x0 <= cx and s.top <= cy <= s.bottom]
        right = [s.x0 for s in self.rules if s.vertical and s.x0 >= cx and s.top <= cy <= s.bottom]
        above = [s.top for s in self.rules if not s.vertical and s.top <= cy and s.x0 <= cx <= s.x1]
        below = [s.top for s in self.rules if not s.vertical and s.top >= cy and s.x0 <= cx <= s.x1]
        if left and right and above and below:
            return max(left), max(above), min(right), min(below)
        return None

    def problems(self) -> list[Problem]:
        found = []
        for word in self.words:
            if (
                min(word.x0, word.top) < -TOLERANCE
                or word.x1 > self.width + TOLERANCE
                or word.bottom > self.height + TOLERANCE
            ):
                found.append(Problem(word, "beyond the page's edge"))
                continue
            for rule in self.rules:
                if _crosses(rule, word):
                    where = f"a column rule at x {rule.x0:.1f}" if rule.vertical else f"a row rule at y {rule.top:.1f}"
                    found.append(Problem(word, f"crosses {where}"))
                    break
        return found


def _crosses(rule: Segment, word: Word) -> bool:
    if rule.vertical:
        x = (rule.x0 + rule.x1) / 2
        return (
            word.x0 + TOLERANCE < x < word.x1 - TOLERANCE
            and rule.top < word.bottom - TOLERANCE
            and rule.bottom > word.top + TOLERANCE
        )
    y = (rule.top + rule.bottom) / 2
    return (
        word.top + TOLERANCE < y < word.bottom - TOLERANCE
        and rule.x0 < word.x1 - TOLERANCE
        and rule.x1 > word.x0 + TOLERANCE
    )


def _touches(segment: Segment, x: float, y: float) -> bool:
    return (
        segment.x0 - RULE_WIDTH <= x <= segment.x1 + RULE_WIDTH
        and segment.top - RULE_WIDTH <= y <= segment.bottom + RULE_WIDTH
    )


def _rules(page) -> list[Segment]:
    """The page's table rules: thin straight segments that meet a segment of the other direction at an end.

    A cell's border meets the borders across it at its corners; a lone line (the rule under the
    document's number, a chart's grid line) does not, and text may sit over it.
    """
    thin = []
    for shape in list(page.lines) + list(page.rects):
        segment = Segment(shape["x0"], shape["top"], shape["x1"], shape["bottom"])
        if segment.x1 - segment.x0 <= RULE_WIDTH or segment.bottom - segment.top <= RULE_WIDTH:
            thin.append(segment)
    vertical = [segment for segment in thin if segment.vertical]
    horizontal = [segment for segment in thin if not segment.vertical]

    def joined(segment: Segment, across: list[Segment]) -> bool:
        ends = (
            ((segment.x0, segment.top), (segment.x0, segment.bottom))
            if segment.vertical
            else ((segment.x0, segment.top), (segment.x1, segment.top))
        )
        return any(_touches(other, x, y) for other in across for x, y in ends)

    return [s for s in vertical if joined(s, horizontal)] + [s for s in horizontal if joined(s, vertical)]


def pages(pdf: bytes) -> list[PageLayout]:
    """The words and rules of every page."""
    laid_out = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            words = [
                Word(number, w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                for w in page.extract_words(x_tolerance=WORD_GAP, y_tolerance=1, keep_blank_chars=False)
            ]
            laid_out.append(PageLayout(number, float(page.width), float(page.height), words, _rules(page)))
    return laid_out


def clipped(pdf: bytes | list[PageLayout]) -> list[Problem]:
    """Every word that crosses a table rule or the page's edge, page by page (of a PDF or its read pages)."""
    layouts = pages(pdf) if isinstance(pdf, bytes) else pdf
    return [problem for page in layouts for problem in page.problems()]


def cell_texts(layouts: Iterable[PageLayout], *, landscape: bool | None = None) -> list[str]:
    """The words that sit inside a ruled cell: what the checker actually checked, for the tests to see."""
    return [
        word.text
        for page in layouts
        if landscape is None or page.landscape == landscape
        for word in page.words
        if page.cell_of(word) is not None
    ]
