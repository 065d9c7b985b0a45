"""A Dagster logger that prints one line per step, asset and check: the progress that
`kinerja refresh` shows."""

import logging
import sys
import time

from dagster import Field, logger

MAX_FAILURE_LINES = 60


class _ProgressHandler(logging.Handler):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        line = describe(event) if event is not None else None
        if line:
            self.stream.write(f"[{time.monotonic() - self.started:6.1f}s] {line}\n")
            self.stream.flush()


def describe(event) -> str | None:
    kind = event.event_type_value
    if kind == "STEP_START":
        return f"start   {event.step_key}"
    if kind == "STEP_SUCCESS":
        return f"done    {event.step_key}"
    if kind == "STEP_FAILURE":
        err = event.step_failure_data.error
        lines = (err.message if err else "").strip().splitlines()
        head = lines[0].replace("dagster._core.definitions.events.Failure: ", "") if lines else ""
        detail = "".join(f"\n          {line.strip()}" for line in lines[1:MAX_FAILURE_LINES])
        more = (
            f"\n          ... {len(lines) - MAX_FAILURE_LINES} more lines in the Dagster UI"
            if len(lines) > MAX_FAILURE_LINES
            else ""
        )
        return f"FAILED  {event.step_key}: {head}{detail}{more}"
    if kind == "ASSET_MATERIALIZATION":
        mat = event.step_materialization_data.materialization
        rows = mat.metadata.get("dagster/row_count")
        partition = f" [{mat.partition}]" if mat.partition else ""
        suffix = f" ({rows.value} rows)" if rows is not None else ""
        return f"built   {mat.asset_key.to_user_string()}{partition}{suffix}"
    if kind == "ASSET_CHECK_EVALUATION":
        ev = event.event_specific_data
        if ev.passed and not ev.check_name.startswith("pandera"):
            return None  # dbt tests: only failures are worth a line each
        status = "passed" if ev.passed else "FAILED"
        return f"check   {ev.asset_key.to_user_string()} {ev.check_name}: {status}"
    if kind == "RUN_FAILURE":
        return "run failed"
    return None


@logger(
    config_schema={"log_level": Field(str, is_required=False, default_value="DEBUG")},
    description="One line per step, materialisation and check, for the command line.",
)
def progress_logger(init_context):
    log = logging.Logger("kinerja.progress", level=logging.DEBUG)
    log.addHandler(_ProgressHandler(sys.stdout))
    return log
