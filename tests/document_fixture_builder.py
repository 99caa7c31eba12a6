"""Builds tests/fixtures/documents/: annual reports as portals publish them, from known numbers.

The official 2021 template (tests/fixtures/reference) is filled with a county's 2024 report and a
town's 2023 report, saved as DOCX, then exported by LibreOffice to PDF, Word 97 (DOC) and, for the
town, the Word 97 file WPS Office writes as .wps; the OFD is laid out from the PDF's own glyph
positions and rules (as OFD converters do); the scanned PDF is the PDF rasterised. The numbers
each file must yield go to <name>.truth.json. Run `python -m tests.document_fixture_builder`
(needs `soffice`); tests read only the committed files.
"""

from __future__ import annotations

import copy
import ctypes
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from tests.table_fixture_builder import (
    CANNOT,
    NOT_HANDLED,
    NOT_OPEN,
    OTHER,
    OTHER_ITEMS,
    PARTIAL,
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    request_layout,
    request_numbers,
    result_rows,
)

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "documents"
TEMPLATE = HERE / "fixtures" / "reference" / "annual_report_template_2021.docx"

TABLE_HEADINGS = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
]
PROACTIVE_BLOCKS = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)  # fmt: skip


@dataclass
class Report:
    """One filled-in report: who, which year, its prose (section → paragraphs) and its numbers."""

    name: str
    agency: str
    office: str
    year: int
    signed: str
    intro: str
    sections: dict[str, Sequence[str]]  # 一、…, 五、…, 六、… → paragraphs
    proactive: dict[str, Sequence[int | float]]  # item → values of its block's columns
    results: dict[str, list[int]]
    carried_over: list[int]
    carried_forward: list[int]
    review: Sequence[int]

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def requests(self) -> dict[str, list[int]]:
        return request_numbers(self.results, self.carried_over, self.carried_forward)

    def gold(self) -> list[dict]:
        """Every cell the report prints, labelled from the official form."""
        cells = []
        for heading, columns, items in PROACTIVE_BLOCKS:
            for item in items:
                for col, value in zip(columns, self.proactive[item], strict=True):
                    cells.append(_cell("proactive", f"{heading}/{item}", col, value))
        for row, values in self.requests().items():
            for col, value in zip(REQUEST_COLUMNS, values, strict=True):
                cells.append(_cell("requests", row, col, value))
        for col, value in zip(REVIEW_COLUMNS, self.review, strict=True):
            cells.append(_cell("review_litigation", "", col, value))
        return cells

    def paragraphs(self) -> list[str]:
        """The prose as a reader sees it, in order (headings included, tables left out)."""
        out = [self.intro]
        for heading, paragraphs in self.sections.items():
            if heading.startswith("五、"):
                out += TABLE_HEADINGS
            out += [heading, *paragraphs]
        return [*out, self.office, self.signed]


def _cell(table: str, row: str, col: str, value: object) -> dict:
    return {"table": table, "scope": "", "row": row, "col": col, "value": value}


# --- the prose ------------------------------------------------------------------------------------

COUNTY = Report(
    name="qingfeng_2024",
    agency="青峰县人民政府",
    office="青峰县人民政府办公室",
    year=2024,
    signed="2025年1月20日",
    intro=(
        "本报告由青峰县人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
        "和《中华人民共和国政府信息公开工作年度报告格式》要求编制。报告所列数据的统计期限自2024年"
        "1月1日起至2024年12月31日止。本报告电子版可在青峰县人民政府门户网站查阅和下载。如对本报告"
        "有疑问，请与青峰县人民政府办公室联系（地址：青峰县人民路128号，邮编：415600，"
        "电话：0736-5212345，电子邮箱：qfxzwgk@163.com）。"
    ),
    sections={
        "一、总体情况": [
            "2024年，青峰县人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大"
            "和二十届二中、三中全会精神，认真落实《条例》各项规定，围绕县委、县政府中心工作，持续深化"
            "政务公开，以公开促落实、强监管、优服务，为全县经济社会高质量发展提供了有力保障。",
            "（一）主动公开情况。全年通过县政府门户网站主动公开政府信息6215条，其中政策文件138条、"
            "政策解读46条、财政预决算信息212条、重大建设项目信息87条。新制发行政规范性文件7件，"
            "同步发布图文解读、视频解读等多元化解读产品19个，组织召开新闻发布会11场，主要负责同志"
            "出席发布会4场，及时回应群众关切。",
            "（二）依申请公开情况。进一步规范依申请公开受理、登记、交办、审核、答复等环节，完善"
            "申请答复文书模板，加强与申请人的沟通，全年新收政府信息公开申请183件，上年结转7件，"
            "办结180件，结转下年度继续办理10件，均在法定期限内答复。从申请渠道看，网络申请126件，"
            "当面申请31件，信函申请26件；从申请内容看，主要集中在征地拆迁、规划建设、社会保障等"
            "领域。对申请内容不明确的，一次性告知补正事项，帮助申请人准确表达诉求。",
            "（三）政府信息管理情况。严格落实政府信息公开前保密审查和公开属性源头认定制度，坚持"
            "“先审查、后公开”“一事一审”。开展行政规范性文件清理，废止3件，现行有效52件，全部在"
            "门户网站集中公开并标注效力状态，方便群众查询使用。",
            "（四）政府信息公开平台建设情况。优化县政府门户网站政府信息公开专栏，新设“惠企政策”"
            "“民生实事”等专题专栏6个，推进政务新媒体规范化建设，关停整合更新不及时、无力维护的账号"
            "3个，全县在运维政务新媒体共计41个，政府公报全年编印12期。",
            "（五）政府信息公开监督保障情况。将政务公开工作纳入全县绩效考核，按季度开展政府网站和"
            "政务新媒体检查，通报问题并督促整改。组织全县政务公开业务培训2次，培训人员260余人次，"
            "不断提升工作人员的业务能力和水平。",
        ],
        "五、存在的主要问题及改进情况": [
            "2024年，我县政府信息公开工作取得了一定成效，但对照上级要求和群众期待，仍存在一些不足："
            "一是部分单位政策解读形式较为单一，解读的针对性和可读性有待增强；二是基层政务公开工作"
            "人员流动较快，业务能力参差不齐。",
            "下一步，我县将着力提升政策解读质效，推行图表、音视频等多种解读方式，增强解读的通俗性；"
            "加强政务公开队伍建设，常态化开展业务培训和工作指导，推动全县政府信息公开工作规范化、"
            "标准化水平不断提升。",
        ],
        "六、其他需要报告的事项": [
            "2024年，我县严格执行《政府信息公开信息处理费管理办法》，全年未收取信息处理费。"
            "本年度县人民政府办公室共办理人大代表建议32件、政协委员提案45件，办理结果均已按规定"
            "公开。",
            "（一）落实上年度年报发现问题整改情况。针对上年度报告指出的政策解读不够深入、部分栏目"
            "更新不及时等问题，县政府办公室逐项制定整改措施，建立栏目更新提醒机制，对连续两周未更新"
            "的栏目及时通报责任单位，相关问题均已整改到位。",
            "（二）政务公开工作要点落实情况。对照省、市政务公开工作要点，逐项分解任务、明确责任单位"
            "和完成时限，按季度跟踪调度。全年围绕稳经济、优环境、惠民生等重点领域，集中公开惠企政策"
            "清单、民生实事项目进展、重大建设项目批准和实施等信息，各项任务均按期完成。",
            "（三）人大代表建议和政协委员提案办理结果公开情况。对涉及公共利益、社会关注度高的建议"
            "提案办理复文，除涉及国家秘密等不宜公开的情形外，均在县政府门户网站“建议提案办理”"
            "专栏全文公开，并同步公开年度办理工作总体情况。",
            "（四）政务公开创新工作情况。探索开展“政府开放日”活动4期，邀请人大代表、政协委员、"
            "企业和群众代表走进政府机关，现场了解重点工作推进情况，面对面听取意见建议，增进了"
            "群众对政府工作的理解和支持。",
        ],
    },
    proactive={
        "规章": (1, 0, 9),
        "行政规范性文件": (7, 3, 52),
        "行政许可": (12876,),
        "行政处罚": (1543,),
        "行政强制": (27,),
        "行政事业性收费": (356.8,),
    },
    results=result_rows(
        True,
        **{
            "（一）予以公开": [58, 9, 1, 0, 2, 1],
            PARTIAL: [12, 2, 0, 0, 0, 0],
            f"{NOT_OPEN}/1.属于国家秘密": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/2.其他法律行政法规禁止公开": [2, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/3.危及“三安全一稳定”": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/4.保护第三方合法权益": [3, 1, 0, 0, 0, 0],
            f"{NOT_OPEN}/5.属于三类内部事务信息": [2, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/6.属于四类过程性信息": [4, 1, 0, 0, 0, 0],
            f"{NOT_OPEN}/7.属于行政执法案卷": [1, 0, 0, 0, 0, 0],
            f"{NOT_OPEN}/8.属于行政查询事项": [6, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [41, 5, 0, 0, 1, 0],
            f"{CANNOT}/2.没有现成信息需要另行制作": [7, 1, 0, 0, 0, 0],
            f"{CANNOT}/3.补正后申请内容仍不明确": [3, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/1.信访举报投诉类申请": [9, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/2.重复申请": [5, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/3.要求提供公开出版物": [1, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/5.要求行政机关确认或重新出具已获取信息": [2, 0, 0, 0, 0, 0],
            f"{OTHER}/{OTHER_ITEMS[0]}": [4, 0, 0, 0, 0, 0],
            f"{OTHER}/{OTHER_ITEMS[1]}": [1, 0, 0, 0, 0, 0],
            f"{OTHER}/3.其他": [3, 1, 0, 0, 0, 0],
        },
    ),
    carried_over=[6, 1, 0, 0, 0, 0],
    carried_forward=[8, 2, 0, 0, 0, 0],
    review=(3, 1, 1, 1, 6, 2, 0, 1, 1, 4, 1, 0, 0, 1, 2),
)

TOWN = Report(
    name="shiqiao_2023",
    agency="青峰县石桥镇人民政府",
    office="青峰县石桥镇人民政府",
    year=2023,
    signed="2024年1月15日",
    intro=(
        "本报告根据《中华人民共和国政府信息公开条例》和上级有关要求，由石桥镇人民政府编制。"
        "报告所列数据统计期限自2023年1月1日起至2023年12月31日止。"
    ),
    sections={
        "一、总体情况": [
            "2023年，石桥镇坚持把政务公开作为建设法治政府的重要抓手，围绕乡村振兴、民生保障等重点"
            "工作，通过镇政务公开专栏、村务公开栏和镇政府网站公开政府信息412条。",
            "全年收到政府信息公开申请5件，均在法定期限内答复，未发生因政府信息公开引起的行政复议和"
            "行政诉讼。",
        ],
        "五、存在的主要问题及改进情况": [
            "主要问题是公开内容不够全面，更新不够及时。下一步将健全信息发布审核机制，及时公开群众"
            "关心的惠民政策和资金信息。",
        ],
        "六、其他需要报告的事项": ["本年度未收取信息处理费。"],
    },
    proactive={
        "规章": (0, 0, 0),
        "行政规范性文件": (0, 0, 0),
        "行政许可": (36,),
        "行政处罚": (4,),
        "行政强制": (0,),
        "行政事业性收费": (0,),
    },
    results=result_rows(
        True,
        **{
            "（一）予以公开": [3, 0, 0, 0, 0, 0],
            f"{CANNOT}/1.本机关不掌握相关政府信息": [1, 0, 0, 0, 0, 0],
            f"{NOT_HANDLED}/1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0],
        },
    ),
    carried_over=[0, 0, 0, 0, 0, 0],
    carried_forward=[0, 0, 0, 0, 0, 0],
    review=(0,) * 15,
)

# --- filling the template -------------------------------------------------------------------------

BODY_SIZE = Pt(16)  # 仿宋_GB2312 三号, as portals' staff type the prose
VERTICAL_COLUMN_TWIPS = 400  # one character per line for 三、本年度办理结果, as in real reports


def fill_template(report: Report) -> Document:
    document = docx.Document(str(TEMPLATE))
    paragraphs = document.paragraphs
    title = next(p for p in paragraphs if p.text == "政府信息公开工作年度报告格式模板")
    _set_text(title, report.agency)
    year_line = _insert_after(title, f"{report.year}年政府信息公开工作年度报告")
    intro = _insert_after(year_line, report.intro, like=_body_paragraph(document))
    _body_style(intro)
    for heading, texts in report.sections.items():
        head = next(p for p in document.paragraphs if p.text == heading)
        placeholder = _next_paragraph(head)
        _set_text(placeholder, texts[0])
        _body_style(placeholder)
        last = placeholder
        for text in texts[1:]:
            last = _insert_after(last, text)
            _body_style(last)
    last_text = [p for p in document.paragraphs if p.text.strip()][-1]
    office = _insert_after(last_text, report.office)
    signed = _insert_after(office, report.signed)
    for paragraph in (office, signed):
        _body_style(paragraph)
        paragraph.paragraph_format.first_line_indent = None
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for paragraph in document.paragraphs:
        if not paragraph.text.strip():  # the template's blank lines would push tables to new pages
            paragraph._p.getparent().remove(paragraph._p)
    proactive, requests, review = document.tables
    _fill_proactive(proactive, report)
    _fill_requests(requests, report)
    _fill_review(review, report)
    _narrow_first_column(requests)
    _page_furniture(document, report)
    core = document.core_properties
    core.title, core.author = report.title, "政务公开办"
    return document


def _set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _insert_after(paragraph, text: str, like=None):
    element = copy.deepcopy((like or paragraph)._p)
    paragraph._p.addnext(element)
    new = Paragraph(element, paragraph._parent)
    _set_text(new, text)
    return new


def _next_paragraph(paragraph):
    element = paragraph._p.getnext()
    return Paragraph(element, paragraph._parent)


def _body_paragraph(document):
    return next(p for p in document.paragraphs if p.text == "（文字描述）")


def _body_style(paragraph) -> None:
    paragraph.paragraph_format.line_spacing = Pt(28)
    # LibreOffice 7.4 drops a comma that ends a justified line from its PDF export (the glyph
    # is missing from the file): the prose is set flush left, as many offices type it anyway.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.first_line_indent = Pt(32)
    for run in paragraph.runs:
        run.font.size = BODY_SIZE
        run.font.bold = False
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")


def _distinct_cells(row) -> list:
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _write(cell, value: object) -> None:
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph.text = str(value)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(10)


def _fill_proactive(table, report: Report) -> None:
    for row in table.rows:
        cells = _distinct_cells(row)
        values = report.proactive.get(cells[0].text.strip())
        if values is not None:
            for cell, value in zip(cells[1:], values, strict=True):
                _write(cell, value)


def _fill_requests(table, report: Report) -> None:
    numbers = report.requests()
    layout = request_layout(True)
    for row, parts in zip(table.rows[3:], layout, strict=True):
        values = numbers["/".join(parts)]
        for cell, value in zip(_distinct_cells(row)[-7:], values, strict=True):
            _write(cell, value)


def _fill_review(table, report: Report) -> None:
    for cell, value in zip(_distinct_cells(table.rows[3]), report.review, strict=True):
        _write(cell, value)


def _narrow_first_column(table) -> None:
    """Give 三、本年度办理结果 a column one character wide, the rest to the item labels."""
    grid = table._tbl.tblGrid
    columns = grid.findall(qn("w:gridCol"))
    freed = int(columns[0].get(qn("w:w"))) - VERTICAL_COLUMN_TWIPS
    columns[0].set(qn("w:w"), str(VERTICAL_COLUMN_TWIPS))
    columns[2].set(qn("w:w"), str(int(columns[2].get(qn("w:w"))) + freed))
    widths = [int(c.get(qn("w:w"))) for c in columns]
    for tr in table._tbl.tr_lst:
        position = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(sum(widths[position:][:span])))
            position += span


def _page_furniture(document, report: Report) -> None:
    """A running header and a page-number footer 「- 3 -」, as the printed report has."""
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = report.title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        run = footer.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    end = footer.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    footer.add_run(" -")
    for run in footer.runs:
        run.font.size = Pt(14)


# --- exports --------------------------------------------------------------------------------------


def soffice_convert(source: Path, target_filter: str, workdir: Path) -> Path:
    """One LibreOffice export, with a profile of its own so parallel runs do not collide."""
    profile = workdir / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
         target_filter, "--outdir", str(workdir / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    extension = target_filter.split(":", 1)[0]
    return workdir / "out" / f"{source.stem}.{extension}"


def scanned_pdf(pdf: bytes, pages: int = 2) -> bytes:
    """The first pages rasterised at 60 dpi and saved as an image-only PDF (a scanner's output)."""
    document = pdfium.PdfDocument(pdf)
    images = [
        document[i].render(scale=60 / 72, grayscale=True).to_pil().convert("L")
        for i in range(min(pages, len(document)))
    ]
    out = io.BytesIO()
    images[0].save(
        out, format="PDF", save_all=True, append_images=images[1:], resolution=60, quality=60
    )
    return out.getvalue()


# --- OFD ------------------------------------------------------------------------------------------

MM_PER_PT = 25.4 / 72
OFD_NS = "http://www.ofdspec.org/2016"


def _mm(value: float) -> str:
    return f"{value * MM_PER_PT:.3f}".rstrip("0").rstrip(".")


def _pdf_page_runs(page) -> tuple[list[dict], list[tuple[float, float, float, float]]]:
    """Glyph runs (text, x positions, baseline, size) and ruling lines of one PDF page, top-down."""
    height = page.get_height()
    textpage = page.get_textpage()
    runs: list[dict] = []
    for i in range(textpage.count_chars()):
        if pdfium_raw.FPDFText_IsGenerated(textpage, i):
            continue
        char = textpage.get_text_range(i, 1)
        if not char.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        pdfium_raw.FPDFText_GetCharOrigin(textpage, i, origin_x, origin_y)
        baseline = height - origin_y.value
        size = top - bottom
        last = runs[-1] if runs else None
        if (
            last is not None
            and abs(last["baseline"] - baseline) < 0.5
            and abs(last["size"] - size) < 0.5  # a run is one font at one size
            and 0 <= left - last["right"] < size * 0.6
        ):
            last["text"] += char
            last["xs"].append(left)
            last["right"] = right
        else:
            runs.append(
                {"text": char, "xs": [left], "right": right, "baseline": baseline, "size": size}
            )
    lines = []
    for obj in page.get_objects(max_depth=3):
        if obj.type != pdfium_raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if min(right - left, top - bottom) < 2.5:
            lines.append((left, height - top, right, height - bottom))
    return runs, lines


def _ofd_content(runs: list[dict], lines, first_id: int) -> tuple[str, int]:
    objects, next_id = [], first_id
    for run in runs:
        x0, size = run["xs"][0], run["size"]
        box_top = run["baseline"] - size
        deltas = " ".join(_mm(b - a) for a, b in zip(run["xs"], run["xs"][1:], strict=False))
        delta = f' DeltaX="{deltas}"' if deltas else ""
        objects.append(
            f'<ofd:TextObject ID="{next_id}" Boundary="{_mm(x0)} {_mm(box_top)} '
            f'{_mm(run["right"] - x0)} {_mm(size * 1.2)}" Font="2" Size="{_mm(size * 0.88)}">'
            f'<ofd:TextCode X="0" Y="{_mm(size)}"{delta}>{escape(run["text"])}</ofd:TextCode>'
            "</ofd:TextObject>"
        )
        next_id += 1
    for left, top, right, bottom in lines:
        width, height = right - left, bottom - top
        if width >= height:
            path = f"M 0 {_mm(height / 2)} L {_mm(width)} {_mm(height / 2)}"
        else:
            path = f"M {_mm(width / 2)} 0 L {_mm(width / 2)} {_mm(height)}"
        objects.append(
            f'<ofd:PathObject ID="{next_id}" Boundary="{_mm(left)} {_mm(top)} {_mm(width)} '
            f'{_mm(height)}" LineWidth="0.17"><ofd:AbbreviatedData>{path}</ofd:AbbreviatedData>'
            "</ofd:PathObject>"
        )
        next_id += 1
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
        f'<ofd:Layer ID="{next_id}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )
    return content, next_id + 1


def ofd_from_pdf(pdf: bytes, report: Report) -> bytes:
    """An OFD package with the PDF's text as TextObject/TextCode and its rules as PathObjects."""
    document = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    next_id = 10
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        page_refs = []
        for index in range(len(document)):
            page = document[index]
            runs, lines = _pdf_page_runs(page)
            content, next_id = _ofd_content(runs, lines, next_id + 1)
            page_refs.append(f'<ofd:Page ID="{next_id}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
            next_id += 1
            package.writestr(f"Doc_0/Pages/Page_{index}/Content.xml", content)
        package.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" '
            'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6a1f3c0e2b5d4e7f8a9b0c1d2e3f4a5b'
            f"</ofd:DocID><ofd:Title>{escape(report.title)}</ofd:Title><ofd:Author>政务公开办"
            "</ofd:Author><ofd:CreationDate>2025-01-20</ofd:CreationDate><ofd:Creator>"
            "SuwellOFD</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        package.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{OFD_NS}">'
            f"<ofd:CommonData><ofd:MaxUnitID>{next_id}</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>",
        )
        package.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res">'
            '<ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
    return out.getvalue()


# --- all fixtures ---------------------------------------------------------------------------------


def truth(report: Report, kinds: Sequence[str]) -> dict:
    return {
        "title": report.title,
        "agency": report.agency,
        "year": report.year,
        "files": {kind: f"{report.name}.{kind}" for kind in kinds},
        "paragraphs": report.paragraphs(),
        "cells": report.gold(),
    }


def build(target: Path = FIXTURES) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        county_docx = work / f"{COUNTY.name}.docx"
        fill_template(COUNTY).save(str(county_docx))
        shutil.copy(county_docx, target / county_docx.name)
        pdf = soffice_convert(county_docx, "pdf:writer_pdf_Export", work)
        shutil.copy(pdf, target / pdf.name)
        doc = soffice_convert(county_docx, "doc:MS Word 97", work)
        shutil.copy(doc, target / doc.name)
        pdf_bytes = pdf.read_bytes()
        (target / f"{COUNTY.name}.ofd").write_bytes(ofd_from_pdf(pdf_bytes, COUNTY))
        (target / f"{COUNTY.name}_scanned.pdf").write_bytes(scanned_pdf(pdf_bytes))
        kinds = ("docx", "pdf", "doc", "ofd")
        _write_truth(target / f"{COUNTY.name}.truth.json", truth(COUNTY, kinds))

        town_docx = work / f"{TOWN.name}.docx"
        fill_template(TOWN).save(str(town_docx))
        town_doc = soffice_convert(town_docx, "doc:MS Word 97", work)
        shutil.copy(town_doc, target / f"{TOWN.name}.wps")  # what WPS Office writes as .wps
        _write_truth(target / f"{TOWN.name}.truth.json", truth(TOWN, ("wps",)))


def _write_truth(path: Path, data: dict) -> None:
    """JSON with one cell and one paragraph a line: small, and diffs read well."""
    lines = [json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False)
             for k, v in data.items() if k not in ("paragraphs", "cells")]  # fmt: skip
    for key in ("paragraphs", "cells"):
        items = ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in data[key])
        lines.append(f'"{key}": [\n  {items}\n]')
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    build()
