"""Held-out portals: different chrome, host names, URL shapes and wording from the demo set.

Used to measure the crawler on portals it was not tuned on. ``holdout_collection()`` builds
them; ``python -m demo.sites.truth --collection holdout`` writes portals.toml / expected.json here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from demo.sites.collection import Collection


@cache
def holdout_collection() -> Collection:
    from tests.holdout_sites import huichang, jiashan, suyu, yangling

    return Collection(
        name="holdout",
        portals=[m.build() for m in (jiashan, suyu, yangling, huichang)],
        directory=Path(__file__).resolve().parent,
        generator="python -m demo.sites.truth --collection holdout",
    )
