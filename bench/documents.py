"""Benchmark of document parsing (pipelines/documents): CPU ms per document and per page, reports
per second per core, and for PDFs the library choice: our PDFium reader against pdfplumber
(pdfminer) reading the same file, with the cells the report pipeline then finds.
Run `python -m bench.documents [--pdf more.pdf …]`: Markdown tables for docs/documents.md."""

from __future__ import annotations

import argparse
import html
import json
import platform
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pdfplumber

from pipelines.documents import parse_document
from pipelines.report_fields import report_fields

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"
DOCUMENTS = [("qingfeng_2024.pdf", "pdf"), ("qingfeng_2024.docx", "docx"),
             ("qingfeng_2024.doc", "doc"), ("shiqiao_2023.wps", "wps"),
             ("qingfeng_2024.ofd", "ofd"), ("qingfeng_2024_scanned.pdf", "pdf")]  # fmt: skip


def cpu_ms(work: Callable[[], object], repeats: int) -> float:
    """Median CPU milliseconds of `work` after one warm-up run."""
    work()
    samples = []
    for _ in range(repeats):
        started = time.process_time()
        work()
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def cell_keys(cells: list[dict]) -> set[tuple]:
    return {(c["table"], c["scope"], c["row"], c["col"], c["value"]) for c in cells}


def truth_cells(name: str) -> set[tuple] | None:
    path = FIXTURES / f"{name.rsplit('.', 1)[0]}.truth.json"
    if not path.exists():
        return None
    return cell_keys(json.loads(path.read_text(encoding="utf-8"))["cells"])


def our_cells(body: bytes, kind: str) -> list[dict]:
    page = parse_document(body, kind)
    return report_fields({"html": page.html, "url": "http://www.example.gov.cn/a"})["tables"]


def pdfplumber_page(body: bytes) -> str:
    """pdfplumber's text and its own table finder's tables, as a page (tables without spans)."""
    import io

    parts = []
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for page in pdf.pages:
            parts.append(f"<p>{html.escape(page.extract_text() or '')}</p>")
            for table in page.extract_tables():
                rows = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c or '')}</td>" for c in row) + "</tr>"
                    for row in table
                )
                parts.append(f"<table>{rows}</table>")
    return f"<html><body>{''.join(parts)}</body></html>"


def pdfplumber_chars(body: bytes) -> None:
    """What our reader needs from a PDF (glyph boxes, rules), read by pdfminer."""
    import io

    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for page in pdf.pages:
            page.chars, page.lines, page.rects  # noqa: B018


def run(pdfs: list[Path], repeats: int) -> None:
    print(f"Python {platform.python_version()}, pypdfium2 {version('pypdfium2')}, pdfplumber "
          f"{version('pdfplumber')}, python-docx {version('python-docx')}; "
          f"median CPU time of {repeats} runs after a warm-up\n")  # fmt: skip
    print("| document | kind | pages | CPU ms | ms/page | reports/s/core | cells right |")
    print("|---|---|---|---|---|---|---|")
    targets = [(FIXTURES / name, kind) for name, kind in DOCUMENTS] + [(p, "pdf") for p in pdfs]
    for path, kind in targets:
        body = path.read_bytes()
        page = parse_document(body, kind)
        ms = cpu_ms(lambda body=body, kind=kind: parse_document(body, kind), repeats)
        pages = page.page_count
        per_page = f"{ms / pages:.1f}" if pages else "–"
        cells = our_cells(body, kind)
        truth = truth_cells(path.name)
        right = f"{len(cell_keys(cells) & truth)}/{len(truth)}" if truth and page.flags == [] else (
            f"{len(cells)} found" if not page.flags else "–")  # fmt: skip
        print(f"| {path.name} | {kind} | {pages or '–'} | {ms:.0f} | {per_page} | "
              f"{1000 / ms:.0f} | {right} |")  # fmt: skip

    print("\nPDF libraries on the same files (pdfplumber 0.11 = pdfminer.six, MIT; ours = PDFium "
          "via pypdfium2, Apache-2.0/BSD)\n")  # fmt: skip
    print(
        "| document | ours: full parse ms | pdfminer: glyphs+rules only ms | "
        "pdfplumber text+tables ms | cells right, ours | cells right, pdfplumber tables |"
    )
    print("|---|---|---|---|---|---|")
    for path in [FIXTURES / "qingfeng_2024.pdf", *pdfs]:
        body = path.read_bytes()
        ours_ms = cpu_ms(lambda body=body: parse_document(body, "pdf"), repeats)
        glyphs_ms = cpu_ms(lambda body=body: pdfplumber_chars(body), max(1, repeats // 3))
        plumber_ms = cpu_ms(lambda body=body: pdfplumber_page(body), max(1, repeats // 3))
        truth = truth_cells(path.name)

        def score(page_html: str, truth=truth) -> str:
            try:
                cells = report_fields({"html": page_html, "url": "http://x.gov.cn/a"})["tables"]
            except Exception as exc:  # the report pipeline's own failure, shown as such
                return f"pipeline error ({type(exc).__name__})"
            return f"{len(cell_keys(cells) & truth)}/{len(truth)}" if truth else f"{len(cells)}"

        ours = score(parse_document(body, "pdf").html)
        print(f"| {path.name} | {ours_ms:.0f} | {glyphs_ms:.0f} | {plumber_ms:.0f} | "
              f"{ours} | {score(pdfplumber_page(body))} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf", nargs="*", type=Path, default=[], help="more PDFs to measure")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    run(args.pdf, args.repeats)


if __name__ == "__main__":
    main()
