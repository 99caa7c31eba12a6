"""Third held-out world: seven portals built from outside the crawler (TRS, two Hanweb, a
gkmlpt platform, ASP.NET, a county with township pages, a department's own site), in two
versions a year apart, with their ground truth (expected.json, expected_recrawl.json).

``build_world(version)`` serves them; ``python -m tests.holdout3_sites`` writes portals.toml and
the truth files here (``--check``: exit 1 when they are stale); ``python -m
tests.holdout3_sites.run`` crawls both versions as a user would and prints the figures.
"""

from __future__ import annotations

from functools import cache

from tests.holdout3_sites.world import HERE, World


@cache
def build_world(version: int = 1) -> World:
    """Version 1 (the first crawl) or 2 (a year later). Cached: one set of sites per version,
    so build a fresh one with ``fresh_world`` when a test needs servers with no history."""
    return fresh_world(version)


def fresh_world(version: int = 1) -> World:
    from tests.holdout3_sites import gaoming, hengyang, heshan, nanxun, pingjiang, sanmen, wuzhi

    modules = (heshan, nanxun, sanmen, gaoming, wuzhi, pingjiang, hengyang)
    return World(version=version, portals=[m.build(version) for m in modules])


__all__ = ["HERE", "World", "build_world", "fresh_world"]
