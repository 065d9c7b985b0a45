"""dbt command lines, built by small pure functions so they can be tested without dbt."""

from __future__ import annotations

from pathlib import Path


def build_args(select: str | None = None, exclude: str | None = None, fail_fast: bool = True) -> list[str]:
    """`dbt build` over the whole project. No --vars: partial parsing stays valid between runs."""
    args = ["build"]
    if select:
        args += ["--select", select]
    if exclude:
        args += ["--exclude", exclude]
    if fail_fast:
        args.append("--fail-fast")
    return args


def parse_args(project_dir: Path, profiles_dir: Path, target_path: Path | None = None) -> list[str]:
    args = ["parse", "--project-dir", str(project_dir), "--profiles-dir", str(profiles_dir)]
    if target_path is not None:
        args += ["--target-path", str(target_path)]
    return args
