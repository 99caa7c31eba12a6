"""The long fuzz run (``make fuzz``): thousands of mutated pages, list answers, documents and WARC
files through every pure core, each case in a child process under a time cap; writes docs/fuzz.md.

    python -m bench.fuzz                        # 10,400 cases, seed 2026, summary to docs/fuzz.md
    python -m bench.fuzz --scale 0.1 --seed 7 --targets warc,encoding --output /tmp/fuzz.md
    python -m bench.fuzz --replay output/fuzz/report_page-1a2b3c4d5e6f.json
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from tests.fuzz_harness import FuzzFailure, TargetStats, fuzz_run, replay
from tests.fuzz_mutators import LONG
from tests.fuzz_targets import TARGETS

# Cases Hypothesis draws per target in a full run (13,100 in all; a case drawn twice runs once,
# so somewhat fewer distinct inputs run): the fast cores get more.
CASES = {
    "encoding": 2500,
    "report_page": 2000,
    "spider_page": 2000,
    "tables": 1000,
    "table_checks": 1200,
    "list_answer": 1800,
    "list_page": 900,
    "document": 500,
    "warc": 1200,
}

# What fuzzing found, and where it was fixed: kept here so every run's summary lists it. Each
# has its minimal reproducer as a test in tests/test_fuzz_*.py.
FOUND_AND_FIXED: list[tuple[str, str, str]] = [
    (
        "`pipelines/tables/grid.py` `_walk`",
        "recursive visit: a page with tables nested ~1,000 deep (the page parser keeps 2,048 "
        "levels) raised RecursionError and the report lost all its fields",
        "depth-first with an explicit stack (same text and tables on all 369 seed pages)",
    ),
    (
        "`pipelines/tables/checks.py` `_check_requests`",
        "a requests row outside the vocabulary: `sorted(key=dict.get)` compared None with int, "
        "TypeError",
        "unknown rows sort after the official ones, by name",
    ),
    (
        "`pipelines/tables/cells.py` `parse_value`",
        "a cell of over 4,300 digits: int() raised ValueError; over 18 digits overflowed the "
        "int64 Parquet column (ArrowInvalid when the crawl ends) and the checks' floats",
        "more than 18 digits is no value",
    ),
    (
        "`pipelines/tables/grid.py` `_span`",
        "a rowspan/colspan of thousands of digits: ValueError",
        "ten or more significant digits count as the span limit",
    ),
    (
        "`pipelines/page/tree.py` `parse_page`",
        "control characters as references (`&#11;`, Word's line break) or U+FFFE/U+FFFF were "
        "decoded into the tree; cleaning then set text holding them and lxml raised ValueError",
        "dropped before parsing, with the raw control characters",
    ),
    (
        "`pipelines/page/hidden_content.py` `remove_visible_spam`",
        "hang: every level of a deep page holding a spam term read its whole subtree's text "
        "again (a 1 MB page 2,000 levels deep: 126 s)",
        "the tree's text, each element's place in it and the spam terms in it found once "
        "(`_TreeText`): 0.12 s; same result on all 372 seed pages",
    ),
    (
        "`pipelines/page/hidden_content.py` `remove_hidden`",
        "hang: hidden wrappers nested 2,000 deep (kept: they hold the page) each read their "
        "whole subtree's text and links again (87 s for 1 MB)",
        "the same `_TreeText`, links to spam hosts found once: 0.18 s",
    ),
    (
        "`spiders/discovery.py` `extract_links`, `spiders/render.py`, "
        "`spiders/list_api_answers.py`, `spiders/list_api_scripts.py`",
        "an attribute named like `{{if`: parsel's `.attrib` raised ValueError (lxml reads it as "
        "{namespace}name); the spider callback failed and the page's links were lost",
        "attributes read with lxml's `get()` / `items()`",
    ),
    (
        "`spiders/discovery.py` pagers, `spiders/article_pages.py`",
        "page numbers in superscript digits (`isdigit()` but not `int()`) or of thousands of "
        "digits: ValueError",
        "`page_number()`: decimal digits; past 18 digits it is 10**18",
    ),
    (
        "`spiders/list_api_answers.py` `_load_json`, `list_total`, `hanweb_islands`",
        "JSON nested past the recursion limit: RecursionError; totals `²` or of thousands of "
        "digits: ValueError; a JSON total of 310 digits: OverflowError in the paging",
        "RecursionError is no JSON; a total is at most 18 decimal digits",
    ),
    (
        "`spiders/list_apis.py` `list_api_call_from_request`, `_jpaas_calls`, `_number`; "
        "`spiders/list_api_scripts.py` `script_count`",
        "`paramJson` nested past the recursion limit: RecursionError; paging numbers `²` or of "
        "thousands of digits: ValueError",
        "the same rules",
    ),
    (
        "`spiders/list_apis.py` `_jpaas_calls`",
        "hang: `[^\"'\\s()<>]*/front/page/build/unit` backtracked quadratically through a long "
        "unbroken run (base64): 18 s on a 380 KB page",
        "find the path, read its address outwards (linear)",
    ),
    (
        "`spiders/list_api_scripts.py` `_PAIR`",
        "hang: the key pattern tried every start inside a long run of letters, each scanning to "
        "the run's end (over 20 s on a 519 KB page)",
        "keys start at a word's start, at most 64 characters: 0.13 s",
    ),
    (
        "`archive/reader.py` `iter_records`, `page_metadata`, `iter_responses`, `read_response_at`",
        "a garbled file raised warcio's ArchiveLoadFailed, zlib errors or AttributeError (no "
        "WARC-Target-URI) out of reparse and wacz; a torn gzip member was read as a short "
        "record that swallowed the rest of the file, silently",
        "reading stops at the first unreadable record with one logged error naming file and "
        "offset; a record cut short (`missing_bytes`) is unreadable",
    ),
    (
        "`archive/check.py` `check_warc`",
        "the same errors escaped `scrapy checkwarc`",
        "reported as problems: unreadable after an offset, record cut short, stray bytes "
        "after a record (wrong Content-Length)",
    ),
]


INTRO = """# Fuzzing: bad input, proven

Every pure core that reads what the network sends is fuzzed with mutations of real-looking input:
the fixture pages, tables and documents, the pages, list answers and documents the demo and
held-out portals serve, and WARC files our own writer wrote. Mutations: truncation at any point,
byte flips, binary garbage, wrong/absent/contradicting charset declarations and BOMs, re-encoding
in GBK/Big5/UTF-16, tables of thousands of rows or columns with absurd spans and numbers, markup
nested up to 10⁵ levels, attributes and text runs of megabytes, long unbroken runs before the
words the readers look for, broken CDATA and XML in Hanweb `<datastore>` answers, broken and
deeply nested JSON/JSONP, lying list totals, truncated or garbled PDF/DOCX/DOC/WPS/OFD (ZIP parts
cut, nested or unbalanced, PDF numbers wrong, OLE sector chains looping), torn gzip members,
lying `Content-Length`, dropped headers and false `Content-Encoding` in WARC files.

The harness is `tests/fuzz_*.py`: Hypothesis draws each case (a seed, up to four mutation steps
with their parameters, a variant: the Content-Type, document kind or list API call that goes
with the bytes) and shrinks a failure towards the smallest case; each case runs in a forked child
under its target's time cap and a memory limit, so a hang or a dying process is caught like an
exception.

- `make test` runs a bounded run: 340 cases, the same every time (`tests/test_fuzz_*.py`,
  derandomized, smaller hostile sizes), and the minimal reproducer of every fix below.
- `make fuzz` runs the long run (`python -m bench.fuzz`) and rewrites this page.
  `--seed N` draws other cases, `--scale F` more or fewer, `--targets a,b` some targets only.
- A failure prints the run's seed, the shrunk case and a reproducer saved under `output/fuzz/`;
  `python -m bench.fuzz --replay output/fuzz/NAME.json` runs it in process, with its traceback.

The contract checked on every case: no exception escapes a core that promises none (the report
pipeline's `report_fields`, the spider's page reading, the encoding decision and Scrapy's
decoding with it, the list API readers, `parse_document`, the WARC readers and `check_warc`);
`read_record_at` raises only `UnreadableRecord`, `decode_content` only `PayloadDecodeError`;
results have their documented shape; no case outlives its target's cap.
"""


# What the harness does not prove, or what it showed and was left alone.
KNOWN_GAPS = [
    "Zip bombs (a DOCX or OFD part inflating to gigabytes) are not fuzzed: python-docx and the "
    "OFD reader read a part whole; `DOCUMENT_MAX_BYTES` bounds only the compressed file.",
    "warcio writes zlib errors and its invalid-Content-Length warning to stderr, not the log; "
    "a damaged file is logged once per pass of the readers (reparse makes up to three).",
    "Big pages stay linear but are not cheap: the longest `report_page` case (megabytes of "
    "unbroken runs and thousand-digit numbers) took the time above and over a gigabyte; "
    "`REPORT_PARSE_TIMEOUT` (60 s) ends the item, not the worker thread. The spider's page "
    "reading runs on the reactor: its longest case held the reactor that long.",
    "`pipelines/documents/page_html.render_page` refuses text holding C0 control characters "
    "(lxml raises, `parse_document` turns the whole document into `document-unreadable`); "
    "mutated documents fail earlier, so fuzzing never reached it: noticed, not fixed.",
    "Documents get the fewest cases (PDFium and antiword are the slowest cores); JavaScript "
    "rendering (Chromium) and the download middlewares are outside this harness.",
]


def run(targets: list[str], scale: float, seed: int) -> tuple[list[TargetStats], float]:
    started = time.monotonic()
    results = []
    for name in targets:
        stats = TargetStats(name)
        cases = max(1, round(CASES[name] * scale))
        print(f"{name}: {cases} cases …", flush=True)
        # a failure's message is kept in stats.failures; the other targets still run
        with contextlib.suppress(FuzzFailure):
            fuzz_run(TARGETS[name], cases, LONG, stats, seed=seed, shrink_seconds=180.0)()
        print(
            f"  {stats.cases} run, {len(stats.failures)} failing, mean {stats.mean * 1000:.1f} ms, "
            f"longest {stats.longest:.2f} s",
            flush=True,
        )
        for failure in stats.failures:
            print(failure, flush=True)
        results.append(stats)
    return results, time.monotonic() - started


def summary(results: list[TargetStats], seconds: float, seed: int, scale: float) -> str:
    total = sum(s.cases for s in results)
    failing = [s for s in results if s.failures]
    lines = [
        INTRO,
        f"## Last run: {total:,} cases, {len(failing)} targets failing",
        "",
        f"{datetime.now(UTC):%Y-%m-%d}, seed {seed}, scale {scale:g}, {seconds / 60:.1f} min wall "
        f"time on {platform.machine()} ({os.cpu_count()} cores, shared), Python "
        f"{platform.python_version()}, lxml {version('lxml')}, hypothesis {version('hypothesis')}.",
        "Time per case is the check alone in the child (fork and input building excluded).",
        "",
        "| target | what it runs | cases | failing | mean ms | median ms | longest s | cap s "
        "| max RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for stats in results:
        target = TARGETS[stats.target]
        lines.append(
            f"| `{stats.target}` | {target.what} | {stats.cases:,} | {len(stats.failures)} | "
            f"{stats.mean * 1000:.1f} | {stats.median * 1000:.1f} | {stats.longest:.2f} | "
            f"{target.cap:g} | {stats.max_rss_kb / 1024:.0f} |"
        )
    lines += ["", "Longest case of each target:", ""]
    lines += [f"- `{s.target}` ({s.longest:.2f} s): `{s.longest_case}`" for s in results]
    if failing:
        lines += ["", "## Failing now", ""]
        for stats in failing:
            lines += ["```", stats.failures[0].strip()[:3000], "```", ""]
    lines += ["", "## Found by fuzzing and fixed", ""]
    lines += ["| where | cause | fix |", "|---|---|---|"]
    lines += [f"| {where} | {cause} | {fix} |" for where, cause, fix in FOUND_AND_FIXED]
    lines += ["", "## Known gaps", ""]
    lines += [f"- {gap}" for gap in KNOWN_GAPS]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026, help="Hypothesis seed of the run")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full case count")
    parser.add_argument("--targets", default=",".join(CASES), help="comma-separated targets")
    parser.add_argument("--output", type=Path, default=Path("docs/fuzz.md"))
    parser.add_argument("--replay", type=Path, help="run one saved failing case in process")
    args = parser.parse_args(argv)
    if args.replay:
        replay(args.replay)
        print("no failure: the case passes now")
        return 0
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(CASES)
    if unknown:
        parser.error(f"unknown targets {sorted(unknown)}; known: {', '.join(CASES)}")
    results, seconds = run(targets, args.scale, args.seed)
    args.output.write_text(summary(results, seconds, args.seed, args.scale), encoding="utf-8")
    print(f"{sum(s.cases for s in results):,} cases in {seconds:.0f} s; summary: {args.output}")
    return 1 if any(s.failures for s in results) else 0


if __name__ == "__main__":
    sys.exit(main())
