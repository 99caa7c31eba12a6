"""Runs fuzz cases: Hypothesis draws a case (seed, mutation steps, variant), the harness builds its
input and runs the target's check in a forked child under the target's time cap. A case that
raises, crashes the process or outlives the cap is a failure, reported with the run's seed, the
case Hypothesis shrank it to and a reproducer file that ``python -m bench.fuzz --replay`` runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import select
import signal
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from tests.fuzz_mutators import PARAM_MAX, Profile
from tests.fuzz_seeds import Seed
from tests.fuzz_targets import TARGETS, Target

MAX_BODY = 64 * 1024 * 1024  # DOWNLOAD_MAXSIZE: no page the crawler parses is larger
MAX_STEPS = 4
MEMORY_HEADROOM = 3 * 1024**3  # a case needing more than this is a failure (MemoryError)
REPRODUCERS = Path(__file__).resolve().parent.parent / "output" / "fuzz"


@dataclass(frozen=True)
class Case:
    seed: int  # index into the target's seeds
    steps: tuple[tuple[str, int, int, int], ...]  # (mutation, a, b, c), applied in order
    variant: int  # what travels with the bytes (see tests/fuzz_targets.py)


def case_strategy(target: Target, seed_count: int) -> st.SearchStrategy[Case]:
    param = st.integers(0, PARAM_MAX)
    step = st.tuples(st.sampled_from(sorted(target.mutations)), param, param, param)
    return st.builds(
        Case,
        seed=st.integers(0, seed_count - 1),
        steps=st.lists(step, max_size=MAX_STEPS).map(tuple),
        variant=st.integers(0, 255),
    )


def build_input(target: Target, seeds: list[Seed], case: Case, profile: Profile) -> bytes:
    body = seeds[case.seed].body
    for name, a, b, c in case.steps:
        body = target.mutations[name](body, a, b, c, profile)[:MAX_BODY]
    return body


def describe(seeds: list[Seed], case: Case) -> str:
    return f"seed={seeds[case.seed].name!r} steps={list(case.steps)} variant={case.variant}"


# --- one case in a child process -----------------------------------------------------------------


@dataclass
class Outcome:
    status: str  # ok, raised, hang, crashed
    elapsed: float  # seconds the check ran (the cap for a hang)
    error: str = ""
    traceback: str = ""
    max_rss_kb: int = 0

    @property
    def failed(self) -> bool:
        return self.status != "ok"


def _limit_memory() -> None:
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_HEADROOM, size + MEMORY_HEADROOM))


def _child(
    out: int, check: Callable[[Seed, bytes, int], None], seed: Seed, body: bytes, variant: int
) -> None:
    try:
        os.setpgid(0, 0)  # its own process group: a hang is killed with what it started (antiword)
        # what cores print (warcio writes zlib errors to stderr) is noise here: the pipe carries
        # the outcome
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        _limit_memory()
        result: dict = {"status": "ok"}
        started = time.perf_counter()
        try:
            check(seed, body, variant)
        except BaseException as exc:
            result = {
                "status": "raised",
                "error": f"{type(exc).__name__}: {exc}"[:2000],
                "traceback": "".join(traceback.format_exception(exc))[-8000:],
            }
        result["elapsed"] = time.perf_counter() - started
        data = json.dumps(result).encode()
        while data:
            data = data[os.write(out, data) :]
    finally:
        os._exit(0)


def run_capped(
    check: Callable[[Seed, bytes, int], None], seed: Seed, body: bytes, variant: int, cap: float
) -> Outcome:
    """Run ``check`` in a forked child; kill it when it is still running after ``cap`` seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, check, seed, body, variant)
    os.close(write_end)
    deadline = time.monotonic() + cap
    chunks: list[bytes] = []
    hung = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                hung = True
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if hung:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    if hung:
        return Outcome("hang", cap, f"still running after {cap:g} s", max_rss_kb=usage.ru_maxrss)
    try:
        result = json.loads(b"".join(chunks))
    except ValueError:
        how = (
            f"signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit {os.WEXITSTATUS(status)}"
        )
        return Outcome("crashed", 0.0, f"the process died ({how})", max_rss_kb=usage.ru_maxrss)
    return Outcome(
        result["status"],
        result["elapsed"],
        result.get("error", ""),
        result.get("traceback", ""),
        usage.ru_maxrss,
    )


# --- a run of one target ------------------------------------------------------------------------


@dataclass
class TargetStats:
    """What a run of one target measured."""

    target: str
    cases: int = 0
    elapsed: list[float] = field(default_factory=list)
    longest: float = 0.0
    longest_case: str = ""
    max_rss_kb: int = 0
    failures: list[str] = field(default_factory=list)  # the final (shrunk) failure of the run

    def record(self, description: str, outcome: Outcome) -> None:
        self.cases += 1
        self.elapsed.append(outcome.elapsed)
        if outcome.elapsed >= self.longest:
            self.longest, self.longest_case = outcome.elapsed, description
        self.max_rss_kb = max(self.max_rss_kb, outcome.max_rss_kb)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.elapsed) if self.elapsed else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.elapsed) if self.elapsed else 0.0


class FuzzFailure(AssertionError):
    pass


def save_reproducer(
    target: Target, seeds: list[Seed], case: Case, body: bytes, outcome: Outcome
) -> Path:
    """The failing input and how to replay it, under output/fuzz/."""
    REPRODUCERS.mkdir(parents=True, exist_ok=True)
    name = f"{target.name}-{hashlib.sha1(body).hexdigest()[:12]}"
    (REPRODUCERS / f"{name}.bin").write_bytes(body)
    sidecar = REPRODUCERS / f"{name}.json"
    sidecar.write_text(
        json.dumps(
            {
                "target": target.name,
                "seed": seeds[case.seed].name,
                "steps": case.steps,
                "variant": case.variant,
                "input": f"{name}.bin",
                "outcome": outcome.status,
                "error": outcome.error,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return sidecar


def fuzz_run(
    target: Target,
    cases: int,
    profile: Profile,
    stats: TargetStats | None = None,
    seed: int | None = None,
    shrink_seconds: float = 60.0,
) -> Callable[[], None]:
    """A Hypothesis test of ``cases`` cases of ``target``; call it to run. Without ``seed`` the
    cases are derandomized (the same every run: the bounded run in ``make test``).

    Shrinking a failure stops ``shrink_seconds`` after it was found (a hang costs the whole cap
    each try): cases not run by then count as passing, and the smallest failure so far is the
    one reported."""
    seeds = target.seeds()
    stats = stats if stats is not None else TargetStats(target.name)
    how = f"hypothesis seed {seed}" if seed is not None else "derandomized"
    outcomes: dict[tuple[int, int, bytes], Outcome] = {}  # Hypothesis tries a case again
    failing_since: list[float] = []

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
        print_blob=True,
        report_multiple_bugs=False,
    )
    @given(case_strategy(target, len(seeds)))
    def run(case: Case) -> None:
        body = build_input(target, seeds, case, profile)
        key = (case.seed, case.variant, hashlib.sha1(body).digest())
        description = describe(seeds, case)
        outcome = outcomes.get(key)
        if outcome is None:
            if failing_since and time.monotonic() - failing_since[0] > shrink_seconds:
                return
            outcome = run_capped(target.check, seeds[case.seed], body, case.variant, target.cap)
            outcomes[key] = outcome
            stats.record(description, outcome)
        if not outcome.failed:
            return
        failing_since[:] = failing_since or [time.monotonic()]
        sidecar = save_reproducer(target, seeds, case, body, outcome)
        message = (
            f"fuzz target {target.name!r} ({how}): {outcome.status}: {outcome.error}\n"
            f"  case: {description}\n"
            f"  input: {len(body)} bytes; replay: python -m bench.fuzz --replay {sidecar}\n"
            f"{outcome.traceback}"
        )
        stats.failures[:] = [message]  # Hypothesis replays the shrunk case last
        raise FuzzFailure(message)

    return run if seed is None else hypothesis_seed(seed)(run)


def replay(sidecar: Path) -> None:
    """Run a saved failing case in this process, so its exception and traceback show."""
    saved = json.loads(sidecar.read_text(encoding="utf-8"))
    target = TARGETS[saved["target"]]
    seed = next(s for s in target.seeds() if s.name == saved["seed"])
    body = (sidecar.parent / saved["input"]).read_bytes()
    target.check(seed, body, saved["variant"])
