"""CDXJ index of WARC files (the format pywb and ReplayWeb.page read), built with cdxj-indexer.

POST requests get their body appended to the URL key (``post_append``), so list APIs queried by
POST (Hanweb's dataproxy.jsp) replay too. Sorting spills to temporary files beyond a buffer, so
large crawls index without holding the index in memory.

A collection re-crawled into one folder for years would re-read every earlier WARC file at the
end of each crawl; with a cache folder, each closed WARC file is indexed once into an index of
its own, and the collection's index is their merge (the same lines as indexing them all at once:
cdxj-indexer sorts whole lines and drops repeated ones, and so does the merge). A crawl indexes
each file as it closes, in a process of its own (``index_in_background``), so that its end only
indexes its last file.
"""

from __future__ import annotations

import heapq
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO


def per_file_indexes(output_dir: str | Path) -> Path:
    """Where a crawl folder keeps each WARC file's own index (``OUTPUT_DIR/indexes/by-warc``)."""
    return Path(output_dir) / "indexes" / "by-warc"


@contextmanager
def _replacing(out_path: Path) -> Iterator[TextIO]:
    """A text file written beside ``out_path`` and renamed over it once whole: a reader (pywb)
    never sees half an index; named by process, as two may index one file (a killed crawl's
    indexing process and the next crawl)."""
    tmp = out_path.with_name(f"{out_path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        yield out
    os.replace(tmp, out_path)


def _index(paths: list[str], out_path: Path, root: str | None) -> None:
    # imported here: cdxj-indexer pulls in pyamf and pkg_resources (~0.2 s), and every scrapy
    # command loads this module (the capture extension, `scrapy wacz`)
    from cdxj_indexer import CDXJIndexer

    with _replacing(out_path) as out:
        CDXJIndexer(out, paths, sort=True, post_append=True, dir_root=root).process_all()


def _file_index(warc: str, cache_dir: Path, root: str | None) -> Path:
    """The index of one WARC file, built unless the cache holds one newer than the file."""
    cached = cache_dir / (os.path.basename(warc) + ".cdxj")
    if not cached.exists() or cached.stat().st_mtime < os.stat(warc).st_mtime:
        _index([warc], cached, root)
    return cached


def _distinct(lines: Iterator[str]) -> Iterator[str]:
    last = None
    for line in lines:
        if line != last:
            yield line
        last = line


def _merge_files(indexes: list[Path], out_path: Path) -> None:
    with ExitStack() as files, _replacing(out_path) as out:
        sources = [files.enter_context(open(i, encoding="utf-8")) for i in indexes]
        out.writelines(_distinct(heapq.merge(*sources)))


def _merge(indexes: list[Path], out_path: Path, max_open: int) -> None:
    """Merge sorted index files into ``out_path``, at most ``max_open`` open at once (a folder
    of years of crawls holds more WARC files than a process may open): in rounds."""
    made: list[Path] = []  # the rounds' own files, removed at the end
    round_no = 0
    while len(indexes) > max_open:
        parts = []
        for n, first in enumerate(range(0, len(indexes), max_open)):
            part = out_path.with_name(f"{out_path.name}.round{round_no}.{n}")
            _merge_files(indexes[first : first + max_open], part)
            parts.append(part)
        made += parts
        indexes, round_no = parts, round_no + 1
    _merge_files(indexes, out_path)
    for part in made:
        part.unlink()


def write_cdxj(
    warc_paths: Iterable[str | Path],
    out_path: str | Path,
    cache_dir: str | Path | None = None,
    max_open: int = 256,
) -> Path:
    """Index ``warc_paths`` into a sorted CDXJ file; ``filename`` fields are relative to the
    directory of the first WARC. With ``cache_dir``, each file's own index is kept there and
    only files without one are read; their merge holds at most ``max_open`` files open."""
    paths = [str(p) for p in warc_paths]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    root = os.path.dirname(paths[0]) if paths else None
    if cache_dir is None:
        _index(paths, out_path, root)
        return out_path
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _merge([_file_index(p, cache_dir, root) for p in paths], out_path, max(2, max_open))
    return out_path


def index_in_background(warc: str | Path, cache_dir: str | Path) -> subprocess.Popen:
    """Index one closed WARC file into ``cache_dir`` in a process of its own (at low priority,
    off the crawl's interpreter): what ``write_cdxj`` with that cache then finds indexed."""
    command = [sys.executable, "-m", "archive.index", str(warc), str(cache_dir)]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def main(argv: list[str]) -> None:
    warc, cache_dir = argv
    os.nice(10)  # the crawl's downloads come first
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    _file_index(warc, Path(cache_dir), os.path.dirname(warc))


if __name__ == "__main__":
    main(sys.argv[1:])
