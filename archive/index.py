"""CDXJ index of WARC files (the format pywb and ReplayWeb.page read), built with cdxj-indexer.

POST requests get their body appended to the URL key (``post_append``), so list APIs queried by
POST (Hanweb's dataproxy.jsp) replay too. Sorting spills to temporary files beyond a buffer, so
large crawls index without holding the index in memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_cdxj(warc_paths: Iterable[str | Path], out_path: str | Path) -> Path:
    """Index ``warc_paths`` into a sorted CDXJ file; ``filename`` fields are relative to the
    directory of the first WARC."""
    # imported here: cdxj-indexer pulls in pyamf and pkg_resources (~0.2 s), and every scrapy
    # command loads this module (the capture extension, `scrapy wacz`)
    from cdxj_indexer import CDXJIndexer

    paths = [str(p) for p in warc_paths]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    root = os.path.dirname(paths[0]) if paths else None
    with open(tmp, "w", encoding="utf-8") as out:
        CDXJIndexer(out, paths, sort=True, post_append=True, dir_root=root).process_all()
    os.replace(tmp, out_path)
    return out_path
