"""One held-out report: what it is (title, body, year, form, tables), its HTML body in a CMS's
dress, and its ground-truth entry. Pages and documents are built from the same spec."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from tests.holdout3_sites.figures import TableSet, build_tables
from tests.holdout3_sites.prose import Block, Voice, form_report, phrases, stats_report, text_report
from tests.holdout3_sites.table_markup import render, requests_grid, table_html

TEMPLATE = {"2021": "2019", "2019": "2019", "2008": "2008", "text": "other"}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class ReportSpec:
    """A report as its author wrote it."""

    key: str  # seeds its numbers and wording
    title: str
    agency: str  # the body whose report it is, in full
    region: str
    year: int
    published: date
    form: str  # "2021", "2019", "2008" or "text"
    voice: Voice
    dress: str = "plain"
    publisher: str | None = None  # the posting office as the page writes it
    scale: int = 1
    blank_zeros: bool = False
    signature: str | None = None  # the name line under the text; None: no signature
    numbered_2008: bool = False  # the 统计表 has a 序号 column
    # (table, row, col) -> printed value: a corrected number (the second version of the world)
    corrections: dict[tuple[str, str, str], str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @cached_property
    def tables(self) -> TableSet:
        tables = build_tables(self.form, self.key, scale=self.scale, blank_zeros=self.blank_zeros)
        for (table, row, col), value in self.corrections.items():
            _correct(tables, table, row, col, value)
        return tables

    @cached_property
    def blocks(self) -> list[Block]:
        # The prose is written from the first version's numbers: a later correction of one cell
        # changes the table only, as real corrections do.
        original = build_tables(self.form, self.key, scale=self.scale, blank_zeros=self.blank_zeros)
        if self.form in ("2019", "2021"):
            return form_report(self.voice, self.year, original, self.key)
        if self.form == "2008":
            return stats_report(self.voice, self.year, original, self.key)
        return text_report(self.voice, self.year, self.key)

    @property
    def template(self) -> str:
        return TEMPLATE[self.form]

    def split(self, cuts: list[str]) -> list[list[Block]]:
        """The blocks cut into article pages before each block whose text is in ``cuts``;
        ``"requests:<label>"`` cuts table 三 before that row, so the page break falls inside the
        table and the next page goes on with its remaining rows."""
        labels = [r.labels[-1] for r in self.tables.requests]
        inside = next((c.split(":", 1)[1] for c in cuts if c.startswith("requests:")), None)
        pages: list[list[Block]] = [[]]
        for kind, text in self.blocks:
            if kind == "table" and text == "requests" and inside:
                before = labels[labels.index(inside) - 1]
                pages[-1].append(("table", f"requests::{before}"))
                pages.append([("table", f"requests:{inside}:")])
                continue
            if text in cuts:
                pages.append([])
            pages[-1].append((kind, text))
        return pages

    def body_html(
        self,
        blocks: list[Block] | None = None,
        *,
        heading_tag: str = "p",
        signed: bool | None = None,
    ) -> str:
        """The report's text and tables as a CMS editor stores them (``blocks``: one page of a
        split article; the signature goes on the last)."""
        out = []
        for kind, text in self.blocks if blocks is None else blocks:
            if kind == "p":
                out.append(f'<p style="text-indent:2em;">{html.escape(text)}</p>')
            elif kind == "h":
                if heading_tag == "p":
                    out.append(
                        f'<p style="text-indent:2em;"><strong>{html.escape(text)}</strong></p>'
                    )
                else:
                    out.append(f"<{heading_tag}>{html.escape(text)}</{heading_tag}>")
            elif kind == "table":
                out.append(self.table_markup(text))
        if (blocks is None if signed is None else signed) and self.signature:
            out.append(f'<p style="text-align:right;">{html.escape(self.signature)}</p>')
            out.append(f'<p style="text-align:right;">{chinese_date(self.published)}</p>')
        return "\n".join(out)

    def table_markup(self, which: str) -> str:
        if which.startswith("requests:"):
            # requests:<first>:<last label of the run> — a run of table 三's rows, cut by a page
            _, start, end = which.split(":")
            labels = [r.labels[-1] for r in self.tables.requests]
            first = labels.index(start) if start else 0
            last = labels.index(end) + 1 if end else len(labels)
            rows = self.tables.requests[first:last]
            return render(requests_grid(rows, header=first == 0), self.dress)
        kwargs = {"numbered_column": self.numbered_2008} if which == "stats2008" else {}
        return table_html(self.tables, which, self.dress, **kwargs)

    def truth(
        self,
        url: str,
        portal: str,
        *,
        source_format: str = "html",
        pages: list[str] | None = None,
        attachments: list[str] | None = None,
    ) -> dict:
        """The report's entry in expected.json."""
        return {
            "url": url,
            "portal": portal,
            "title": self.title,
            "agency": self.agency,
            "publisher": self.publisher,
            "region": self.region,
            "year": self.year,
            "published": self.published.isoformat(),
            "template": self.template,
            "source_format": source_format,
            "pages": pages or [],
            "attachments": attachments or [],
            "phrases": phrases(self.blocks),
            "tables": [c.as_dict() for c in self.tables.cells()],
            "notes": list(self.notes),
        }


def _correct(tables: TableSet, table: str, row: str, col: str, value: str) -> None:
    if table != "proactive":
        raise ValueError(f"corrections of {table} are not modelled")
    heading, label = row.split("/")
    block = next(b for b in tables.proactive if b.heading == heading)
    line = next(r for r in block.rows if r.labels[-1] == label)
    line.values[block.columns.index(col)] = value
