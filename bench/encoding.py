"""Benchmark of encoding detection on the labelled corpus (tests/encoding_corpus.py): accuracy and
µs/page of detect_encoding against Scrapy's default, w3lib, chardet and charset-normalizer.
Run `python -m bench.encoding`; it prints Markdown tables for docs/encoding.md."""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from importlib.metadata import version

import chardet
from charset_normalizer import from_bytes
from scrapy.http import HtmlResponse
from w3lib.encoding import html_to_unicode, to_unicode

from crawler.encoding import (
    DETECTOR_ENCODINGS,
    detect_encoding,
    detector_sample,
    normalise_charset_label,
)
from tests.encoding_corpus import (
    LENGTHS,
    VARIANTS,
    EncodingCase,
    build_corpus,
    decoded_correctly,
    variant_prose,
)

URL = "http://www.example.gov.cn/zwgk/ndbg/t1.html"
Decoder = Callable[[EncodingCase], str]


def ours(case: EncodingCase) -> str:
    return to_unicode(case.body, detect_encoding(case.body, case.header_charset).encoding)


def scrapy_default(case: EncodingCase) -> str:
    headers = {"Content-Type": case.content_type}
    return HtmlResponse(URL, body=case.body, headers=headers).text


def w3lib_html_to_unicode(case: EncodingCase) -> str:
    return html_to_unicode(case.content_type, case.body)[1]


def w3lib_with_chardet(case: EncodingCase) -> str:
    def sniff(body: bytes) -> str | None:
        return chardet.detect(body)["encoding"]

    return html_to_unicode(case.content_type, case.body, auto_detect_fun=sniff)[1]


def chardet_detect(case: EncodingCase) -> str:
    return to_unicode(case.body, chardet.detect(case.body)["encoding"] or "utf-8")


def charset_normalizer_best(case: EncodingCase) -> str:
    best = from_bytes(case.body).best()
    return str(best) if best is not None else case.body.decode("utf-8", "replace")


METHODS: dict[str, Decoder] = {
    "nianbao `detect_encoding`": ours,
    "Scrapy 2.19 default (`HtmlResponse.text`)": scrapy_default,
    "w3lib `html_to_unicode`": w3lib_html_to_unicode,
    "w3lib `html_to_unicode` + chardet": w3lib_with_chardet,
    "chardet 7 `detect` (whole page)": chardet_detect,
    "charset-normalizer `from_bytes().best()`": charset_normalizer_best,
}

# The detector alone, on the sample detect_encoding gives it, for the pages that reach it.
DETECTORS: dict[str, Callable[[bytes], str | None]] = {
    "chardet, our 4 encodings": lambda sample: chardet.detect(
        sample, include_encodings=DETECTOR_ENCODINGS, compat_names=False
    )["encoding"],
    "chardet, modern-web era": lambda sample: chardet.detect(
        sample, encoding_era=chardet.EncodingEra.MODERN_WEB, compat_names=False
    )["encoding"],
    "chardet, all encodings": lambda sample: chardet.detect(sample, compat_names=False)["encoding"],
    "charset-normalizer": lambda sample: getattr(from_bytes(sample).best(), "encoding", None),
}


def _timed(function: Callable[[], object], repeat: int) -> tuple[object, float]:
    """The result and the best of `repeat` wall times in µs."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter_ns()
        result = function()
        best = min(best, (time.perf_counter_ns() - start) / 1000)
    return result, best


def _percent(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):.1f} %" if hits else "-"


def method_table(cases: tuple[EncodingCase, ...], repeat: int) -> str:
    head = ["method", "all", *(f"{n} chars" for n in LENGTHS), "µs/page (median)"]
    rows = [head, ["---"] * len(head)]
    for name, decode in METHODS.items():
        decode(cases[0])  # load models and caches outside the timing
        hits: dict[int, list[bool]] = {n: [] for n in LENGTHS}
        times = []
        for case in cases:
            text, micros = _timed(partial(decode, case), repeat)
            hits[case.length].append(decoded_correctly(case, str(text)))
            times.append(micros)
        every = [hit for by_length in hits.values() for hit in by_length]
        row = [name, _percent(every), *(_percent(hits[n]) for n in LENGTHS)]
        rows.append([*row, f"{statistics.median(times):.0f}"])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def _snippets(length: int, per_variant: int = 60) -> list[tuple[bytes, str]]:
    """Short runs of report text, encoded as each variant's pages are, with their family."""
    chooser = random.Random(length)
    out = []
    for variant in VARIANTS:
        prose = variant_prose(variant.name)
        for _ in range(per_variant):
            start = chooser.randrange(len(prose) - length)
            out.append((prose[start : start + length].encode(variant.codec), variant.family))
    return out


def detector_table(cases: tuple[EncodingCase, ...], repeat: int) -> str:
    """The detector alone: on the samples of the corpus pages that consult it, and on snippets
    of 10 and 30 characters, where detectors part ways."""
    reaching = [case for case in cases if detect_encoding(case.body, case.header_charset).detected]
    inputs = {
        f"{len(reaching)} corpus pages": [
            (detector_sample(case.body), case.true_encoding) for case in reaching
        ],
        "10-char snippets": _snippets(10),
        "30-char snippets": _snippets(30),
    }
    head = ["detector", *inputs, "µs/page sample (median)"]
    rows = [head, ["---"] * len(head)]
    for name, detect in DETECTORS.items():
        detect(b"warm up \xd6\xd0\xce\xc4")
        row = [name]
        for label, samples in inputs.items():
            hits, times = [], []
            for sample, family in samples:
                verdict, micros = _timed(partial(detect, sample), repeat)
                hits.append(normalise_charset_label(str(verdict)) == family if verdict else False)
                times.append(micros)
            row.append(_percent(hits))
            if label.endswith("pages"):
                page_micros = statistics.median(times)
        rows.append([*row, f"{page_micros:.0f}"])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def large_page_table(cases: tuple[EncodingCase, ...], repeat: int) -> str:
    """µs for one ~1 MB GBK page under a lying ISO-8859-1 header."""
    base = next(c for c in cases if c.variant == "gbk" and c.length == 3000)
    body = base.body.replace(b"</body>", base.true_text.encode("gbk") * 110 + b"</body>")
    case = dataclasses.replace(base, name="large", body=body, header_charset="ISO-8859-1")
    rows = [[f"method on one {len(body) / 1e6:.1f} MB GBK page, ISO-8859-1 header", "ms"]]
    rows.append(["---", "---"])
    for name, decode in METHODS.items():
        _, micros = _timed(partial(decode, case), repeat)
        rows.append([name, f"{micros / 1000:.1f}"])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per page (best kept)")
    args = parser.parse_args()
    cases = build_corpus()
    libraries = ", ".join(
        f"{name} {version(name)}" for name in ("scrapy", "w3lib", "chardet", "charset-normalizer")
    )
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print(f"Corpus: {len(cases)} pages. Machine: {machine}; {libraries}.\n")
    print(method_table(cases, args.repeat), end="\n\n")
    print(detector_table(cases, args.repeat), end="\n\n")
    print(large_page_table(cases, args.repeat))


if __name__ == "__main__":
    main()
