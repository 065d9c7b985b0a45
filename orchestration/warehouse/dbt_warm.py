"""A dbt process started before it is needed: it imports dbt (about 1,6 s) while the refresh
ingests the submissions, then waits for the command line dagster-dbt would have started dbt
with, and runs it in process. Like the `dbt-child` wrapper, it dies with the refresh that
started it (PR_SET_PDEATHSIG), and exits at once when the refresh ends without needing it.

    python -m orchestration.warehouse.dbt_warm   (then one JSON line on stdin: args, env, cwd)
"""

import ctypes
import json
import os
import signal
import sys


def exit_code(result) -> int:
    """dbt's own exit codes: 0 success, 1 a failed node or test, 2 an error dbt did not handle."""
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


def main() -> int:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() == 1:
        return 2
    from dbt.cli.main import dbtRunner

    try:
        import dbt.adapters.duckdb  # noqa: F401 - the default target's adapter, loaded ahead too
    except ImportError:
        pass
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the refresh ended without a dbt build
    job = json.loads(line)
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["cwd"])
    result = dbtRunner().invoke(job["args"])
    sys.stdout.flush()
    return exit_code(result)


if __name__ == "__main__":
    # a normal exit, as the dbt command line's: the working database is closed, and so
    # checkpointed, on the way out (os._exit would leave the build in its write-ahead log)
    sys.exit(main())
