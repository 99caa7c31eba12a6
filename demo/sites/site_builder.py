"""Put pages and files on a :class:`~demo.server.Site` with the encoding and headers a CMS would use.

Pages are encoded strictly: a character the declared charset cannot carry is a bug in the content
definitions, not something to paper over with replacement characters.
"""

from __future__ import annotations

from collections.abc import Callable

from demo.server import Request, Response, Site, redirect
from demo.sites.files import CONTENT_TYPES


class SiteBuilder:
    """One host under construction; ``pages`` keeps each page's text for ground-truth checks."""

    def __init__(
        self,
        host: str,
        *,
        charset: str = "utf-8",
        header_charset: str | None = "utf-8",
        server: str = "nginx",
        gzip: bool = True,
        extra_headers: tuple[tuple[str, str], ...] = (),
        page_options: dict | None = None,
    ) -> None:
        self.site = Site(host, server_header=server)
        self.host = host
        self.charset = charset
        self.header_charset = header_charset
        self.gzip = gzip
        self.extra_headers = list(extra_headers)
        self.page_options = dict(page_options or {})  # e.g. Tomcat sites chunk every page
        self.pages: dict[str, str] = {}

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def page(
        self,
        path: str,
        text: str,
        *,
        headers: tuple[tuple[str, str], ...] = (),
        charset: str | None = None,
        header_charset: str | None = "",
        **options: object,
    ) -> None:
        """Serve ``text`` at ``path`` (``path?query`` allowed); ``options`` go to Response."""
        body = text.encode(charset or self.charset)
        label = self.header_charset if header_charset == "" else header_charset
        content_type = "text/html" + (f"; charset={label}" if label else "")
        options = {"gzip": self.gzip, **self.page_options, **options}
        response = Response(
            headers=[("Content-Type", content_type), *self.extra_headers, *headers],
            body=body,
            **options,  # type: ignore[arg-type]
        )
        self.site.add(path, response)
        self.pages[path] = text

    def file(
        self, path: str, data: bytes, kind: str, filename: str = "", gbk_disposition: bool = False
    ) -> None:
        """An attachment; ``gbk_disposition`` sends the file name as raw GBK header bytes."""
        headers = [("Content-Type", CONTENT_TYPES[kind]), ("Accept-Ranges", "bytes")]
        raw: list[bytes] = []
        if filename and gbk_disposition:
            raw.append(
                b'Content-Disposition: attachment; filename="' + filename.encode("gbk") + b'"'
            )
        elif filename:
            headers.append(("Content-Disposition", "inline"))
        self.site.add(path, Response(headers=headers, body=data, raw_headers=raw))

    def static_pages(
        self,
        render: Callable[[str, list[tuple[str, str]], str], str],
        pages: tuple[tuple[str, str, str], ...],
        home: str = "/",
    ) -> None:
        """Furniture pages (path, title, body) rendered by a chrome's ``simple_page``."""
        for path, title, body in pages:
            self.page(path, render(title, [("首页", home), (title, path)], body))

    def text(self, path: str, text: str, content_type: str = "text/plain") -> None:
        self.site.add(path, Response(headers=[("Content-Type", content_type)], body=text.encode()))

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.site.add(path, redirect(location, status))

    def handler(self, path: str, handler: Callable[[Request], Response]) -> None:
        self.site.add(path, handler)

    def prefix_handler(self, prefix: str, handler: Callable[[Request], Response]) -> None:
        self.site.add_prefix(prefix, handler)

    def html_response(self, text: str, **options: object) -> Response:
        """A page built on demand by a handler (calendar, search), in the site's encoding."""
        label = f"; charset={self.header_charset}" if self.header_charset else ""
        options = {"gzip": self.gzip, **self.page_options, **options}
        return Response(
            headers=[("Content-Type", f"text/html{label}"), *self.extra_headers],
            body=text.encode(self.charset),
            **options,  # type: ignore[arg-type]
        )
