"""Start `dagster dev` so that Ctrl-C and SIGTERM stop it cleanly, even from a background shell."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from orchestration.runtime.instance import prepare_instance
from orchestration.warehouse.paths import REPO_ROOT


def dagster_dev_command(host: str, port: int) -> list[str]:
    dagster = Path(sys.executable).with_name("dagster")
    return [
        str(dagster if dagster.exists() else "dagster"),
        "dev",
        "-m",
        "orchestration.definitions",
        "--host",
        host,
        "--port",
        str(port),
    ]


def _reset_signals() -> None:
    # A shell's `&` leaves SIGINT ignored in the child, and dagster dev then never stops.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_ui(host: str = "127.0.0.1", port: int = 3000) -> int:
    prepare_instance()
    env = dict(os.environ)
    print(f"Dagster UI on http://{host}:{port} (Ctrl-C to stop)", flush=True)
    child = subprocess.Popen(dagster_dev_command(host, port), cwd=REPO_ROOT, env=env, preexec_fn=_reset_signals)

    asked = []

    def forward(signum, _frame):
        if child.poll() is None:
            # dagster dev shuts its webserver and daemon down on SIGINT; a second signal insists
            child.send_signal(signal.SIGINT if not asked else signal.SIGTERM)
            asked.append(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        code = child.wait(timeout=None)
    finally:
        if child.poll() is None:
            child.kill()
    return 0 if code in (0, -signal.SIGINT, 130) else code
