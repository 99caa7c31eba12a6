"""A PDF report as a page: glyphs and rules read from its text layer with PDFium (pypdfium2,
Apache-2.0/BSD; chosen over pdfminer for speed, docs/documents.md), then laid out as report text.

PDFium is not thread-safe: one document at a time per process, under a lock.
"""

from __future__ import annotations

import ctypes
import threading
import time

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pipelines.documents.document_page import DocumentPage
from pipelines.documents.fixed_layout import read_pages
from pipelines.documents.glyphs import Glyph, LayoutPage, Rule
from pipelines.documents.limits import DocumentLimits
from pipelines.documents.page_html import render_page

_PDFIUM = threading.Lock()
THIN = 3.0  # points: a filled or stroked shape this thin is a rule
MAX_TEXT_SIZE = 48.0  # points: a report's largest type (初号 is 42 pt)


def parse_pdf(body: bytes, limits: DocumentLimits) -> DocumentPage:
    warnings: list[str] = []
    with _PDFIUM:
        document = pdfium.PdfDocument(body)
        try:
            page_count = len(document)
            metadata_title = (document.get_metadata_value("Title") or "").strip()
            pages = _layout_pages(document, page_count, limits, warnings)
        finally:
            document.close()
    laid_out = read_pages(pages)
    flags = []
    if laid_out.text_glyphs == 0 and page_count:
        flags.append("no_text_layer")  # a scan: archived and listed, nothing to read
    empty = [p.number for p in pages if not p.glyphs]
    if empty and laid_out.text_glyphs:
        warnings.append(f"document-pages-without-text:{','.join(map(str, empty))}")
    title = laid_out.title or metadata_title or None
    root = render_page(title, laid_out.blocks, "pdf")
    return DocumentPage.from_tree(root, "pdf", page_count, title, flags, warnings)


def _layout_pages(
    document: pdfium.PdfDocument, page_count: int, limits: DocumentLimits, warnings: list[str]
) -> list[LayoutPage]:
    started = time.process_time()
    pages = []
    for index in range(min(page_count, limits.max_pages)):
        if time.process_time() - started > limits.max_seconds:
            warnings.append(f"document-time-limit:read {index} of {page_count} pages")
            break
        page = document[index]
        try:
            pages.append(_layout_page(page, index + 1))
        finally:
            page.close()
    if page_count > limits.max_pages:
        warnings.append(f"document-page-limit:read {limits.max_pages} of {page_count} pages")
    return pages


def _layout_page(page: pdfium.PdfPage, number: int) -> LayoutPage:
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        glyphs = _glyphs(textpage, left, top)
    finally:
        textpage.close()
    rules = _rules(page, left, top)
    rotation = page.get_rotation() % 360
    if rotation:  # a landscape table page stored upright and turned for display (/Rotate)
        glyphs = [_turned(g, rotation, width, height) for g in glyphs]
        rules = [_turned(r, rotation, width, height) for r in rules]
        if rotation in (90, 270):
            width, height = height, width
    return LayoutPage(number, width, height, glyphs, rules)


def _turned(box: Glyph | Rule, rotation: int, width: float, height: float):
    """The box as the page is shown: turned clockwise by `rotation` degrees."""
    corners = [(box.x0, box.top), (box.x1, box.bottom)]
    if rotation == 90:
        corners = [(height - y, x) for x, y in corners]
    elif rotation == 180:
        corners = [(width - x, height - y) for x, y in corners]
    elif rotation == 270:
        corners = [(y, width - x) for x, y in corners]
    (ax, ay), (bx, by) = corners
    box.x0, box.x1, box.top, box.bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    return box


def _glyphs(textpage: pdfium.PdfTextPage, left: float, top: float) -> list[Glyph]:
    loose = raw.FS_RECTF()
    x0, x1, y0, y1 = (ctypes.c_double() for _ in range(4))
    glyphs = []
    pending_high = 0
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i):
            continue  # spaces and line ends PDFium inferred; we infer our own
        code = raw.FPDFText_GetUnicode(textpage, i)
        if 0xD800 <= code < 0xDC00:
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000 and pending_high:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFEFF):
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, loose)
        raw.FPDFText_GetCharBox(textpage, i, x0, x1, y0, y1)
        glyphs.append(_glyph(chr(code), loose, x0.value, x1.value, y0.value, y1.value, left, top))
    return glyphs


def _glyph(text, loose, x0: float, x1: float, y0: float, y1: float, left: float, top: float):
    """The glyph's box: the font's (loose) box, unless the font's metrics are broken (some
    vertical-text fonts claim boxes ten times the glyph): then a square around the ink."""
    ink = max(x1 - x0, y1 - y0, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    plausible = max(3 * ink, MAX_TEXT_SIZE)
    if (
        loose.right - loose.left <= plausible
        and loose.top - loose.bottom <= plausible
        and loose.left <= cx <= loose.right
        and loose.bottom <= cy <= loose.top
    ):
        return Glyph(text, loose.left - left, loose.right - left, top - loose.top,
                     top - loose.bottom)  # fmt: skip
    half = ink / 2
    return Glyph(text, x0 - left, x1 - left, top - cy - half, top - cy + half)


def _rules(page: pdfium.PdfPage, left: float, top: float) -> list[Rule]:
    rules: list[Rule] = []
    _collect_rules(page, None, (1, 0, 0, 1, 0, 0), left, top, rules, depth=0)
    return rules


def _collect_rules(page, form, matrix, left: float, top: float, rules: list[Rule], depth: int):
    count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page)
    for i in range(count):
        obj = raw.FPDFFormObj_GetObject(form, i) if form else raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
            _collect_rules(page, obj, _times(_matrix(obj), matrix), left, top, rules, depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            _path_rules(obj, matrix, left, top, rules)


def _path_rules(obj, outer, left: float, top: float, rules: list[Rule]) -> None:
    x0, y0, x1, y1 = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    raw.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1)
    (ax, ay), (bx, by) = _apply(outer, x0.value, y0.value), _apply(outer, x1.value, y1.value)
    if min(abs(bx - ax), abs(by - ay)) <= THIN:
        rules.append(_rule(ax, ay, bx, by, left, top))
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not stroke.value:
        return  # a shaded area, not a border
    # A stroked outline (a box, a whole grid in one path): its straight axis-parallel pieces.
    matrix = _times(_matrix(obj), outer)
    px, py = ctypes.c_float(), ctypes.c_float()
    previous = start = None
    for s in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, s)
        raw.FPDFPathSegment_GetPoint(segment, px, py)
        point = _apply(matrix, px.value, py.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add_straight(previous, point, left, top, rules)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_straight(point, start, left, top, rules)


def _add_straight(a, b, left: float, top: float, rules: list[Rule]) -> None:
    if abs(a[0] - b[0]) <= 0.5 or abs(a[1] - b[1]) <= 0.5:
        rules.append(_rule(a[0], a[1], b[0], b[1], left, top))


def _rule(ax: float, ay: float, bx: float, by: float, left: float, top: float) -> Rule:
    return Rule(min(ax, bx) - left, top - max(ay, by), max(ax, bx) - left, top - min(ay, by))


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
