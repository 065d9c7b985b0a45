"""Every module imports on its own, in a fresh interpreter, without the dbt manifest and
without reading the seeds: nothing heavy or raising happens at import time. The rooms depend on
each other in one direction only: submissions <- warehouse <- publishing <- defs <- runtime."""

import ast
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILES = sorted((REPO / "orchestration").rglob("*.py"))
MODULES = [".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__") for p in FILES]
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
print(json.dumps(opened))
"""


def _import_alone(module: str, cwd: Path) -> tuple[str, int, str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        # PYTHONPATH: this checkout's modules, even when the venv's editable install is another's
        env={"PATH": "/usr/bin:/bin", "KINERJA_DATA_DIR": str(cwd), "PYTHONPATH": str(REPO)},
    )
    opened = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else []
    return module, out.returncode, out.stderr[-2000:], opened


def test_every_module_imports_alone_without_manifest_or_seeds(tmp_path):
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda m: _import_alone(m, tmp_path), MODULES))
    failed = {m: err for m, rc, err, _ in results if rc != 0}
    assert not failed, failed
    touched = {m: [f for f in opened if "/seeds/" in f or f.endswith("manifest.json")] for m, _, _, opened in results}
    assert not {m: f for m, f in touched.items() if f}, "modules that read seeds or the manifest at import"


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in ROOMS else None


def test_rooms_import_only_earlier_rooms():
    wrong = []
    for path, module in zip(FILES, MODULES, strict=True):
        room = _room(module)
        if room is None:
            continue
        later = set(ROOMS[ROOMS.index(room) + 1 :])
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                target = _room(name + ".x") if name.startswith("orchestration.") else None
                if target in later:
                    wrong.append(f"{module} ({room}) imports {name} ({target})")
    assert not wrong, wrong
