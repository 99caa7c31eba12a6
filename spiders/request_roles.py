"""The roles under which the spider requests pages: the role a followed link gets, and how soon
each role is fetched.
"""

from __future__ import annotations

from spiders.classify import looks_like_report_title
from spiders.discovery import Link

# Scheduler priorities: reports first, then what leads to them.
PRIORITY = {
    "robots": 100,
    "attachment": 40,
    "report": 30,
    "column": 20,
    "detail": 15,
    "section": 10,
    "home": 5,
    "other": 0,
}


def follow_role(link: Link, on_column: bool, page_role: str) -> str | None:
    """The role under which to follow ``link`` from a page, or None to leave it."""
    if link.role in ("report", "column"):
        return link.role
    if link.role == "section":
        return "section"
    if on_column and link.role in ("detail", "other"):
        return "detail"
    if on_column and link.role == "pager":
        return "column"
    if link.role == "attachment" and looks_like_report_title(link.text):
        return "attachment"  # a report published as a document, wherever it is linked from
    if page_role == "home" and link.role in ("other", "detail"):
        return "other"
    return None
