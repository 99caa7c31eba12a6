"""An OFD report (GB/T 33190, China's fixed-layout format: a ZIP of XML) as a page.

OFD.xml names the document; its Document.xml lists the pages; each page's Content.xml places
TextObject/TextCode glyphs and PathObject rules in millimetres. They become the same glyphs and
rules a PDF gives, read by the same layout reader: text always, tables where rules draw them.
"""

from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile

from lxml import etree

from pipelines.documents.document_page import DocumentPage
from pipelines.documents.fixed_layout import read_pages
from pipelines.documents.glyphs import Glyph, LayoutPage, Rule
from pipelines.documents.limits import DocumentLimits
from pipelines.documents.page_html import render_page

PT_PER_MM = 72 / 25.4
_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
Matrix = tuple[float, float, float, float, float, float]


def parse_ofd(body: bytes, limits: DocumentLimits) -> DocumentPage:
    package = zipfile.ZipFile(io.BytesIO(body))
    unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > limits.max_bytes * 8:  # a zip bomb is not a report
        raise ValueError(f"OFD unpacks to {unpacked} bytes")
    root = _xml(package, "OFD.xml")
    doc_root = _first_text(root, "DocRoot")
    if not doc_root:
        raise ValueError("OFD.xml names no DocRoot")
    doc_path = doc_root.lstrip("/")
    document = _xml(package, doc_path)
    default_box = _numbers(_first_text(document, "PhysicalBox") or "0 0 210 297")
    warnings: list[str] = []
    page_refs = [p.get("BaseLoc", "") for p in document.iterfind(".//{*}Pages/{*}Page")]
    pages: list[LayoutPage] = []
    started = time.process_time()
    for number, ref in enumerate(page_refs[: limits.max_pages], 1):
        if time.process_time() - started > limits.max_seconds:
            warnings.append(f"document-time-limit:read {number - 1} of {len(page_refs)} pages")
            break
        path = _resolve(doc_path, ref)
        pages.append(_page(_xml(package, path), number, default_box))
    if len(page_refs) > limits.max_pages:
        warnings.append(f"document-page-limit:read {limits.max_pages} of {len(page_refs)} pages")
    laid_out = read_pages(pages)
    title = laid_out.title or (_first_text(root, "Title") or "").strip() or None
    flags = ["no_text_layer"] if page_refs and not laid_out.text_glyphs else []
    page = render_page(title, laid_out.blocks, "ofd")
    return DocumentPage.from_tree(page, "ofd", len(page_refs), title, flags, warnings)


def _xml(package: zipfile.ZipFile, path: str) -> etree._Element:
    return etree.fromstring(package.read(path.lstrip("/")), parser=_XML)


def _first_text(root: etree._Element, name: str) -> str | None:
    element = next(root.iterfind(f".//{{*}}{name}"), None)
    return element.text.strip() if element is not None and element.text else None


def _resolve(base_file: str, ref: str) -> str:
    if ref.startswith("/"):
        return ref.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), ref))


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _page(content: etree._Element, number: int, default_box: list[float]) -> LayoutPage:
    box = _numbers(_first_text(content, "PhysicalBox") or "") or default_box
    page = LayoutPage(number, box[2] * PT_PER_MM, box[3] * PT_PER_MM)
    for element in content.iter("{*}TextObject", "{*}PathObject"):
        boundary = _numbers(element.get("Boundary", ""))
        if len(boundary) < 4:
            continue
        ctm = _ctm(element.get("CTM"))
        if element.tag.endswith("TextObject"):
            page.glyphs.extend(_glyphs(element, boundary, ctm))
        else:
            page.rules.extend(_rules(element, boundary, ctm))
    return page


def _ctm(value: str | None) -> Matrix:
    numbers = _numbers(value or "")
    return tuple(numbers) if len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # type: ignore[return-value]


def _apply(m: Matrix, x: float, y: float, boundary: list[float]) -> tuple[float, float]:
    """A point of an object, in points from the page's top-left corner."""
    return (
        (boundary[0] + m[0] * x + m[2] * y + m[4]) * PT_PER_MM,
        (boundary[1] + m[1] * x + m[3] * y + m[5]) * PT_PER_MM,
    )


def _deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, where `g n d` stands for n times d."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _glyphs(element: etree._Element, boundary: list[float], ctm: Matrix) -> list[Glyph]:
    size = float(element.get("Size", "3.5") or 3.5)
    scale = abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5 or 1.0
    height = size * scale * PT_PER_MM
    glyphs = []
    x = y = 0.0
    for code in element.iterfind("{*}TextCode"):
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for i, char in enumerate(code.text or ""):
            advance = dx[i] if i < len(dx) else size
            px, baseline = _apply(ctm, x, y, boundary)
            if not char.isspace():
                # The advance is the glyph's width, unless it jumps ahead (a tab, the next cell).
                width = advance * scale * PT_PER_MM
                width = width if height * 0.3 <= width <= height * 1.5 else height
                top = baseline - height * 0.88  # ascent and descent of a CJK face
                glyphs.append(Glyph(char, px, px + width, top, top + height))
            x += advance
            y += dy[i] if i < len(dy) else 0.0
    return glyphs


def _straight(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= 0.5 or abs(a[1] - b[1]) <= 0.5


def _rules(element: etree._Element, boundary: list[float], ctm: Matrix) -> list[Rule]:
    data = _first_text(element, "AbbreviatedData") or ""
    tokens = data.split()
    rules: list[Rule] = []
    start = current = None
    i = 0
    arity = {"M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "S": 2}
    while i < len(tokens):
        op = tokens[i]
        count = arity.get(op)
        if count is None:
            i += 1
            continue
        args = [float(t) for t in tokens[i + 1 : i + 1 + count]]
        i += 1 + count
        if op == "C":
            point = start
        elif len(args) >= 2:
            point = _apply(ctm, args[-2], args[-1], boundary)
        else:
            continue
        if op in ("M", "S"):
            start = point
        elif (
            op in ("L", "C")
            and current is not None
            and point is not None
            and _straight(current, point)
        ):
            (ax, ay), (bx, by) = current, point
            rules.append(Rule(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        current = point
    return rules
