"""Tell the frontier when a request it handed out is done, so that it may forget it.

Done means everything the request led to is safe: its response record is in the WARC
(``meta["warc_future"]`` resolved), its callback's output was read to the end, every request in
that output reached the scheduler and every item left the item pipelines (``item_scraped``,
``item_dropped`` or ``item_error``). A failure is done once its errback's output is, a request
refused on the way (robots.txt, a given-up host) included. A retry or a redirect carries the work
on: the request it replaces is done once the new one reached the scheduler. Then
``request_done(request)`` is sent, once (:mod:`crawler.request_signals`).

Two thin middlewares over one :class:`RequestTracker` per crawler: the spider middleware (outermost,
so it sees the output every other middleware let through) and the downloader middleware (first, so
it sees every leased request before anything can refuse it).
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.http import Response
from scrapy.utils.asyncio import call_later, is_asyncio_available
from twisted.python.failure import Failure

from crawler.request_signals import request_done

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Meta naming the row of a request a durable queue handed out; only such requests are tracked.
FRONTIER_ID = "frontier_id"


class _Work:
    """What a leased request still waits for."""

    __slots__ = ("children", "items", "outcome", "request", "scraping", "waiting_warc")

    def __init__(self, request: Request) -> None:
        self.request = request
        self.outcome = True  # its response or failure has not been fully handled yet
        self.scraping = False  # its response is in the spider middlewares
        self.children = 0  # requests it yielded that have not reached the scheduler
        self.items = 0  # items it yielded that have not left the pipelines
        self.waiting_warc = False


def _key(source: Any) -> int | None:
    """The frontier id of the request behind a response, a failure or a request."""
    request = source if isinstance(source, Request) else getattr(source, "request", None)
    if request is None:
        return None
    return request.meta.get(FRONTIER_ID)


def _original_errback(errback: Any) -> Any:
    return getattr(errback, "tracked_errback", errback)


class RequestTracker:
    """The open work of one crawl, keyed by frontier id (requests in flight only)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.open: dict[int, _Work] = {}
        self.parents: dict[Request, int] = {}  # yielded request -> frontier id of its parent
        connect = crawler.signals.connect
        connect(self.request_scheduled, signal=signals.request_scheduled)
        connect(self.item_left, signal=signals.item_scraped)
        connect(self.item_left, signal=signals.item_dropped)
        connect(self.item_left, signal=signals.item_error)

    # --- leased requests ----------------------------------------------------------------------

    def leased(self, request: Request) -> None:
        """A request the frontier handed out reaches the downloader."""
        key = request.meta.get(FRONTIER_ID)
        if key is None or key in self.open:
            return
        self.open[key] = _Work(request)
        errback = request.errback

        # A failure's errback output does not pass through spider middlewares: follow it here.
        @functools.wraps(errback or _no_errback)
        def tracked(failure: Failure) -> Any:
            return self._errback_called(key, errback, failure)

        tracked.tracked_errback = errback  # type: ignore[attr-defined]
        request.errback = tracked

    def _errback_called(self, key: int, errback: Any, failure: Failure) -> Any:
        work = self.open.get(key)
        if work is None or work.scraping:
            # the spider middleware follows an errback called for a response (HttpError)
            return errback(failure) if errback else failure
        if errback is None:
            self._outcome_handled(key)
            return failure  # Scrapy logs it as it would have
        try:
            output = errback(failure)
        except BaseException:
            self._outcome_handled(key)
            raise
        if output is None or isinstance(output, Failure):
            self._outcome_handled(key)
            return output
        if isinstance(output, Request | dict):
            output = [output]
        if isinstance(output, AsyncIterator):
            return self.follow_async(key, output)
        if isinstance(output, Iterable):
            return self._follow_sync(key, output)
        self._outcome_handled(key)  # a coroutine or a Deferred: not followed
        return output

    # --- the output of a callback or errback --------------------------------------------------

    def _yielded(self, work: _Work, key: int, output: Any) -> None:
        if isinstance(output, Request):
            output.meta.pop(FRONTIER_ID, None)  # a copy of its parent (replace()) is a new request
            output.errback = _original_errback(output.errback)
            work.children += 1
            self.parents[output] = key
        elif output is not None:
            work.items += 1

    async def follow_async(self, key: int, result: AsyncIterator) -> AsyncIterator:
        """Pass ``result`` through, counting what it yields; its end handles the outcome."""
        work = self.open.get(key)
        if work is None:
            async for output in result:
                yield output
            return
        try:
            async for output in result:
                self._yielded(work, key, output)
                yield output
        except GeneratorExit:
            raise  # abandoned (the crawl is closing): not done, leased again at the next start
        except BaseException:
            self._outcome_handled(key)
            raise
        self._outcome_handled(key)

    def _follow_sync(self, key: int, result: Iterable) -> Iterable:
        work = self.open[key]
        try:
            for output in result:
                self._yielded(work, key, output)
                yield output
        except GeneratorExit:
            raise
        except BaseException:
            self._outcome_handled(key)
            raise
        self._outcome_handled(key)

    def scraping(self, response: Response) -> None:
        work = self.open.get(_key(response))
        if work is not None:
            work.scraping = True

    def scrape_failed(self, response: Response) -> None:
        """The callback raised before any output; the spider middlewares declined to recover."""
        key = _key(response)
        if key is not None:
            self._outcome_handled(key)

    # --- signals ------------------------------------------------------------------------------

    def request_scheduled(self, request: Request, spider) -> None:
        parent = self.parents.pop(request, None)
        if parent is not None:
            # enqueue_request runs right after this signal, on this same call: count the child
            # as arrived once it returned (committed), or once a refusal made sure it never will
            call_later(0, self._child_arrived, parent)
        key = request.meta.get(FRONTIER_ID)
        if key is None:
            return
        work = self.open.get(key)
        if work is not None and work.request is request:
            return
        # a retry or redirect of a leased request (its meta was copied): the new one carries on
        del request.meta[FRONTIER_ID]
        request.errback = _original_errback(request.errback)
        if work is not None:
            call_later(0, self._outcome_handled, key)

    def item_left(self, item: Any, response: Any = None, **kwargs: Any) -> None:
        key = _key(response)
        work = self.open.get(key) if key is not None else None
        if work is not None and work.items:
            work.items -= 1
            self._maybe_done(key)

    # --- done ---------------------------------------------------------------------------------

    def _child_arrived(self, key: int) -> None:
        work = self.open.get(key)
        if work is not None and work.children:
            work.children -= 1
            self._maybe_done(key)

    def _outcome_handled(self, key: int) -> None:
        work = self.open.get(key)
        if work is not None and work.outcome:
            work.outcome = False
            self._maybe_done(key)

    def _maybe_done(self, key: int) -> None:
        work = self.open.get(key)
        if work is None or work.outcome or work.children or work.items:
            return
        future = work.request.meta.get("warc_future")
        if future is not None and not future.done():
            if not work.waiting_warc:
                work.waiting_warc = True
                call = _caller_from_threads()
                future.add_done_callback(lambda _: call(self._warc_written, key))
            return
        del self.open[key]
        self.crawler.signals.send_catch_log(request_done, request=work.request)

    def _warc_written(self, key: int) -> None:
        work = self.open.get(key)
        if work is not None:
            work.waiting_warc = False
            self._maybe_done(key)


def _no_errback(failure: Failure) -> Failure:
    return failure


def _caller_from_threads():
    """How another thread (the WARC writer's) gets a call run on this, the reactor's, thread."""
    if is_asyncio_available():
        return asyncio.get_event_loop().call_soon_threadsafe
    from twisted.internet import reactor

    return reactor.callFromThread


_trackers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def tracker_for(crawler: Crawler) -> RequestTracker:
    """The one :class:`RequestTracker` of ``crawler``, shared by both middlewares."""
    tracker = _trackers.get(crawler)
    if tracker is None:
        tracker = _trackers[crawler] = RequestTracker(crawler)
    return tracker


class DoneTrackingDownloaderMiddleware:
    """``DOWNLOADER_MIDDLEWARES``, first of all: sees each leased request before any refusal."""

    def __init__(self, tracker: RequestTracker) -> None:
        self.tracker = tracker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DoneTrackingDownloaderMiddleware:
        return cls(tracker_for(crawler))

    def process_request(self, request: Request) -> None:
        self.tracker.leased(request)


class DoneTrackingSpiderMiddleware:
    """``SPIDER_MIDDLEWARES``, outermost: sees the output every other middleware let through."""

    def __init__(self, tracker: RequestTracker) -> None:
        self.tracker = tracker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DoneTrackingSpiderMiddleware:
        return cls(tracker_for(crawler))

    def process_spider_input(self, response: Response) -> None:
        self.tracker.scraping(response)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator
    ) -> AsyncIterator:
        key = _key(response)
        if key is None:
            async for output in result:
                yield output
            return
        async for output in self.tracker.follow_async(key, result):
            yield output

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        self.tracker.scrape_failed(response)
