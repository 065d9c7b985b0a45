"""`kinerja ui` answers on 127.0.0.1 and stops cleanly on SIGTERM, even started the way a
shell starts a background job (SIGINT ignored)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KINERJA = Path(sys.executable).with_name("kinerja")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def test_ui_answers_and_stops_on_sigterm(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "KINERJA_DATA_DIR": str(tmp_path / "data"),
        "KINERJA_SUBMISSIONS_DIR": str(tmp_path / "submissions"),
    }
    (tmp_path / "submissions").mkdir()

    def ignore_sigint():  # what `cmd &` does in a non-interactive shell
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = subprocess.Popen(
        [str(KINERJA), "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=ignore_sigint,
    )
    try:
        deadline = time.monotonic() + 90
        answered = False
        while time.monotonic() < deadline and not answered:
            try:
                answered = urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2).status == 200
            except OSError:
                time.sleep(0.5)
        assert answered, "the UI did not answer within 90 s"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        deadline = time.monotonic() + 30
        while alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not alive(proc.pid), "processes of the UI were left running"
    finally:
        if alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
