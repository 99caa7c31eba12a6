"""``python -m demo.serve``: run the demo network until Ctrl-C, for looking at it by hand.

python -m demo.serve [--holdout] [--proxy-port 8899]
curl -x http://127.0.0.1:8899 http://www.czs.gov.cn/
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from demo.network import DemoNetwork
from demo.sites import COLLECTIONS, load_collection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.serve", description=__doc__)
    parser.add_argument("--holdout", action="store_true", help="serve the held-out portals")
    parser.add_argument("--collection", choices=COLLECTIONS, help="which set")
    parser.add_argument("--proxy-port", type=int, default=0, help="proxy port (0 = any free)")
    args = parser.parse_args(argv)
    collection = load_collection(args.collection or ("holdout" if args.holdout else "demo"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with DemoNetwork(collection.sites, proxy_port=args.proxy_port) as net:
        print(f"proxy: {net.proxy_url}", flush=True)
        print(f"  export http_proxy={net.proxy_url}")
        for portal in collection.portals:
            for site in portal.sites:
                origin = f"127.0.0.1:{net.ports[site.host]}"
                print(f"  {portal.id:10} http://{site.host}/  (origin {origin})")
        print(f"registry: {collection.directory / 'portals.toml'}")
        print("Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
