"""``python -m tests.holdout2_sites [--check]``: write (or check) this collection's portals.toml
and expected.json from the portal definitions."""

from __future__ import annotations

import argparse
import sys

from tests.holdout2_sites import holdout2_collection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.holdout2_sites", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    collection = holdout2_collection()
    files = {
        "portals.toml": collection.registry_toml(),
        "expected.json": collection.expected_json(),
    }
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (collection.directory / name).exists()
            or (collection.directory / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(
                f"stale in {collection.directory}: {', '.join(stale)}; run {collection.generator}"
            )
            return 1
        print(f"{collection.directory}: up to date")
        return 0
    for path in collection.write():
        print(f"wrote {path}")
    document = collection.expected_document()
    print(f"{len(document['reports'])} reports, {len(document['negatives'])} negatives")
    return 0


if __name__ == "__main__":
    sys.exit(main())
