"""Requests as data-only JSON, for queues that outlive the process (SQLite, Redis).

Scrapy's disk queues and scrapy-redis store requests with pickle, so whoever can write to the
queue runs code in every worker. Here a request is its ``to_dict()`` as JSON: callbacks by method
name, bytes as ``{"$b64": "..."}``, and anything that is not plain data (objects, functions) is
refused with :class:`UnserializableRequest` instead of being stored.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

# Request subclasses a stored request may name (Scrapy's own, importable by path).
ALLOWED_CLASSES = frozenset(
    {
        "scrapy.http.request.Request",
        "scrapy.http.request.form.FormRequest",
        "scrapy.http.request.json_request.JsonRequest",
    }
)
_BYTES = "$b64"
_TUPLE = "$tuple"


class UnserializableRequest(ValueError):
    """A request carries something that is not plain data (an object, a function)."""


def _to_data(value: Any, where: str) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, list):
        return [_to_data(v, where) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_to_data(v, where) for v in value]}
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if isinstance(key, bytes):
                key = key.decode("latin-1")  # header names
            if not isinstance(key, str):
                raise UnserializableRequest(f"{where}: key {key!r} is not a string")
            if key in (_BYTES, _TUPLE):
                raise UnserializableRequest(f"{where}: reserved key {key!r}")
            out[key] = _to_data(inner, f"{where}.{key}")
        return out
    raise UnserializableRequest(f"{where}: {type(value).__name__} is not plain data")


def _from_data(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_data(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and _BYTES in value:
            return base64.b64decode(value[_BYTES])
        if len(value) == 1 and _TUPLE in value:
            return tuple(_from_data(v) for v in value[_TUPLE])
        return {key: _from_data(inner) for key, inner in value.items()}
    return value


def _check_class(fields: dict) -> None:
    cls = fields.get("_class")
    if cls is not None and cls not in ALLOWED_CLASSES:
        raise UnserializableRequest(f"request class {cls} is not allowed in a stored queue")


def dumps(request: dict) -> bytes:
    """A request dict (``Request.to_dict()``) as UTF-8 JSON.

    Also the ``SCHEDULER_SERIALIZER`` interface of scrapy-redis (``dumps``/``loads``).
    """
    _check_class(request)
    return json.dumps(_to_data(request, "request"), ensure_ascii=False, sort_keys=True).encode()


def loads(data: bytes | str) -> dict:
    """A request dict from JSON; anything but a plain-data request document is refused."""
    try:
        raw = json.loads(data)
    except ValueError as exc:
        raise UnserializableRequest(f"not a JSON request: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        raise UnserializableRequest("not a JSON request: no url")
    fields = _from_data(raw)
    _check_class(fields)
    return fields


def request_fields(request: Request, spider: Spider | None = None) -> dict[str, Any]:
    """``request.to_dict(spider=spider)``, with callbacks named by their own ``__name__``.

    Scrapy's ``to_dict`` finds a callback's name by listing every member of the spider with
    ``inspect.getmembers``, for each request: about 1 % of a crawl's CPU. A bound method of the
    spider that the spider still answers to under its own name is named at once; anything else
    goes through ``to_dict``, which names it or raises ValueError.
    """
    names = [_method_name(spider, request.callback), _method_name(spider, request.errback)]
    if None in names:
        return request.to_dict(spider=spider)
    callback, errback = names
    fields: dict[str, Any] = {
        "url": request.url,
        "callback": callback or None,
        "errback": errback or None,
        "headers": dict(request.headers),
    }
    for attr in request.attributes:
        fields.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        fields["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return fields


def _method_name(spider: Spider | None, func: Any) -> str | None:
    """ "" for no callback, the method's name for the spider's own bound method, else None."""
    if func is None:
        return ""
    if spider is None or getattr(func, "__self__", None) is not spider:
        return None
    name = func.__name__
    own = getattr(spider, name, None)
    return name if getattr(own, "__func__", None) is func.__func__ else None


def encode_request(request: Request, spider: Spider | None = None) -> bytes:
    """The request as UTF-8 JSON; raises :class:`UnserializableRequest` for non-data content."""
    return dumps(request_fields(request, spider))


def decode_request(data: bytes | str, spider: Spider | None = None) -> Request:
    """The request a stored JSON document describes (callbacks looked up on ``spider``)."""
    return request_from_dict(loads(data), spider=spider)
