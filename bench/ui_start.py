"""Seconds from `kinerja ui` to the UI answering GraphQL `assetNodes` with every asset, over
three starts (each stopped with SIGTERM before the next).

    .venv/bin/python bench/ui_start.py [--port 3917] [--repeat 3]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERY = json.dumps({"query": "{ assetNodes { id } }"}).encode()


def assets_answered(port: int) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", QUERY, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=2) as response:
        return len(json.loads(response.read())["data"]["assetNodes"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=3917)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    kinerja = Path(sys.executable).with_name("kinerja")
    for i in range(args.repeat):
        began = time.monotonic()
        ui = subprocess.Popen(
            [str(kinerja), "ui", "--port", str(args.port)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        n = 0
        try:
            while not n and time.monotonic() - began < 120:
                try:
                    n = assets_answered(args.port)
                except OSError:
                    time.sleep(0.1)
            print(f"start {i + 1}: {n} assets after {time.monotonic() - began:.1f} s", flush=True)
        finally:
            os.killpg(ui.pid, signal.SIGTERM)
            ui.wait(timeout=30)
        time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
