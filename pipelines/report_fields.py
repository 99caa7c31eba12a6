"""The published fields of one report, from the page the spider parsed: text, metadata, tables.

Pure (the spider's item in, fields out, no Scrapy): the report pipeline runs it in a worker
process or on a thread, `scrapy reparse` and the benchmarks run it as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from pipelines.documents import DocumentLimits
from pipelines.metadata.agency import full_region
from pipelines.metadata.fields import extract_metadata
from pipelines.report_source import report_source
from pipelines.tables.checks import check_table_arithmetic
from pipelines.tables.report_tables import parse_flattened_tables, parse_report_tables
from pipelines.text.mojibake import find_mojibake
from pipelines.text.report_text import report_text_from_page

METADATA_FIELDS = (
    "title",
    "agency",
    "publisher",
    "region",
    "year",
    "published",
    "index_no",
    "doc_no",
)


def encoding_fields(evidence: dict) -> dict:
    return {
        "encoding": evidence.get("encoding"),
        "encoding_declared": evidence.get("declared_header") or evidence.get("declared_meta"),
        "encoding_confidence": evidence.get("confidence"),
        "encoding_rule": evidence.get("rule"),
    }


def _no_documents(part: dict) -> bytes:
    raise LookupError("no archive to read documents from")


def report_fields(
    item: dict,
    read_document: Callable[[dict], bytes] = _no_documents,
    limits: DocumentLimits | None = None,
) -> dict:
    """The published fields of one report (pure: the spider's item in, fields out).

    The item carries the page the spider parsed (``page``) or its decoded ``html``, or the
    ``parts`` of a report in several responses (spiders.report_parts), whose documents
    ``read_document(part)`` reads back from the archive.
    """
    source = report_source(item, read_document, limits)
    page = source.page
    fields: dict = {"flags": list(source.flags), "warnings": list(source.warnings), "errors": []}
    fields.update(encoding_fields(item.get("encoding_evidence") or {}))
    report_text = report_text_from_page(page)
    fields["text"] = report_text.text
    fields["text_simplified"] = report_text.text_simplified
    fields["sections"] = list(report_text.sections)
    fields["flags"].extend(report_text.flags)
    fields["warnings"].extend(report_text.warnings)
    fields["warnings"].extend(find_mojibake(report_text.text or ""))
    metadata = extract_metadata(
        page,
        report_text.text or "",
        item["url"],
        portal_name=item.get("portal_name") or None,
        link_text=item.get("link_text") or None,
    )
    if source.landing is not None:  # what the document does not say, its landing page may
        landing = extract_metadata(source.landing, "", item["url"], item.get("portal_name"))
        for name in METADATA_FIELDS:
            if getattr(metadata, name) is None:
                setattr(metadata, name, getattr(landing, name))
    fields.update({name: getattr(metadata, name) for name in METADATA_FIELDS})
    fields["region"] = full_region(metadata.region, item.get("portal_region") or "")
    fields["warnings"].extend(metadata.warnings)
    # parse_report_tables checks the arithmetic of what it parses; the text fallback does not
    tables = parse_report_tables(page.body.element)
    cells, template = tables.cells, tables.template
    fields["warnings"].extend(tables.warnings)
    if not cells and report_text.text:
        cells = parse_flattened_tables(report_text.text)
        if cells:
            template = "2008" if any(c["table"] == "stats2008" for c in cells) else "2019"
            fields["warnings"].extend(check_table_arithmetic(cells))
    fields["tables"] = cells
    fields["template"] = template
    fields["source_format"] = source.source_format
    fields["attachments"] = source.attachments
    fields["pages"] = source.pages
    return fields
