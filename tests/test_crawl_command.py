"""The crawl contract's failure modes: a wrong registry or identity stops before any request."""

from tests.crawl_runner import run_scrapy


def test_wrong_registry_stops_the_crawl_naming_entry_and_field(tmp_path):
    registry = tmp_path / "portals.toml"
    registry.write_text(
        '[[portal]]\nid = "czs"\nstart_urls = ["http://www.czs.gov.cn/"]\n'
        '[[portal]]\nid = "bad"\nstart_urls = ["http://www.a.gov.cn/"]\nrender = "sometimes"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_scrapy(
        ["crawl", "annual_reports", "-a", f"portals={registry}", "-s", f"OUTPUT_DIR={out}"], None
    )
    assert result.returncode == 2
    assert "portal #2 (bad): field 'render'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "warc").exists()


def test_unknown_portal_id_is_refused(tmp_path):
    result = run_scrapy(
        [
            "crawl",
            "annual_reports",
            "-a",
            "portals=demo/portals.toml",
            "-a",
            "portal=nope",
            "-s",
            f"OUTPUT_DIR={tmp_path}",
        ],
        None,
    )
    assert result.returncode == 2
    assert "no portal with id 'nope'" in result.stderr


def test_scrapy_default_user_agent_is_refused(tmp_path):
    result = run_scrapy(
        [
            "crawl",
            "annual_reports",
            "-a",
            "portals=demo/portals.toml",
            "-s",
            f"OUTPUT_DIR={tmp_path}",
            "-s",
            "USER_AGENT=Scrapy/2.19.0 (+https://scrapy.org)",
        ],
        None,
    )
    assert result.returncode != 0
    assert "refusing to crawl with this User-Agent" in result.stderr
    assert not list(tmp_path.glob("warc/*.warc.gz"))
