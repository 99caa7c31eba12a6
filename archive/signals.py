"""Signals the archive listens to, beyond Scrapy's own.

``page_parsed(response, outlinks, **fields)``: a spider parsed a page; the archive writes a
``metadata`` record (encoding evidence, outlinks, extra fields) concurrent to its response record.
"""

page_parsed = object()
