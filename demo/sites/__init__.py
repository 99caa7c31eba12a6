"""The demo portals: seven simulated government portals in three CMS styles, with ground truth.

``demo_collection()`` builds every site, its registry entry and its expected reports from the
content definitions in the portal modules (czs, panjin, lishui, yuanmou, smjyj, bjmy, qingfeng).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from demo.sites.collection import Collection


@cache
def demo_collection() -> Collection:
    from demo.sites import bjmy, czs, lishui, panjin, qingfeng, smjyj, yuanmou

    return Collection(
        name="demo",
        portals=[m.build() for m in (czs, panjin, lishui, yuanmou, smjyj, bjmy, qingfeng)],
        directory=Path(__file__).resolve().parent.parent,
        generator="python -m demo.sites.truth",
    )


COLLECTIONS = ("demo", "holdout", "holdout2")


def load_collection(name: str) -> Collection:
    """A collection by name: the demo portals, or a held-out set (tests/holdout_sites,
    tests/holdout2_sites) that discovery was not written against."""
    if name == "holdout2":
        from tests.holdout2_sites import holdout2_collection

        return holdout2_collection()
    if name == "holdout":
        from tests.holdout_sites import holdout_collection

        return holdout_collection()
    if name != "demo":
        raise ValueError(f"no collection {name!r}; one of {', '.join(COLLECTIONS)}")
    return demo_collection()
