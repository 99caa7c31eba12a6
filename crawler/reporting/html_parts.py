"""Small pieces of the report page: its style and security policy, the options it is built with,
and HTML helpers (escaped text, tables, numbers, durations) the sections share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

CJK_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif'
)
STYLE = f"""
:root {{ --cjk: {CJK_STACK}; --bad: #b2182b; --good: #1b7837; --rule: #d9d9d9; }}
* {{ box-sizing: border-box; }}
body {{ font-family: var(--cjk); color: #111; background: #fff; line-height: 1.45;
  margin: 0 auto; max-width: 1100px; padding: 1rem; }}
h1 {{ font-size: 1.6rem; margin: .2rem 0; }}
h2 {{ font-size: 1.25rem; border-bottom: 2px solid #111; padding-bottom: .15rem;
  margin-top: 2rem; }}
h3 {{ font-size: 1.05rem; margin: 1.2rem 0 .3rem; }}
nav a {{ margin-right: .8rem; }}
a {{ color: #0b4f8a; }}
.meta {{ color: #444; font-size: .9rem; }}
.tiles {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .5rem;
  margin: 1rem 0; }}
.tile {{ border: 1px solid var(--rule); border-radius: 4px; padding: .4rem .6rem; }}
.tile b {{ display: block; font-size: 1.4rem; }}
.scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; font-size: .88rem; margin: .4rem 0; }}
th, td {{ border-bottom: 1px solid var(--rule); padding: .25rem .45rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f5f5f5; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.bad {{ color: var(--bad); font-weight: 600; }}
.good {{ color: var(--good); }}
code {{ font-size: .8rem; word-break: break-all; }}
svg.chart {{ width: 100%; height: auto; display: block; margin: .5rem 0; }}
svg.chart text {{ font-family: var(--cjk) !important; }}
.legend span {{ display: inline-block; margin: 0 .8rem .3rem 0; font-size: .85rem; }}
.legend i {{ display: inline-block; width: 1.6em; text-align: center; font-style: normal;
  margin-right: .3em; border: 1px solid var(--rule); }}
@media (max-width: 640px) {{
  body {{ padding: .5rem; }} table {{ font-size: .78rem; }} h1 {{ font-size: 1.3rem; }}
}}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 10pt; }} nav {{ display: none; }}
  .scroll {{ overflow: visible; }} a {{ color: inherit; text-decoration: none; }}
  tr, svg.chart, .tile {{ break-inside: avoid; }} h2, h3 {{ break-after: avoid; }}
  th {{ background: none; }}
}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class PageOptions:
    """Where the page lives (links into the archive are relative to it) and the replay bases."""

    page_dir: Path
    pywb_url: str = ""
    replayweb_url: str = ""
    max_chart_portals: int = 1000


def html_text(value: object) -> str:
    """``value`` as HTML text, escaped; None as nothing."""
    return escape("" if value is None else str(value))


def html_table(
    head: Iterable[str], rows: Iterable[str], numeric: frozenset[int] = frozenset()
) -> str:
    """A table of ``rows`` (``<tr>`` markup) that scrolls sideways inside its box on a phone;
    the columns numbered in ``numeric`` are right-aligned."""
    cells = "".join(
        f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(rows)
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def number_cell(value: object, bad: bool = False) -> str:
    """A right-aligned cell, red when ``bad``; None shows as a dash."""
    shown = "–" if value is None else html_text(value)
    return f'<td class="n{" bad" if bad else ""}">{shown}</td>'


def seconds_text(value: float | None) -> str:
    """``3.6 s``, ``49 s``, ``12 min``, ``6.0 h``."""
    if value is None:
        return "–"
    value = float(value)
    if value < 120:
        return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"


def counts_text(counts: dict[str, int]) -> str:
    """``HTTP 404 ×2, DownloadTimeoutError ×1``."""
    return ", ".join(f"{html_text(kind)} ×{n}" for kind, n in counts.items()) or "–"


def two_decimals(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"
