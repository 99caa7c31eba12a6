"""Package a crawl's WARC files as a WACZ (1.1.1): WARCs stored as they are, a CDXJ index, a
page list and a datapackage with a SHA-256 per file, streamed to disk file by file.

Nothing is held in memory beyond one copy buffer: each WARC is copied into the zip in 1 MiB
chunks while its digest is computed, so a crawl of any size packages in constant memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from warcio.timeutils import iso_date_to_timestamp

from archive.index import per_file_indexes, write_cdxj
from archive.reader import iter_response_locations

WACZ_VERSION = "1.1.1"
_CHUNK = 1 << 20


def _copy_into(zf: zipfile.ZipFile, source: Path, arcname: str, compress: int) -> dict:
    digest = hashlib.sha256()
    size = 0
    info = zipfile.ZipInfo(arcname, date_time=datetime.now(UTC).timetuple()[:6])
    info.compress_type = compress
    with open(source, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    name = arcname.rsplit("/", 1)[-1].lower()
    return {"name": name, "path": arcname, "hash": f"sha256:{digest.hexdigest()}", "bytes": size}


def _iso_seconds(warc_date: str) -> str:
    stamp = iso_date_to_timestamp(warc_date)
    return datetime.strptime(stamp[:14], "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")


def write_pages(warcs: list[Path], titles: dict[str, str], out: Path) -> None:
    """``pages.jsonl``: the start pages and the annual reports of the crawl, first capture each."""
    seen: set[str] = set()
    with open(out, "w", encoding="utf-8") as handle:
        header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
        handle.write(json.dumps(header) + "\n")
        for location in iter_response_locations(warcs):
            role = (location.page_fields.get("role") or [""])[0]
            if location.uri in seen or (role != "home" and location.uri not in titles):
                continue
            seen.add(location.uri)
            entry = {
                "url": location.uri,
                "ts": _iso_seconds(location.date),
                # a title on every line: validators read the list as a table, blank rows fail
                "title": titles.get(location.uri)
                or (location.page_fields.get("portal-name") or [""])[0]
                or location.uri,
            }
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def build_wacz(crawl_dir: str | Path, out_path: str | Path | None = None, title: str = "") -> Path:
    """Write ``crawl_dir``'s WARCs (``crawl_dir/warc/*.warc.gz``) into a WACZ file."""
    crawl_dir = Path(crawl_dir)
    warcs = sorted((crawl_dir / "warc").glob("*.warc.gz"))
    if not warcs:
        raise FileNotFoundError(f"no WARC files in {crawl_dir / 'warc'}")
    out_path = Path(out_path or crawl_dir / f"{crawl_dir.resolve().name}.wacz")
    titles: dict[str, str] = {}
    reports = crawl_dir / "reports.jsonl"
    if reports.exists():
        with open(reports, encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                titles[item["url"]] = item.get("title") or item["url"]
    resources = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        # the crawl's own per-file indexes (its filenames are relative to warc/, as here): only
        # files a crawl has not indexed yet are read for it
        by_warc = per_file_indexes(crawl_dir)
        index = write_cdxj(warcs, tmpdir / "index.cdxj", cache_dir=by_warc)
        pages = tmpdir / "pages.jsonl"
        write_pages(warcs, titles, pages)
        partial = out_path.with_name(out_path.name + ".partial")
        with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
            for warc in warcs:
                resources.append(_copy_into(zf, warc, f"archive/{warc.name}", zipfile.ZIP_STORED))
            resources.append(_copy_into(zf, index, "indexes/index.cdxj", zipfile.ZIP_DEFLATED))
            resources.append(_copy_into(zf, pages, "pages/pages.jsonl", zipfile.ZIP_DEFLATED))
            package = {
                "profile": "data-package",
                "resources": resources,
                "wacz_version": WACZ_VERSION,
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "software": f"nianbao/{version('nianbao')}",
                "title": title or crawl_dir.resolve().name,
            }
            package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")
            zf.writestr("datapackage.json", package_bytes)
            package_digest = {
                "path": "datapackage.json",
                "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
            }
            zf.writestr("datapackage-digest.json", json.dumps(package_digest, indent=2))
        os.replace(partial, out_path)
    return out_path
