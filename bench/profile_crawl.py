"""Where a crawl's CPU goes: a cProfile of ``scrapy crawl`` on a simulated wide world.

``python -m bench.profile_crawl --portals 10 --reports 10 [--sort tottime] [--lines 60]
[--set NAME=VALUE]`` serves the world of bench.wide_world on loopback, crawls it with
``--profile`` and prints the profile (the reactor thread only: reports are parsed on a worker
thread, see bench.pipeline for them). The profile file stays in the printed folder.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from demo.network import DemoNetwork
from demo.run import REPO_ROOT, crawl_environment
from demo.sites.wide_world import wide_world


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=10)
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--sort", default="cumulative", help="profile order (cProfile's names)")
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    world = wide_world(args.portals, args.reports, args.delay)
    work = Path(tempfile.mkdtemp(prefix="profile-crawl-"))
    registry = work / "portals.toml"
    registry.write_text(world.registry, encoding="utf-8")
    profile = work / "crawl.prof"
    command = [sys.executable, "-m", "scrapy", "crawl", "annual_reports"]
    command += ["-a", f"portals={registry}", "-s", f"OUTPUT_DIR={work / 'out'}"]
    command += ["--profile", str(profile)]
    for setting in args.set:
        command += ["-s", setting]
    with DemoNetwork(world.sites) as net, (work / "crawl.log").open("wb") as log:
        env = crawl_environment(net.proxy_url)
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    if done.returncode not in (0, 3):
        sys.exit(f"the crawl failed ({done.returncode}): see {work / 'crawl.log'}")
    pstats.Stats(str(profile)).sort_stats(args.sort).print_stats(args.lines)
    print(f"profile and log in {work}")


if __name__ == "__main__":
    main()
