"""Recognise anti-bot challenge pages from status and body, so they are reported, not parsed.

Pure functions of the answer; no attempt is ever made to solve a challenge. Kinds:
``ruishu`` (瑞数: HTTP 412 or 202 with a ``$_ts`` bootstrap script), ``jiasule`` (加速乐: HTTP 521
setting ``__jsl_clearance`` by script), ``js-cookie`` (a tiny page whose script sets a cookie and
reloads), ``js-redirect`` (a tiny page with no text whose obfuscated script changes location) and
``captcha`` (a short page asking for 验证码 / 滑动验证 / captcha).
"""

from __future__ import annotations

import re

# Statuses only challenge vendors use; a body of any type answering with them is inspected.
CHALLENGE_STATUSES = (202, 412, 521)
# A challenge page is a script and almost no text; real pages are bigger than this.
TINY_PAGE_BYTES = 2048
# A CAPTCHA interstitial has little text besides the question.
CAPTCHA_MAX_TEXT = 500
# Challenge pages are small; bigger bodies are only checked for the vendor markers.
_SMALL_PAGE_BYTES = 65536

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_NOISE = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<noscript\b.*?</noscript\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_SETS_COOKIE = re.compile(r"document\s*\.\s*cookie\s*=|document\s*\[\s*['\"]cookie['\"]\s*\]\s*=")
_SETS_LOCATION = re.compile(
    r"(?:window|document|self|top)?\s*\.?\s*location(?:\s*\.\s*(?:href|pathname))?\s*=(?!=)"
    r"|location\s*\.\s*(?:replace|assign|reload)\s*\("
)
_OBFUSCATED = re.compile(
    r"\beval\s*\(|fromCharCode|\\x[0-9a-f]{2}|\batob\s*\(|function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k",
    re.IGNORECASE,
)
_CAPTCHA_WORDS = re.compile(
    r"验证码|滑动验证|拖动滑块|人机验证|安全验证|访问验证|请完成验证|captcha|geetest|nc_iconfont",
    re.IGNORECASE,
)
_CAPTCHA_TITLE = re.compile(r"验证|captcha|安全检查|访问受限", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The text a reader would see: scripts, styles, comments and tags removed, spaces squeezed."""
    return " ".join(_TAG.sub(" ", _NOISE.sub(" ", html)).split())


def detect_challenge(status: int, body: bytes, text: str | None = None) -> str | None:
    """The kind of anti-bot challenge this answer is, or None for an ordinary answer.

    ``text`` is the decoded body when the caller has it (an HTML response); otherwise the body is
    read as UTF-8, which keeps the ASCII markers every challenge script carries.
    """
    if text is None:
        text = body[:_SMALL_PAGE_BYTES].decode("utf-8", errors="replace")
    if "$_ts" in text and status in (200, 202, 412):
        return "ruishu"
    if len(body) > _SMALL_PAGE_BYTES:
        return None
    scripts = " ".join(_SCRIPT.findall(text))
    if status == 521 and ("__jsl_clearance" in text or _SETS_COOKIE.search(scripts)):
        return "jiasule"
    words = visible_text(text)
    if len(body) <= TINY_PAGE_BYTES and scripts and len(words) < 40:
        if _SETS_COOKIE.search(scripts) and (_SETS_LOCATION.search(scripts) or "reload" in scripts):
            return "js-cookie"
        if _SETS_LOCATION.search(scripts) and _OBFUSCATED.search(scripts):
            return "js-redirect"
    if len(words) <= CAPTCHA_MAX_TEXT and _CAPTCHA_WORDS.search(text):
        title = " ".join(_TITLE.findall(text))
        if _CAPTCHA_TITLE.search(title) or len(words) <= CAPTCHA_MAX_TEXT // 4:
            return "captcha"
    return None
