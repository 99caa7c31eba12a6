"""``python -m tests.holdout2_sites [--check]``: write (or check) this collection's portals.toml
and expected.json, as ``python -m demo.sites.truth --collection holdout2`` does."""

import sys

from demo.sites.truth import main

if __name__ == "__main__":
    sys.exit(main(["--collection", "holdout2", *sys.argv[1:]]))
