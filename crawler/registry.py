"""The portal registry: which government portals to crawl, read from TOML and validated.

A registry is a list of ``[[portal]]`` tables. A wrong entry stops the crawl with a
:class:`RegistryError` naming the entry and the field, before any request is sent.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

RENDER_MODES = ("never", "auto", "always")
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# The bundled public-suffix snapshot: registry loading must never touch the network.
_extract_domain = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class RegistryError(ValueError):
    """A registry entry is wrong; the message names the entry and the field."""

    def __init__(self, source: str, entry: str, field_name: str, problem: str) -> None:
        self.source, self.entry, self.field, self.problem = source, entry, field_name, problem
        super().__init__(f"{source}: portal {entry}: field '{field_name}': {problem}")


@dataclass(frozen=True)
class Portal:
    """One government portal to crawl, as the registry describes it."""

    id: str
    start_urls: tuple[str, ...]
    name: str = ""
    allowed_domains: tuple[str, ...] = ()
    render: str = "auto"
    download_delay: float | None = None
    max_pages: int | None = None
    max_seconds: float | None = None
    # the portal's administrative region in full (湖南省郴州市), completing the regions pages name
    region: str = ""

    def covers(self, url: str) -> bool:
        """Is ``url`` inside this portal's allowed domains (subdomains included, any port)?"""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


def registrable_domain(host: str) -> str:
    """The registrable domain of ``host`` (``www.czs.gov.cn`` -> ``czs.gov.cn``); IPs stay as is."""
    host = host.lower().rstrip(".")
    result = _extract_domain(host)
    return result.top_domain_under_public_suffix or host


def site_domain(host: str) -> str:
    """The site a start URL's host stands for: the host without ``www.``, its subdomains included
    (``www.czs.gov.cn`` -> ``czs.gov.cn``), never wider than its registrable domain. A
    department's own site (``sthjj.hengyang.gov.cn``) is not its city's portal."""
    host = host.lower().rstrip(".")
    bare = host.removeprefix("www.")
    registrable = registrable_domain(host)
    return bare if bare == registrable or bare.endswith("." + registrable) else host


def _outermost(domains: set[str]) -> list[str]:
    """The domains not inside another of them (subdomains are covered already)."""
    return sorted(d for d in domains if not any(d.endswith("." + o) for o in domains))


def _require_str(value: object, source: str, entry: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(source, entry, name, "must be a non-empty string")
    return value.strip()


def _check_url(url: object, source: str, entry: str) -> str:
    if not isinstance(url, str):
        raise RegistryError(source, entry, "start_urls", f"{url!r} is not a string")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(source, entry, "start_urls", f"{url!r} is not an http(s) URL")
    return url.strip()


def _number(value: object, source: str, entry: str, name: str, kind: type) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RegistryError(source, entry, name, f"must be a number, got {value!r}")
    if kind is int and not isinstance(value, int):
        raise RegistryError(source, entry, name, f"must be an integer, got {value!r}")
    if value < 0 or (kind is int and value == 0):
        raise RegistryError(source, entry, name, f"must be positive, got {value!r}")
    return kind(value)


_KNOWN_FIELDS = {
    "id",
    "name",
    "start_urls",
    "allowed_domains",
    "render",
    "download_delay",
    "max_pages",
    "max_seconds",
    "region",
}


def parse_portal(raw: dict, source: str, index: int) -> Portal:
    """Validate one ``[[portal]]`` table; ``index`` (1-based) names it until its id is known."""
    entry = f"#{index}"
    if not isinstance(raw, dict):
        raise RegistryError(source, entry, "portal", "must be a table ([[portal]])")
    if "id" not in raw:
        raise RegistryError(source, entry, "id", "is required")
    portal_id = _require_str(raw["id"], source, entry, "id")
    if not _ID_PATTERN.match(portal_id):
        raise RegistryError(source, entry, "id", f"{portal_id!r} must be letters, digits, _.-")
    entry = f"#{index} ({portal_id})"
    unknown = sorted(set(raw) - _KNOWN_FIELDS)
    if unknown:
        raise RegistryError(source, entry, unknown[0], "unknown field (typo?)")
    urls = raw.get("start_urls")
    if isinstance(urls, str):
        urls = [urls]
    if not isinstance(urls, list) or not urls:
        raise RegistryError(source, entry, "start_urls", "is required: a list of URLs")
    start_urls = tuple(_check_url(u, source, entry) for u in urls)
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise RegistryError(source, entry, "name", "must be a string")
    domains = raw.get("allowed_domains")
    if domains is None:
        hosts = (urlsplit(u).hostname or "" for u in start_urls)
        domains = _outermost({site_domain(h) for h in hosts if h})
    elif not isinstance(domains, list) or not all(
        isinstance(d, str) and d.strip() for d in domains
    ):
        raise RegistryError(source, entry, "allowed_domains", "must be a list of domain names")
    render = raw.get("render", "auto")
    if render not in RENDER_MODES:
        raise RegistryError(source, entry, "render", f"must be one of {', '.join(RENDER_MODES)}")
    region = raw.get("region", "")
    if not isinstance(region, str):
        raise RegistryError(source, entry, "region", "must be a string")
    delay = raw.get("download_delay")
    max_pages = raw.get("max_pages")
    max_seconds = raw.get("max_seconds")
    return Portal(
        id=portal_id,
        name=name.strip(),
        start_urls=start_urls,
        allowed_domains=tuple(d.strip().lower().lstrip(".") for d in domains),
        render=render,
        region=region.strip(),
        download_delay=None
        if delay is None
        else _number(delay, source, entry, "download_delay", float),
        max_pages=None
        if max_pages is None
        else _number(max_pages, source, entry, "max_pages", int),
        max_seconds=None
        if max_seconds is None
        else _number(max_seconds, source, entry, "max_seconds", float),
    )


def load_registry(path: str | Path) -> list[Portal]:
    """Read and validate a registry file; raise :class:`RegistryError` on the first problem."""
    path = Path(path)
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(source, "-", "file", "does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(source, "-", "file", f"is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"portal"})
    if unknown:
        raise RegistryError(source, "-", unknown[0], "unknown top-level key; use [[portal]]")
    raw_portals = data.get("portal")
    if not isinstance(raw_portals, list) or not raw_portals:
        raise RegistryError(source, "-", "portal", "no [[portal]] entries")
    portals = [parse_portal(raw, source, i) for i, raw in enumerate(raw_portals, start=1)]
    seen: set[str] = set()
    for i, portal in enumerate(portals, start=1):
        if portal.id in seen:
            raise RegistryError(source, f"#{i} ({portal.id})", "id", "is used twice")
        seen.add(portal.id)
    return portals


def registry_digest(path: str | Path) -> str:
    """``sha256:<hex>`` of the registry file as read, for the warcinfo record."""
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
