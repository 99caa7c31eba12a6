"""The repository stands alone: a user's clone has nothing beside it."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"/shared/(seeds|reference)|\.\./shared|parents\[[2-9]\]")


def test_no_source_file_reads_outside_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.toml", "*.cfg", "Makefile", ".ci/*"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    offenders = [
        f"{name}:{number}: {line.strip()}"
        for name in tracked
        if name != "tests/test_self_contained.py"
        for number, line in enumerate((REPO / name).read_text("utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_seed_texts_the_tests_use_are_in_the_repository():
    seeds = sorted(p.name for p in (REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
    assert len(seeds) == 3
    assert all(
        (REPO / "tests" / "fixtures" / "seeds" / name).stat().st_size > 500 for name in seeds
    )
