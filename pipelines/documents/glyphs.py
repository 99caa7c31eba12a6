"""A fixed-layout page (PDF, OFD) as positioned glyphs and drawn rules, and glyphs grouped into
text lines. Coordinates are points from the page's top-left corner, y growing downwards."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from pipelines.documents.cjk_spacing import tidy_spaces


@dataclass(slots=True)
class Glyph:
    """One character and the box it advances through (font ascent to descent)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """A drawn line: a stroke or a thin filled rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass
class LayoutPage:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


@dataclass
class TextLine:
    glyphs: list[Glyph]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def text_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Glyphs grouped into lines (same band of height), top to bottom, each read left to right."""
    groups: list[list[Glyph]] = []
    centre = 0.0
    for glyph in sorted(glyphs, key=lambda g: g.cy):
        # A glyph belongs to the line whose centre lies within half its own height.
        if groups and abs(glyph.cy - centre) <= glyph.size * 0.45:
            groups[-1].append(glyph)
            centre += (glyph.cy - centre) / len(groups[-1])
        else:
            groups.append([glyph])
            centre = glyph.cy
    return [_line(sorted(group, key=lambda g: g.x0)) for group in groups]


def _line(glyphs: list[Glyph]) -> TextLine:
    # Latin digits are often set in another font with a taller box: a line's size is its CJK's.
    wide = [g.size for g in glyphs if g.text >= "\u2e80"]
    size = median(wide or [g.size for g in glyphs])
    parts: list[str] = []
    previous = None
    for glyph in glyphs:
        # A gap of a fifth of the size is a space; tidy_spaces drops it again next to CJK.
        if previous is not None and glyph.x0 - previous.x1 > size * 0.2:
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return TextLine(
        glyphs=glyphs,
        text=tidy_spaces("".join(parts)),
        x0=glyphs[0].x0,
        x1=max(g.x1 for g in glyphs),
        top=min(g.top for g in glyphs),
        bottom=max(g.bottom for g in glyphs),
        size=size,
    )
