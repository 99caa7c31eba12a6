"""The report's charts as inline SVG, written directly: the portal × year coverage grid and the
smallest start-to-start gap of each host against its delay.

Both are boxes and text laid out by hand (no plotting library: importing one cost a crawl two
seconds of CPU at its end). Text stays text, in the CJK font the page asks for, so labels are
searchable and small; Debian's fonts-noto-cjk provides it (``make setup`` installs it).
"""

from __future__ import annotations

import logging
import math
import shutil
import subprocess
from functools import cache
from html import escape

from crawler.reporting.coverage import (
    CHANGED,
    DOCUMENT,
    GONE,
    HTML,
    MISSING,
    NONE,
    STATE_LABELS,
    Cell,
    Coverage,
)

logger = logging.getLogger(__name__)

# Fonts with the Simplified Chinese glyphs portal names need, best first.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
# state -> (fill, text colour, mark, hatch); the marks keep the grid readable in black and white
CELL_STYLE = {
    HTML: ("#1b7837", "#ffffff", "P", ""),
    DOCUMENT: ("#2166ac", "#ffffff", "D", ""),
    CHANGED: ("#e08214", "#000000", "C", ""),
    GONE: ("#8c8c8c", "#ffffff", "×", "///"),
    MISSING: ("#fddbc7", "#b2182b", "?", ""),
    NONE: ("#f2f2f2", "#f2f2f2", "", ""),
}
FONT_POINTS = 10
BELOW_FLOOR = "#b2182b"
AT_FLOOR = "#1b7837"
MARK_PREFIX = "mark-"  # ids of the coverage marks; every other id gets the chart's prefix
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
# Drawing units are points (1/72 inch), as the page's font sizes are.
_INCH = 72.0
_FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', sans-serif"


@cache
def cjk_font() -> str | None:
    """The first CJK font fontconfig knows, or None (labels would lose their hanzi)."""
    found = next((name for name in CJK_FONTS if name in _installed_fonts()), None)
    if found is None:
        logger.warning(
            "no CJK font found: Chinese chart labels cannot be drawn "
            "(install Debian's fonts-noto-cjk, as `make setup` does)"
        )
    return found


def _installed_fonts() -> set[str]:
    """Font family names fontconfig lists (``fc-list``, which Chromium's fonts come from)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    try:
        listing = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in listing.splitlines() for name in line.split(",")}


def _text_points(text: str, points: float) -> float:
    """Roughly how wide ``text`` is set: a hanzi is one em, other characters about 0.6."""
    return sum(1.0 if ord(char) >= 0x2E80 else 0.6 for char in text) * points


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, body: list[str], prefix: str) -> str:
    """An ``<svg>`` element for the page, scaling with the page width up to its natural size."""
    return (
        f'<svg xmlns="{_SVG}" xmlns:xlink="{_XLINK}" id="{prefix}-chart" version="1.1" '
        f'viewBox="0 0 {_number(width)} {_number(height)}" class="chart" role="img" '
        f'style="max-width: {_number(width)}pt; font-family: {_FONT_STACK}">\n'
        + "\n".join(body)
        + "\n</svg>"
    )


def _text(x: float, y: float, text: str, size: float, anchor: str, fill: str = "#000000") -> str:
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}" '
        f'dominant-baseline="central" style="font-size: {_number(size)}px; fill: {fill}">'
        f"{escape(text, quote=False)}</text>"
    )


# --- coverage ---------------------------------------------------------------------------------


def mark_id(portal: str, year: int) -> str:
    return f"{MARK_PREFIX}{portal}-{year}"


def coverage_svg(coverage: Coverage, labels: dict[str, str], prefix: str = "cov") -> str:
    """The grid: one mark per portal × year, linked to the portal's section of the page."""
    names = [labels.get(p, p) for p in coverage.portals]
    left = max(_text_points(name, FONT_POINTS) for name in names) + 0.15 * _INCH
    top, cell_width, cell_height, edge = 0.3 * _INCH, 0.55 * _INCH, 0.34 * _INCH, 0.05 * _INCH
    width = left + cell_width * len(coverage.years) + edge
    height = top + cell_height * len(coverage.portals) + edge
    body = [
        f'<defs><pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'<path d="M -1 1 L 1 -1 M 0 6 L 6 0 M 5 7 L 7 5" '
        'style="stroke: #000000; stroke-width: 1"/></pattern></defs>'
    ]
    years = [
        f'<g id="{prefix}-xtick_{x + 1}">'
        + _text(left + cell_width * (x + 0.5), top / 2, str(year), FONT_POINTS, "middle")
        + "</g>"
        for x, year in enumerate(coverage.years)
    ]
    body.append(f'<g id="{prefix}-years">{"".join(years)}</g>')
    portals = [
        f'<g id="{prefix}-ytick_{y + 1}">'
        + _text(left - 3.5, top + cell_height * (y + 0.5), name, FONT_POINTS, "end")
        + "</g>"
        for y, name in enumerate(names)
    ]
    body.append(f'<g id="{prefix}-portals">{"".join(portals)}</g>')
    for y, portal in enumerate(coverage.portals):
        for x, cell in enumerate(coverage.row(portal)):
            box = (
                left + cell_width * (x + 0.05),
                top + cell_height * (y + 0.06),
                cell_width * 0.9,
                cell_height * 0.88,
            )
            body.append(_mark(cell, labels.get(portal, portal), box, prefix))
    return _svg(width, height, body, prefix)


def _mark(cell: Cell, label: str, box: tuple[float, float, float, float], prefix: str) -> str:
    """One cell: its box, its letter (and count of reports when several), its tooltip and data,
    linked to the portal's section of the page."""
    fill, ink, letter, hatch = CELL_STYLE[cell.state]
    x, y, w, h = box
    outline = "stroke: #b2182b; stroke-width: 0.8" if cell.state == MISSING else "stroke: none"
    shape = (
        f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" height="{_number(h)}" '
        f'style="fill: {fill}; {outline}"/>'
    )
    if hatch:
        shape += (
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" height="{_number(h)}" '
            f'style="fill: url(#{prefix}-hatch); stroke: none"/>'
        )
    if letter:
        live = [r for r in cell.reports if not r.is_gone] or cell.reports
        count = str(len(live)) if len(live) > 1 else ""
        shape += _text(x + w / 2, y + h / 2, letter + count, FONT_POINTS, "middle", ink)
    reports = f", {len(cell.reports)} reports" if len(cell.reports) > 1 else ""
    title = f"{label} {cell.year}: {STATE_LABELS[cell.state]}{reports}"
    portal = escape(cell.portal)
    return (
        f'<g id="{escape(mark_id(cell.portal, cell.year))}" class="mark {cell.state}" '
        f'data-portal="{portal}" data-year="{cell.year}" data-state="{cell.state}">'
        f"<title>{escape(title, quote=False)}</title>"
        f'<a xlink:href="#portal-{portal}">{shape}</a></g>'
    )


# --- politeness -------------------------------------------------------------------------------


def gap_svg(hosts: list[tuple[str, float, float]], prefix: str = "gap") -> str:
    """Per host (name, smallest start-to-start gap, delay floor): the gap as a share of the floor.

    A bar left of the line at 1 means two requests started closer than the host's delay allows.
    """
    ratios = [gap / floor if floor else 0.0 for _, gap, floor in hosts]
    limit = max([*ratios, 1.0]) * 1.35
    left = max(_text_points(name, FONT_POINTS) for name, _, _ in hosts) + 12
    row, top, bottom = 0.24 * _INCH, 0.1 * _INCH, 0.5 * _INCH
    width = 6.5 * _INCH
    plot = width - left - 0.2 * _INCH
    height = top + row * len(hosts) + bottom
    axis = top + row * len(hosts)

    def at(ratio: float) -> float:
        return left + plot * ratio / limit

    body = []
    for y, ((name, gap, floor), ratio) in enumerate(zip(hosts, ratios, strict=True)):
        middle = top + row * (y + 0.5)
        colour = BELOW_FLOOR if ratio < 1 else AT_FLOOR
        body.append(
            f'<g id="{prefix}-host_{y + 1}">'
            + _text(left - 3.5, middle, name, FONT_POINTS, "end")
            + f'<rect x="{_number(left)}" y="{_number(middle - row * 0.3)}" '
            f'width="{_number(at(ratio) - left)}" height="{_number(row * 0.6)}" '
            f'style="fill: {colour}"/>'
            + _text(at(ratio) + 2, middle, f"{gap:.2f} s / {floor:.2f} s", 7, "start")
            + "</g>"
        )
    ticks = []
    for value in _ticks(limit):
        x = at(value)
        ticks.append(
            f'<path d="M {_number(x)} {_number(axis)} L {_number(x)} {_number(axis + 3.5)}" '
            'style="stroke: #000000; stroke-width: 0.8"/>'
            + _text(x, axis + 11, f"{value:.2f}", FONT_POINTS, "middle")
        )
    body.append(
        f'<g id="{prefix}-axis">'
        f'<path d="M {_number(left)} {_number(top)} L {_number(left)} {_number(axis)} '
        f'L {_number(left + plot)} {_number(axis)}" '
        'style="fill: none; stroke: #000000; stroke-width: 0.8"/>'
        + "".join(ticks)
        + _text(
            left + plot / 2,
            axis + 26,
            "smallest start-to-start gap ÷ delay floor (dashed line: the floor)",
            FONT_POINTS,
            "middle",
        )
        + "</g>"
    )
    body.append(
        f'<path id="{prefix}-floor" d="M {_number(at(1.0))} {_number(top)} '
        f'L {_number(at(1.0))} {_number(axis)}" '
        'style="stroke: #000000; stroke-width: 1; stroke-dasharray: 3.7 1.6"/>'
    )
    return _svg(width, height, body, prefix)


def _ticks(limit: float) -> list[float]:
    """Round tick values from 0 to ``limit``: steps of 1, 2, 2.5 or 5 × 10ⁿ, at most 8 ticks."""
    raw = limit / 8
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [k * step for k in range(int(limit / step + 1e-9) + 1)]
