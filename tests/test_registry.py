"""Portal registry loading and validation."""

from pathlib import Path

import pytest

from crawler.registry import RegistryError, load_registry, registrable_domain, site_domain


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_entry_gets_defaults(tmp_path):
    path = write(
        tmp_path,
        """
[[portal]]
id = "czs"
name = "郴州市人民政府"
start_urls = ["http://www.czs.gov.cn/"]
""",
    )
    (portal,) = load_registry(path)
    assert portal.id == "czs"
    assert portal.name == "郴州市人民政府"
    assert portal.render == "auto"
    assert portal.allowed_domains == ("czs.gov.cn",)
    assert portal.download_delay is None and portal.max_pages is None


def test_allowed_domains_default_covers_subdomains(tmp_path):
    path = write(
        tmp_path,
        """
[[portal]]
id = "cc"
start_urls = ["http://js.changchun.gov.cn/zcbm/", "https://www.changchun.gov.cn/"]
""",
    )
    (portal,) = load_registry(path)
    assert portal.allowed_domains == ("changchun.gov.cn",)
    assert portal.covers("http://xxgk.changchun.gov.cn/ndbg/index.html")
    assert portal.covers("http://changchun.gov.cn:8080/")
    assert not portal.covers("http://changchun.gov.cn.evil.com/")
    assert not portal.covers("http://www.baike.com/changchun.gov.cn")


def test_a_department_site_is_not_its_city_portal(tmp_path):
    path = write(
        tmp_path,
        """
[[portal]]
id = "hengyang-sthjj"
start_urls = ["http://sthjj.hengyang.gov.cn/xxgk/"]
""",
    )
    (portal,) = load_registry(path)
    assert portal.allowed_domains == ("sthjj.hengyang.gov.cn",)
    assert portal.covers("http://sthjj.hengyang.gov.cn/xxgk/ndbg/")
    assert not portal.covers("http://www.hengyang.gov.cn/")


def test_www_is_never_stripped_down_to_a_public_suffix():
    assert site_domain("www.gov.cn") == "www.gov.cn"
    assert site_domain("www.czs.gov.cn") == "czs.gov.cn"
    assert site_domain("122.137.242.24") == "122.137.242.24"


def test_ip_hosts_are_their_own_domain():
    assert registrable_domain("122.137.242.24") == "122.137.242.24"
    assert registrable_domain("www.bjmy.gov.cn") == "bjmy.gov.cn"


def test_overrides_are_read(tmp_path):
    path = write(
        tmp_path,
        """
[[portal]]
id = "a"
start_urls = ["http://www.a.gov.cn/"]
render = "always"
download_delay = 2.5
max_pages = 300
allowed_domains = ["a.gov.cn", "xxgk.b.gov.cn"]
region = "湖南省郴州市"
""",
    )
    (portal,) = load_registry(path)
    assert portal.region == "湖南省郴州市"
    assert (portal.render, portal.download_delay, portal.max_pages) == ("always", 2.5, 300)
    assert portal.allowed_domains == ("a.gov.cn", "xxgk.b.gov.cn")


@pytest.mark.parametrize(
    ("body", "entry", "field"),
    [
        ('[[portal]]\nname = "x"\nstart_urls = ["http://a.gov.cn/"]\n', "#1", "id"),
        ('[[portal]]\nid = "x"\n', "#1 (x)", "start_urls"),
        ('[[portal]]\nid = "x"\nstart_urls = ["ftp://a.gov.cn/"]\n', "#1 (x)", "start_urls"),
        (
            '[[portal]]\nid = "x"\nstart_urls = ["http://a/"]\nrender = "sometimes"\n',
            "#1 (x)",
            "render",
        ),
        (
            '[[portal]]\nid = "x"\nstart_urls = ["http://a/"]\nmax_pages = 0\n',
            "#1 (x)",
            "max_pages",
        ),
        ('[[portal]]\nid = "x"\nstart_urls = ["http://a/"]\ndelay = 1\n', "#1 (x)", "delay"),
        (
            '[[portal]]\nid = "x"\nstart_urls = ["http://a/"]\n'
            '[[portal]]\nid = "y"\nstart_urls = ["http://b/"]\ndownload_delay = "slow"\n',
            "#2 (y)",
            "download_delay",
        ),
        (
            '[[portal]]\nid = "x"\nstart_urls = ["http://a/"]\n'
            '[[portal]]\nid = "x"\nstart_urls = ["http://b/"]\n',
            "#2 (x)",
            "id",
        ),
    ],
)
def test_wrong_entry_is_named_with_its_field(tmp_path, body, entry, field):
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, body))
    assert caught.value.entry == entry
    assert caught.value.field == field
    assert f"portal {entry}" in str(caught.value) and f"'{field}'" in str(caught.value)


def test_invalid_toml_is_reported_as_such(tmp_path):
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(write(tmp_path, "[[portal]\nid="))


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(RegistryError, match="does not exist"):
        load_registry(tmp_path / "nope.toml")
