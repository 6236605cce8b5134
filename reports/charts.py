"""Charts drawn on the server as SVG strings: the same functions draw the dashboard and the PDF.

Pure functions of labels and values (no database, no JavaScript). Every label is escaped; sizes are
fixed in user units and the SVG scales to its container (width 100%) through its viewBox.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from core.money import group_thousands

# The documents' serif face, the family list of templates/reports/pdf/shared.css: a chart in the PDF reads as part
# of the Times New Roman page around it. Single quotes, as the value sits in a double-quoted attribute.
FONT = "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif"
# Colours of the series in order (Bootstrap primary, success, warning, secondary).
COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6c757d")


def _unit_label(unit: str) -> str:
    return _("Đơn vị: %(unit)s") % {"unit": unit or _("triệu đồng")}


def _number(value) -> str:
    """A short Vietnamese number for axis and bar labels: millions of đồng with dot separators."""
    value = Decimal(value or 0)
    millions = (value / 1_000_000).quantize(Decimal("1"))
    return group_thousands(millions)


def _text(x, y, text, *, size=12, anchor="start", fill="#212529", weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}">{escape(text)}</text>'
    )


def _legend(series_names, y: float) -> list[str]:
    parts, x = [], 10.0
    for i, name in enumerate(series_names):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, y, name, size=12))
        x += 24 + 7.5 * len(str(name))
    return parts


# Characters of a bar label per line: 252 user units at 12 px, counted for DejaVu Sans, wider than the serif faces.
LABEL_CHARS = 34


def _wrap(label: str, width: int, lines: int = 2) -> list[str]:
    """At most `lines` lines of at most `width` characters, cut between words; "…" when text is left over."""
    words, result, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            result.append(current)
        current = word
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
    consumed = sum(len(line.split()) for line in result)
    result = [line if len(line) <= width else line[: width - 1] + "…" for line in result]
    if consumed < len(words) and not result[-1].endswith("…"):
        result[-1] = result[-1][: width - 1].rstrip() + "…"
    return result or [""]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def horizontal_bar_chart(labels: list[str], series: list[tuple[str, list]], *, title: str = "", unit: str = "") -> str:
    """Horizontal bars, one group per label and one bar per series (e.g. approved vs disbursed by source).

    `series` is a list of (name, values), each values list as long as `labels`; values in đồng are
    shown in millions.
    """
    width, label_w, bar_h, gap = 760, 260, 14, 12
    top = 40
    group_h = bar_h * max(len(series), 1) + gap
    height = top + group_h * max(len(labels), 1) + 30
    peak = max([Decimal(v or 0) for _n, values in series for v in values] + [Decimal(1)])
    plot_w = width - label_w - 90
    body = [_text(10, 18, title, size=14, weight="bold")] if title else []
    body += _legend([name for name, _v in series], 34 if title else 16)
    for i, label in enumerate(labels):
        y0 = top + i * group_h
        lines = _wrap(label, LABEL_CHARS)
        first_y = y0 + group_h / 2 + 4 - 7 * (len(lines) - 1)
        for k, line in enumerate(lines):
            body.append(_text(label_w - 8, first_y + 14 * k, line, size=12, anchor="end"))
        for j, (_name, values) in enumerate(series):
            value = Decimal(values[i] or 0)
            w = float(value / peak) * plot_w
            y = y0 + j * bar_h
            body.append(
                f'<rect x="{label_w}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
            body.append(_text(label_w + w + 4, y + bar_h - 4, _number(value), size=11))
    body.append(_text(width - 10, height - 8, _unit_label(unit), size=11, anchor="end", fill="#6c757d"))
    return _svg(width, height, title or _("Biểu đồ"), body)


def column_chart(categories: list, series: list[tuple[str, list]], *, title: str = "", unit: str = "") -> str:
    """Grouped vertical columns: one group per category (e.g. a year), one column per series."""
    width, height, left, bottom, top = 760, 340, 70, 40, 56
    plot_h = height - top - bottom
    plot_w = width - left - 20
    groups = max(len(categories), 1)
    group_w = plot_w / groups
    col_w = min(40.0, (group_w - 20) / max(len(series), 1))
    peak = max([Decimal(v or 0) for _n, values in series for v in values] + [Decimal(1)])
    body = [_text(10, 18, title, size=14, weight="bold")] if title else []
    body += _legend([name for name, _v in series], 38 if title else 16)
    base = top + plot_h
    for k in range(5):
        y = base - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="#dee2e6"/>')
        body.append(_text(left - 6, y + 4, _number(peak * k / 4), size=10, anchor="end", fill="#6c757d"))
    for i, category in enumerate(categories):
        x0 = left + i * group_w + (group_w - col_w * len(series)) / 2
        for j, (_name, values) in enumerate(series):
            value = Decimal(values[i] or 0)
            h = float(value / peak) * plot_h
            body.append(
                f'<rect x="{x0 + j * col_w:.1f}" y="{base - h:.1f}" width="{col_w - 3:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
        body.append(_text(left + i * group_w + group_w / 2, base + 18, str(category), size=12, anchor="middle"))
    body.append(_text(width - 20, height - 6, _unit_label(unit), size=11, anchor="end", fill="#6c757d"))
    return _svg(width, height, title or _("Biểu đồ"), body)


# The figures of the dashboard and the results report, drawn from the selectors' rows.


def source_chart(year: int, state_rows) -> str:
    """Assigned, approved and disbursed state money by funding source (rows of `money_by_source`)."""
    return horizontal_bar_chart(
        [row.name for row in state_rows],
        [
            (_("Được giao"), [row.assigned for row in state_rows]),
            (_("Được duyệt"), [row.approved for row in state_rows]),
            (_("Đã giải ngân"), [row.disbursed for row in state_rows]),
        ],
        title=_("Kinh phí nhà nước theo nguồn, năm %(year)s") % {"year": year},
    )


def content_chart(year: int, content_rows) -> str:
    """Approved and disbursed state money by support content (rows of `money_by_content`)."""
    return horizontal_bar_chart(
        [f"{row.code} {row.name}" for row in content_rows],
        [
            (_("Được duyệt"), [row.approved for row in content_rows]),
            (_("Đã giải ngân"), [row.disbursed for row in content_rows]),
        ],
        title=_("Kinh phí nhà nước theo nội dung, năm %(year)s") % {"year": year},
    )


def comparison_chart(year_rows) -> str:
    """Assigned, approved and disbursed state money per year (rows of `year_comparison`)."""
    return column_chart(
        [row.year for row in year_rows],
        [
            (_("Được giao"), [row.assigned for row in year_rows]),
            (_("Được duyệt"), [row.approved for row in year_rows]),
            (_("Đã giải ngân"), [row.disbursed for row in year_rows]),
        ],
        title=_("Kinh phí nhà nước qua các năm"),
    )
