"""Refuse to crawl under an anonymous identity: the User-Agent must name us and a contact."""

from __future__ import annotations

import re

from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

_CONTACT = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.-]+")


def user_agent_problem(user_agent: str) -> str | None:
    """Why ``user_agent`` is not an honest crawler identity, or None when it is."""
    if not user_agent or user_agent.startswith("Scrapy/"):
        return "it is Scrapy's default; set USER_AGENT to name this crawler and a contact"
    if not _CONTACT.search(user_agent):
        return "it carries no contact URL or e-mail address"
    return None


class IdentityCheck:
    """Stops the crawl before the first request when the User-Agent hides who we are."""

    def __init__(self, crawler: Crawler) -> None:
        problem = user_agent_problem(crawler.settings.get("USER_AGENT") or "")
        if problem:
            raise UsageError(f"refusing to crawl with this User-Agent: {problem}", print_help=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdentityCheck:
        return cls(crawler)
