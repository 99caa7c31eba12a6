"""Clean text of a report body: paragraphs, tables as tab-separated rows, numbered sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

from pipelines.page.blocks import Block, blocks_to_text
from pipelines.page.page import Page
from pipelines.page.strings import chinese_numeral, is_traditional, to_simplified

# --- sections ---------------------------------------------------------------------------------


class Section(TypedDict):
    heading: str
    text: str


_SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*\S")
_HEADING_END = re.compile(r"[。：:；！？]")


def _split_heading(paragraph: str) -> tuple[str, str]:
    end = _HEADING_END.search(paragraph)
    if end is None or (len(paragraph) <= 60 and end.end() == len(paragraph)):
        return paragraph.rstrip("。：:；"), ""
    if end.start() > 80:
        return paragraph, ""
    return paragraph[: end.start()], paragraph[end.end() :].strip()


def find_sections(blocks: list[Block]) -> list[Section]:
    """Top-level numbered parts 一、二、… in sequence; （一） items and table rows stay inside."""
    sections: list[Section] = []
    parts: list[str] = []
    expected = 1
    for block in blocks:
        match = _SECTION_HEADING.match(block.text) if block.kind == "p" else None
        number = chinese_numeral(match.group(1)) if match else None
        if number == expected:
            if sections:
                sections[-1]["text"] = "\n\n".join(parts)
            heading, rest = _split_heading(block.text)
            sections.append(Section(heading=heading, text=""))
            parts = [rest] if rest else []
            expected += 1
        elif sections:
            parts.append(block.text)
    if sections:
        sections[-1]["text"] = "\n\n".join(parts)
    return sections


# --- the report text --------------------------------------------------------------------------


@dataclass
class ReportText:
    """The clean text of one report page."""

    text: str
    text_simplified: str | None  # only for Traditional pages; `text` keeps the original script
    sections: list[Section]
    flags: list[str] = field(default_factory=list)  # spam_injected, pinyin_glosses, traditional
    warnings: list[str] = field(default_factory=list)
    container: str = ""  # where the body was found, e.g. "div.TRS_Editor" or "density"


def report_text_from_blocks(
    blocks: list[Block], flags: list[str] | None = None, warnings: list[str] | None = None
) -> ReportText:
    """Text, sections and script of a cleaned body's blocks."""
    flags = list(flags or [])
    warnings = list(warnings or [])
    text = blocks_to_text(blocks)
    simplified = None
    if is_traditional(text):
        flags.append("traditional")
        simplified = to_simplified(text)
    sections = find_sections(blocks)
    if not text:
        warnings.append("empty_text")
    elif not sections:
        warnings.append("no_numbered_sections")
    return ReportText(text, simplified, sections, flags, warnings)


def report_text_from_page(page: Page) -> ReportText:
    """The report text of a parsed page: its body's blocks, with what cleaning found."""
    body = page.body
    report = report_text_from_blocks(page.body_blocks, body.flags, body.warnings)
    report.container = body.container
    return report


def extract_report_text(html: str) -> ReportText:
    """Whole page in, report text out: clean text, sections, script and flags."""
    return report_text_from_page(Page(html))
