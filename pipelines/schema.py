"""Last pipeline stage: stamp the schema version, drop working fields, validate the item.

Validation runs a compiled validator (fastjsonschema: ~0.2 ms an item, against ~3 ms for
jsonschema); only an item it rejects is walked again by jsonschema, to name every problem (and
only then is jsonschema imported).
"""

from __future__ import annotations

import json
import logging
from functools import cached_property
from importlib.resources import files
from typing import TYPE_CHECKING

import fastjsonschema
from scrapy.crawler import Crawler

if TYPE_CHECKING:
    import jsonschema

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "2.0.0"
# Fields the spider hands to the pipelines that are not part of the published item.
WORKING_FIELDS = (
    "page",
    "html",
    "title_candidates",
    "encoding_evidence",
    "status",
    "portal_region",
    "parts",
    "part_futures",
)


def _any_string(value: str) -> bool:
    return True


def load_schema() -> dict:
    return json.loads(files("pipelines").joinpath("report.schema.json").read_text("utf-8"))


class SchemaPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        schema = load_schema()
        self.schema = schema
        # jsonschema does not check "format" by default; the compiled one must agree with it
        self.conforms = fastjsonschema.compile(schema, formats={"uri": _any_string})
        self.field_order = list(schema["properties"])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaPipeline:
        return cls(crawler)

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        """The full validator, which names every problem of an item."""
        import jsonschema

        return jsonschema.Draft202012Validator(self.schema)

    def process_item(self, item: dict) -> dict:
        for name in WORKING_FIELDS:
            item.pop(name, None)
        item["schema_version"] = SCHEMA_VERSION
        # fields in the schema's order, so every line of reports.jsonl reads the same way
        ordered = {name: item.pop(name) for name in self.field_order if name in item}
        ordered.update(item)
        item.clear()
        item.update(ordered)
        try:
            self.conforms(item)
            return item
        except fastjsonschema.JsonSchemaException:
            pass
        problems = sorted(self.validator.iter_errors(item), key=lambda e: list(e.path))
        for problem in problems:
            where = "/".join(str(p) for p in problem.path) or "(item)"
            item.setdefault("errors", []).append(f"schema:{where}: {problem.message}")
            self.stats.inc_value("items/schema_errors")
        if problems:
            logger.error(
                "item %s does not match the schema: %s", item.get("url"), problems[0].message
            )
        return item
