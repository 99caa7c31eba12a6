"""The report's charts as inline SVG drawn by matplotlib: the portal × year coverage grid and the
smallest start-to-start gap of each host against its delay.

Text stays text (``svg.fonttype = none``) in a CJK font the page also asks for, so labels are
searchable and small; Debian's fonts-noto-cjk provides it (``make setup`` installs it).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from functools import cache

from lxml import etree

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


@cache
def cjk_font() -> str | None:
    """The first CJK font matplotlib can find, or None (labels would lose their hanzi)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in installed), None)
    if found is None:
        logger.warning(
            "no CJK font found: Chinese chart labels cannot be measured "
            "(install Debian's fonts-noto-cjk, as `make setup` does)"
        )
    return found


def _rc() -> dict:
    family = [cjk_font()] if cjk_font() else []
    return {
        "font.family": [*family, "sans-serif"],
        "font.size": FONT_POINTS,
        "svg.fonttype": "none",
        "svg.hashsalt": "nianbao",  # stable ids: the same crawl gives the same page
        "axes.unicode_minus": False,
    }


def _render(draw, prefix: str, tight: bool = True) -> str:
    """Run ``draw(figure)`` and return the figure as an inline ``<svg>`` element.

    ``tight=False`` when ``draw`` laid the figure out itself: a tight box draws everything twice.
    """
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph is reported once, by cjk_font()
        figure = Figure()
        draw(figure)
        buffer = io.BytesIO()
        box = "tight" if tight else None
        figure.savefig(buffer, format="svg", bbox_inches=box, metadata={"Date": None})
    return _inline(buffer.getvalue(), prefix)


def _text_inches(text: str, points: float) -> float:
    """Roughly how wide ``text`` is set: a hanzi is one em, other characters about 0.6."""
    ems = sum(1.0 if ord(char) >= 0x2E80 else 0.6 for char in text)
    return ems * points / 72


# --- coverage ---------------------------------------------------------------------------------


def mark_id(portal: str, year: int) -> str:
    return f"{MARK_PREFIX}{portal}-{year}"


def coverage_svg(coverage: Coverage, labels: dict[str, str], prefix: str = "cov") -> str:
    """The grid: one mark per portal × year, linked to the portal's section of the page."""
    rows, columns = len(coverage.portals), len(coverage.years)

    def draw(figure) -> None:
        from matplotlib.patches import Rectangle

        names = [labels.get(p, p) for p in coverage.portals]
        left = max(_text_inches(name, FONT_POINTS) for name in names) + 0.15
        top, cell_width, cell_height, edge = 0.3, 0.55, 0.34, 0.05
        width = left + cell_width * columns + edge
        height = top + cell_height * rows + edge
        figure.set_size_inches(width, height)
        axes = figure.add_axes(
            (left / width, edge / height, cell_width * columns / width, cell_height * rows / height)
        )
        for y, portal in enumerate(coverage.portals):
            for x, cell in enumerate(coverage.row(portal)):
                fill, _, _, hatch = CELL_STYLE[cell.state]
                box = Rectangle(
                    (x + 0.05, y + 0.06),
                    0.9,
                    0.88,
                    facecolor=fill,
                    edgecolor="#b2182b" if cell.state == MISSING else "none",
                    hatch=hatch or None,
                    linewidth=0.8,
                    gid=mark_id(portal, cell.year),
                )
                box.set_url(f"#portal-{portal}")
                axes.add_artist(box)  # not add_patch: limits are set below, once
        axes.set_xlim(0, columns)
        axes.set_ylim(rows, 0)
        axes.xaxis.tick_top()
        axes.set_xticks([x + 0.5 for x in range(columns)], [str(y) for y in coverage.years])
        axes.set_yticks([y + 0.5 for y in range(rows)], names)
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)

    svg = _render(draw, prefix, tight=False)
    return _describe_marks(svg, coverage, labels)


def _describe_marks(svg: str, coverage: Coverage, labels: dict[str, str]) -> str:
    """Give every mark a class, its data, a tooltip and its letter, and keep its link in this tab.

    The letters are written here, centred on each drawn box, rather than as matplotlib texts:
    thousands of Text artists take seconds to lay out, and here each lands inside its mark.
    """
    root = etree.fromstring(svg)
    for group in root.iter(f"{{{_SVG}}}g"):
        gid = group.get("id", "")
        if not gid.startswith(MARK_PREFIX):
            continue
        portal, _, year = gid.removeprefix(MARK_PREFIX).rpartition("-")
        cell = coverage.cells.get((portal, int(year)))
        if cell is None:
            continue
        group.set("class", f"mark {cell.state}")
        group.set("data-portal", portal)
        group.set("data-year", year)
        group.set("data-state", cell.state)
        title = etree.Element(f"{{{_SVG}}}title")
        count = f", {len(cell.reports)} reports" if len(cell.reports) > 1 else ""
        title.text = f"{labels.get(portal, portal)} {year}: {STATE_LABELS[cell.state]}{count}"
        group.insert(0, title)
        for link in group.iter(f"{{{_SVG}}}a"):
            link.attrib.pop("target", None)
            _letter(link, cell)
    return etree.tostring(root, encoding="unicode")


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _letter(link: etree._Element, cell: Cell) -> None:
    """Put the cell's letter (and its count of reports when several) in the middle of its box."""
    _, ink, mark, _ = CELL_STYLE[cell.state]
    path = link.find(f"{{{_SVG}}}path")
    if not mark or path is None:
        return
    numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    if not xs or not ys:
        return
    live = [r for r in cell.reports if not r.is_gone] or cell.reports
    text = etree.SubElement(link, f"{{{_SVG}}}text")
    text.set("x", f"{(min(xs) + max(xs)) / 2:.2f}")
    text.set("y", f"{(min(ys) + max(ys)) / 2:.2f}")
    text.set("text-anchor", "middle")
    text.set("dominant-baseline", "central")
    text.set("style", f"font-size: {FONT_POINTS}px; fill: {ink}")
    text.text = mark + (str(len(live)) if len(live) > 1 else "")


# --- politeness -------------------------------------------------------------------------------


def gap_svg(hosts: list[tuple[str, float, float]], prefix: str = "gap") -> str:
    """Per host (name, smallest start-to-start gap, delay floor): the gap as a share of the floor.

    A bar left of the line at 1 means two requests started closer than the host's delay allows.
    """

    def draw(figure) -> None:
        figure.set_size_inches(6.5, 0.6 + 0.24 * len(hosts))
        axes = figure.add_subplot()
        ratios = [gap / floor if floor else 0.0 for _, gap, floor in hosts]
        colours = [BELOW_FLOOR if ratio < 1 else AT_FLOOR for ratio in ratios]
        positions = range(len(hosts))
        axes.barh(positions, ratios, color=colours, height=0.6)
        axes.axvline(1.0, color="#000000", linewidth=1, linestyle="--")
        for y, (_, gap, floor) in enumerate(hosts):
            axes.text(ratios[y], y, f" {gap:.2f} s / {floor:.2f} s", va="center", fontsize=7)
        axes.set_yticks(list(positions), [name for name, _, _ in hosts])
        axes.set_ylim(len(hosts) - 0.5, -0.5)
        axes.set_xlim(0, max([*ratios, 1.0]) * 1.35)
        axes.set_xlabel("smallest start-to-start gap ÷ delay floor (dashed line: the floor)")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

    return _render(draw, prefix)


# --- inline SVG -------------------------------------------------------------------------------

_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def _inline(svg_bytes: bytes, prefix: str) -> str:
    """An ``<svg>`` element for the page: no prolog or metadata, ids unique on the page, and
    scaling with the page width up to its natural size."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(svg_bytes, parser)
    for metadata in root.findall(f"{{{_SVG}}}metadata"):
        root.remove(metadata)
    for style in root.findall(f"{{{_SVG}}}defs/{{{_SVG}}}style"):
        style.getparent().remove(style)  # "*{...}" inside an inline SVG would style the whole page
    renamed = {}
    for element in root.iter():
        old = element.get("id")
        if old and not old.startswith(MARK_PREFIX):
            renamed[old] = f"{prefix}-{old}"
            element.set("id", renamed[old])
    href = f"{{{_XLINK}}}href"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == href and value.startswith("#") and value[1:] in renamed:
                element.set(name, "#" + renamed[value[1:]])
            elif "url(#" in value:
                element.set(
                    name, _REFERENCE.sub(lambda m: f"url(#{renamed.get(m[1], m[1])})", value)
                )
    width = root.attrib.pop("width", "")
    root.attrib.pop("height", None)
    root.set("class", "chart")
    root.set("role", "img")
    if width:
        root.set("style", f"max-width: {width}")
    return etree.tostring(root, encoding="unicode")
