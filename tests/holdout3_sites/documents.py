"""The held-out reports published as documents: the official 2021 template (files/template_2021.docx,
a copy of the reference) filled with a report's own prose and numbers, and its PDF by LibreOffice.

``python -m tests.holdout3_sites.documents`` writes files/*.docx and files/*.pdf (needs
``soffice``); the portals serve the committed files, so the world never runs LibreOffice.
"""

from __future__ import annotations

import copy
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from tests.holdout3_sites.reports import ReportSpec, chinese_date

FILES = Path(__file__).resolve().parent / "files"
TEMPLATE = FILES / "template_2021.docx"
# The template's placeholder paragraphs, in order: the three 「（文字描述…）」 stand for the prose of
# sections 一, 五 and 六.
_PLACEHOLDER = "（文字描述"


def document_bytes(name: str) -> bytes:
    """A committed document of the world (files/<name>)."""
    return (FILES / name).read_bytes()


def _insert_after(paragraph: Paragraph, text: str) -> Paragraph:
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    created = Paragraph(new, paragraph._parent)
    _set_text(created, text)
    return created


def _set_text(paragraph: Paragraph, text: str, *, size: float = 12, bold: bool = False) -> None:
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    # Flush left: LibreOffice drops a comma ending a justified line from its PDF export.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _fill(table, row: int, col: int, value: str) -> None:
    cell = table.cell(row, col)
    cell.text = value
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def build_docx(spec: ReportSpec) -> bytes:
    """The template filled with ``spec`` (2021 format only: the template is the 2021 form)."""
    if spec.form != "2021":
        raise ValueError("the template is the 2021 form")
    document = docx.Document(str(TEMPLATE))
    prose = [text for kind, text in spec.blocks if kind == "p"]
    preamble, overview, problems, other = prose[0], prose[1:7], prose[7:9], prose[9:]
    paragraphs = list(document.paragraphs)
    title = next(p for p in paragraphs if "格式模板" in p.text)
    _set_text(title, spec.title, size=18, bold=True)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _insert_after(title, preamble)
    placeholders = [p for p in paragraphs if p.text.startswith(_PLACEHOLDER)]
    for placeholder, texts in zip(placeholders, (overview, problems, other), strict=True):
        _set_text(placeholder, texts[0])
        anchor = placeholder
        for text in texts[1:]:
            anchor = _insert_after(anchor, text)
    last = placeholders[-1]
    for text in reversed([spec.signature or spec.agency, chinese_date(spec.published)]):
        line = _insert_after(last, text)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    proactive, requests, review = document.tables
    tables = spec.tables
    values = {row.labels[-1]: row.values for block in tables.proactive for row in block.rows}
    for row_index, label in ((2, "规章"), (3, "行政规范性文件")):
        for col, value in enumerate(values[label], start=1):
            _fill(proactive, row_index, col, value)
    for row_index, label in (
        (6, "行政许可"),
        (9, "行政处罚"),
        (10, "行政强制"),
        (13, "行政事业性收费"),
    ):
        _fill(proactive, row_index, 1, values[label][0])
    for row_index, row in enumerate(tables.requests, start=3):
        for col, value in enumerate(row.values, start=3):
            _fill(requests, row_index, col, value)
    for col, value in enumerate(tables.review):
        _fill(review, 3, col, value)
    document.core_properties.title = spec.title
    document.core_properties.author = spec.voice.office
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(docx_bytes: bytes) -> bytes:
    """LibreOffice's PDF of a DOCX (its own profile, so parallel runs do not collide)."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.docx"
        source.write_bytes(docx_bytes)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(work) / "report.pdf").read_bytes()


def documents() -> dict[str, tuple[ReportSpec, str]]:
    """file name -> (the report, its format)."""
    from tests.holdout3_sites import nanxun, pingjiang, sanmen

    return {
        "nanxun_2022.pdf": (nanxun.spec_2022(), "pdf"),
        "sanmen_2023.pdf": (sanmen.spec_2023(), "pdf"),
        "anding_2022.docx": (pingjiang.spec_anding_2022(), "docx"),
    }


def main(argv: list[str] | None = None) -> int:
    del argv
    for name, (spec, kind) in documents().items():
        data = build_docx(spec)
        if kind == "pdf":
            data = to_pdf(data)
        (FILES / name).write_bytes(data)
        print(f"wrote {FILES / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
