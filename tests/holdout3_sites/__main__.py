"""``python -m tests.holdout3_sites [--check]``: write (or check) portals.toml, expected.json and
expected_recrawl.json from the portal modules."""

from __future__ import annotations

import argparse
import sys

from tests.holdout3_sites import HERE, fresh_world
from tests.holdout3_sites.world import dumps


def generated() -> dict[str, str]:
    first, second = fresh_world(1), fresh_world(2)
    return {
        "portals.toml": first.registry_toml(),
        "expected.json": dumps(first.expected()),
        "expected_recrawl.json": dumps(second.expected_recrawl()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.holdout3_sites")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    stale = []
    for name, text in generated().items():
        path = HERE / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print("stale: " + ", ".join(stale) + " (run python -m tests.holdout3_sites)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
