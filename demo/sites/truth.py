"""Write (or check) a collection's ``portals.toml`` and ``expected.json`` from the portal definitions.

python -m demo.sites.truth                      # rewrite demo/portals.toml, demo/expected.json
python -m demo.sites.truth --collection holdout # tests/holdout_sites/... (holdout2 likewise)
python -m demo.sites.truth --check              # exit 1 if the files on disk are stale
"""

from __future__ import annotations

import argparse
import sys

from demo.sites import COLLECTIONS, load_collection
from demo.sites import labels as L


def _number(text: str) -> float:
    return float(text.replace("万元", "") or 0)


def arithmetic_problems(cells: list[dict]) -> list[str]:
    """Where gold cells break the template's sums (blank cells count as 0)."""
    problems: list[str] = []
    by_key = {(c["table"], c["scope"], c["row"], c["col"]): _number(c["value"]) for c in cells}

    def get(table: str, scope: str, row: str, col: str) -> float:
        return by_key.get((table, scope, row, col), 0.0)

    for scope in sorted({c["scope"] for c in cells if c["table"] == "requests"}):
        rows = sorted({c["row"] for c in cells if c["table"] == "requests"})
        for row in rows:
            parts = sum(get("requests", scope, row, col) for col in L.APPLICANT_COLS[:6])
            if parts != get("requests", scope, row, "总计"):
                problems.append(
                    f"requests {row}: columns sum to {parts:g}, 总计 printed differently"
                )
        form = "2021" if any("（六）其他处理/" in r for r in rows) else "2019"
        for col in L.APPLICANT_COLS:
            leaves = sum(get("requests", scope, r, col) for r in L.result_leaf_rows(form))
            if leaves != get("requests", scope, L.TOTAL_ROW, col):
                problems.append(f"requests {col}: results sum to {leaves:g}, （七）总计 differs")
            left = get("requests", scope, L.NEW_REQUESTS, col) + get(
                "requests", scope, L.CARRIED_IN, col
            )
            right = get("requests", scope, L.TOTAL_ROW, col) + get(
                "requests", scope, L.CARRIED_OUT, col
            )
            if left != right:
                problems.append(f"requests {col}: 一+二 = {left:g} but 三+四 = {right:g}")
    for scope in sorted({c["scope"] for c in cells if c["table"] == "stats2008"}):
        received = "三、依申请公开情况/（一）收到申请数"
        ways = sum(
            get("stats2008", scope, f"{received}/{w}", "统计数")
            for w in ("1.当面申请数", "2.传真申请数", "3.网络申请数", "4.信函申请数")
        )
        if ways != get("stats2008", scope, received, "统计数"):
            problems.append(f"stats2008[{scope}] 收到申请数 differs from its channels ({ways:g})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.sites.truth", description=__doc__)
    parser.add_argument("--collection", choices=COLLECTIONS, default="demo")
    parser.add_argument("--check", action="store_true", help="only check the files are current")
    args = parser.parse_args(argv)
    collection = load_collection(args.collection)
    if args.check:
        stale = [
            name
            for name, text in (
                ("portals.toml", collection.registry_toml()),
                ("expected.json", collection.expected_json()),
            )
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
