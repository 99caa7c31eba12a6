"""Second held-out set: portals shaped like CMSes none of the other collections has (gkmlpt,
方正, 开普云, DedeCMS, PHPCMS, ASP.NET WebForms), to measure the crawler as outsiders would.

``holdout2_collection()`` builds them; ``python -m tests.holdout2_sites`` writes portals.toml and
expected.json here (``--check``: exit 1 if they are stale).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from demo.sites.collection import Collection


@cache
def holdout2_collection() -> Collection:
    from tests.holdout2_sites import jiangyou, longxi, lusong, shashi, xinhui, yichun

    return Collection(
        name="holdout2",
        portals=[m.build() for m in (xinhui, jiangyou, shashi, longxi, yichun, lusong)],
        directory=Path(__file__).resolve().parent,
        generator="python -m tests.holdout2_sites",
    )
