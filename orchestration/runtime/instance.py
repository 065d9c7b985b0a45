"""The Dagster instance the command line and the UI share: run history under DAGSTER_HOME
(default `data/dagster_home`), with a fast event log and one writer run at a time; or, with
KINERJA_DAGSTER_POSTGRES_URL set, run history, event log and schedules in PostgreSQL, for a
deployment where several people and daemons share one instance."""

import os
from pathlib import Path

from orchestration.defs.names import WRITER_TAG
from orchestration.warehouse.paths import REPO_ROOT

OWN_MARK = "# Written by kinerja."
INSTANCE_YAML = """\
# Written by kinerja. Delete it to get the current default again.
# DuckDB allows one writer per file: the run queue lets one refresh at a time write the
# working database; others wait their turn.
concurrency:
  runs:
    tag_concurrency_limits:
      - key: "{writer_tag}"
        limit: 1
event_log_storage:
  module: orchestration.private_api
  class: FastSqliteEventLogStorage
  config:
    base_dir: "{storage}"
telemetry:
  enabled: false
"""

POSTGRES_URL_VAR = "KINERJA_DAGSTER_POSTGRES_URL"
EVENT_BATCH_VAR = "DAGSTER_EVENT_BATCH_SIZE"
# Runs, events and schedules in Postgres (dagster-postgres). The URL is read from the
# environment when the instance starts, so no password is written into this file.
POSTGRES_INSTANCE_YAML = """\
# Written by kinerja. Delete it to get the current default again.
# Dagster's runs, event log and schedules in PostgreSQL ({url_var}).
concurrency:
  runs:
    tag_concurrency_limits:
      - key: "{writer_tag}"
        limit: 1
storage:
  postgres:
    postgres_url:
      env: {url_var}
telemetry:
  enabled: false
"""


def dagster_home() -> Path:
    """DAGSTER_HOME, defaulting (and set, for this process and its children) to data/dagster_home."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / "data" / "dagster_home"))).resolve()
    os.environ["DAGSTER_HOME"] = str(home)
    # Dagster then hands the events it plans for a new run to the event log as one batch,
    # which FastSqliteEventLogStorage writes in one transaction.
    os.environ.setdefault(EVENT_BATCH_VAR, "1000")
    return home


def prepare_instance(home: Path | None = None) -> Path:
    home = home or dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if os.environ.get(POSTGRES_URL_VAR):
        ours = POSTGRES_INSTANCE_YAML.format(url_var=POSTGRES_URL_VAR, writer_tag=WRITER_TAG)
    else:
        ours = INSTANCE_YAML.format(storage=home / "storage", writer_tag=WRITER_TAG)
    # A file kinerja wrote earlier is brought up to date; one written by a person is left alone.
    if not config.exists() or (config.read_text().startswith(OWN_MARK) and config.read_text() != ours):
        config.write_text(ours)
    return config


def get_instance():
    from dagster import DagsterInstance

    prepare_instance()
    return DagsterInstance.get()
