"""Kinerja BPOM warehouse: ingestion, validation and orchestration.

dbt always runs in a process of its own here (the dbt step's, `warehouse/dbt_warm.py`), so the
processes that orchestrate it (`kinerja refresh`, the UI's code server, the tests) need dagster-dbt
but not dbt-core. While dagster-dbt is first imported, dbt-core is kept out of sight, and
dagster-dbt takes the path it has for the dbt Fusion engine, which it runs without dbt-core in the
process. That saves importing dbt-core (about 1 s) at every start. Once dagster-dbt is imported,
`import dbt` works as usual, and where dbt was imported first nothing changes.
"""

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import PathFinder


class _DagsterDbtWithoutDbtCore(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "dagster_dbt":
            return None
        sys.meta_path.remove(self)  # once
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or "dbt" in sys.modules:
            return spec
        stock = spec.loader.exec_module

        def exec_module(module):
            sys.modules["dbt"] = None  # `import dbt...` raises ModuleNotFoundError meanwhile
            try:
                stock(module)
            finally:
                if sys.modules.get("dbt", 0) is None:
                    del sys.modules["dbt"]

        spec.loader.exec_module = exec_module
        return spec


if "dagster_dbt" not in sys.modules:
    sys.meta_path.insert(0, _DagsterDbtWithoutDbtCore())
