"""The schema stage: items of a real crawl conform; a broken item gets every problem named."""

import copy
import json

import pytest
from scrapy.utils.test import get_crawler

from pipelines.schema import SchemaPipeline, load_schema
from tests.crawl_runner import ROOT

EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))


def _item() -> dict:
    """A complete item in the published shape (the fields every report has)."""
    truth = EXPECTED["reports"][0]
    return {
        "url": truth["url"],
        "portal": truth["portal"],
        "portal_name": "郴州市人民政府",
        "link_text": "",
        "title": truth.get("title") or "某县2023年政府信息公开工作年度报告",
        "agency": "某县人民政府",
        "region": None,
        "year": 2023,
        "published": "2024-01-15",
        "index_no": None,
        "doc_no": None,
        "template": "2019",
        "encoding": "utf-8",
        "encoding_declared": "utf-8",
        "encoding_confidence": None,
        "encoding_rule": "declared",
        "text": "一、总体情况",
        "text_simplified": None,
        "sections": [],
        "tables": [],
        "attachments": [],
        "warc": {
            "file": "a.warc.gz",
            "offset": 0,
            "length": 10,
            "record_id": "<urn:uuid:0f4b7a52-8a5f-4f1e-9d2c-3c2b1a0e9f7d>",
        },
        "fetched": "2026-12-01T00:00:00.000000+00:00",
        "classifier": {"score": 9, "reasons": []},
        "flags": [],
        "warnings": [],
        "errors": [],
    }


@pytest.fixture(scope="module")
def stage() -> SchemaPipeline:
    return SchemaPipeline(get_crawler())


def test_a_complete_item_passes_without_errors(stage):
    item = stage.process_item(_item())
    assert item["errors"] == []
    assert list(item)[:3] == ["schema_version", "url", "portal"]


@pytest.mark.parametrize(
    "field, value",
    [("year", "2023"), ("warc", {"file": 1}), ("tables", "none"), ("flags", None)],
)
def test_a_broken_item_is_kept_with_the_problem_named(stage, field, value):
    item = _item()
    item[field] = value
    out = stage.process_item(item)
    assert any(e.startswith(f"schema:{field}") for e in out["errors"]), out["errors"]


def test_compiled_and_full_validators_agree_on_mutated_items(stage):
    schema = load_schema()
    base = _item()
    for name in schema["properties"]:
        for value in (None, 0, "x", [], {}):
            item = copy.deepcopy(base)
            item[name] = value
            item["schema_version"] = schema["properties"]["schema_version"]["const"]
            full = not list(stage.validator.iter_errors(item))
            try:
                stage.conforms(item)
                fast = True
            except Exception:
                fast = False
            assert fast == full, (name, value)
