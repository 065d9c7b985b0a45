"""The one Dagster entry point (`dagster dev -m orchestration.definitions`): every module of
the `defs/` folder, loaded the way `dg` projects load theirs."""

import warnings
from pathlib import Path

from dagster import BetaWarning, Definitions, PreviewWarning, definitions, load_from_defs_folder

warnings.filterwarnings("ignore", category=BetaWarning)
warnings.filterwarnings("ignore", category=PreviewWarning)


@definitions
def defs() -> Definitions:
    return load_from_defs_folder(path_within_project=Path(__file__).parent)
