"""Every module imports on its own, in a fresh interpreter, without the dbt manifest and
without reading the seeds: nothing heavy or raising happens at import time, and the rooms
depend on each other in one direction only (submissions <- warehouse <- publishing <- defs <- runtime)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODULES = sorted(
    ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    for p in (REPO / "orchestration").rglob("*.py")
)
ROOMS = ["submissions", "warehouse", "publishing", "defs", "runtime"]

PROBE = r"""
import builtins, json, sys
opened = []
real_open = builtins.open
def spy(file, *a, **k):
    opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = spy
import importlib
importlib.import_module(sys.argv[1])
mods = sorted(m for m in sys.modules if m.startswith("orchestration."))
print(json.dumps({"opened": opened, "modules": mods}))
"""


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_alone_without_manifest_or_seeds(module, tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "KINERJA_DATA_DIR": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    touched = [f for f in report["opened"] if "/seeds/" in f or f.endswith("manifest.json")]
    assert not touched, f"{module} reads {touched} at import"
    room = module.split(".")[1] if module.count(".") >= 1 else None
    if room in ROOMS:
        later = set(ROOMS[ROOMS.index(room) + 1 :])
        wrong = [m for m in report["modules"] if m.split(".")[1] in later]
        assert not wrong, f"{module} ({room}) imports a later room: {wrong}"
