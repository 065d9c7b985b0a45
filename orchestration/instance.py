"""The Dagster instance the command line and the UI share: run history under DAGSTER_HOME
(default `data/dagster_home`), with a fast event log and one writer run at a time."""

import os
from pathlib import Path

from orchestration.warehouse import REPO_ROOT

INSTANCE_YAML = """\
# Written by kinerja. Delete it to get the current default again.
# DuckDB allows one writer per file: the run queue lets one refresh at a time write the
# working database; others wait their turn.
concurrency:
  runs:
    tag_concurrency_limits:
      - key: "kinerja/writer"
        limit: 1
event_log_storage:
  module: orchestration.instance_storage
  class: FastSqliteEventLogStorage
  config:
    base_dir: "{storage}"
telemetry:
  enabled: false
"""


def dagster_home() -> Path:
    """DAGSTER_HOME, defaulting (and set, for this process and its children) to data/dagster_home."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / "data" / "dagster_home"))).resolve()
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def prepare_instance(home: Path | None = None) -> Path:
    home = home or dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_YAML.format(storage=home / "storage"))
    return config


def get_instance():
    from dagster import DagsterInstance

    prepare_instance()
    return DagsterInstance.get()
