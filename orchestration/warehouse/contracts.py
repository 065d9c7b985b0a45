"""pandera contracts of the marts, the promise BI users rely on: grain, keys, categories,
rates in [0, 1] with their numerators and denominators."""

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from orchestration.warehouse import family_marts

PERIOD = r"^\d{4}-Q[1-4]$"


def _rate(**kw):
    return pa.Field(ge=0, le=1, nullable=True, **kw)


def _count(**kw):
    return pa.Field(ge=0, **kw)


class _Period(pa.DataFrameModel):
    period: Series[str] = pa.Field(str_matches=PERIOD)
    year: Series[np.int32] = pa.Field(ge=2000, le=2100)
    quarter: Series[np.int32] = pa.Field(isin=[1, 2, 3, 4])


class SamplingTmsRates(_Period):
    commodity_code: Series[str]
    sampling_method: Series[str] = pa.Field(isin=["targeted", "random"])
    sampled: Series[int] = _count()
    examined: Series[int] = _count()
    tested: Series[int] = _count()
    failed_tms: Series[int] = _count()
    total_tms: Series[int] = _count()
    tms_rate: Series[float] = _rate()
    lab_tms_rate: Series[float] = _rate()
    noncompliance_rate: Series[float] = _rate()

    class Config:
        unique = ["period", "commodity_code", "sampling_method"]

    @pa.dataframe_check(error="tms_rate must equal failed_tms / examined")
    def tms_rate_is_g_over_j(cls, df):
        expected = df["failed_tms"] / df["examined"].where(df["examined"] > 0)
        return (df["tms_rate"] - expected).abs().fillna(0) < 1e-9


class SamplingTmsSummary(_Period):
    sampling_method: Series[str] = pa.Field(isin=["targeted", "random", "all"])
    sampled: Series[int] = _count()
    examined: Series[int] = _count()
    failed_tms: Series[int] = _count()
    tms_rate: Series[float] = _rate()
    lab_tms_rate: Series[float] = _rate()
    noncompliance_rate: Series[float] = _rate()

    class Config:
        unique = ["period", "sampling_method"]


class PerkaraFunnel(_Period):
    stage_code: Series[str]
    stage_order: Series[np.int32] = pa.Field(ge=1, le=6)
    cases_in_stage: Series[int] = _count()
    cases_reached_stage: Series[int] = _count()
    total_cases: Series[int] = _count()
    share_of_cases: Series[float] = _rate()
    conversion_from_previous: Series[float] = _rate()

    class Config:
        unique = ["period", "stage_code"]

    @pa.dataframe_check(error="a stage cannot be reached by more cases than the stage before it")
    def funnel_narrows(cls, df):
        ordered = df.sort_values(["period", "stage_order"])
        previous = ordered.groupby("period")["cases_reached_stage"].shift(1)
        return (previous.isna() | (ordered["cases_reached_stage"] <= previous)).reindex(df.index)


class BudgetRankings(_Period):
    group_code: Series[str] = pa.Field(isin=["pusat", "balai", "loka"])
    unit_name: Series[str]
    pagu: Series[int] = _count()
    pagu_adjusted: Series[int] = _count()
    realisasi: Series[int] = _count()
    realisasi_pct_of_pagu: Series[float] = _rate()
    realisasi_pct_of_adjusted_pagu: Series[float] = _rate()
    rank_in_group: Series[int] = pa.Field(ge=1)
    rank_overall: Series[int] = pa.Field(ge=1)

    class Config:
        unique = ["period", "group_code", "unit_name"]

    @pa.dataframe_check(error="rank_in_group must run 1..n within each period and group")
    def ranks_are_dense(cls, df):
        size = df.groupby(["period", "group_code"])["rank_in_group"].transform("size")
        distinct = df.groupby(["period", "group_code"])["rank_in_group"].transform("nunique")
        return (df["rank_in_group"] <= size) & (distinct == size)


class BudgetSummary(_Period):
    dimension: Series[str] = pa.Field(isin=["group", "spending_type"])
    category_code: Series[str]
    pagu: Series[int] = _count()
    realisasi: Series[int] = _count()
    realisasi_pct: Series[float] = _rate()

    class Config:
        unique = ["period", "dimension", "category_code"]

    @pa.dataframe_check(error="group rows must reconcile with the unit rows")
    def reconciles(cls, df):
        return (df["dimension"] != "group") | df["reconciles_with_units"].fillna(False).astype(bool)


class RkpCapaian(_Period):
    indicator_id: Series[str]
    program_code: Series[str] = pa.Field(isin=["A", "B"])
    indicator: Series[str]
    status: Series[str] = pa.Field(isin=["measured", "year_end", "progress", "starts_later"])
    band: Series[str] = pa.Field(isin=["met", "near", "behind"], nullable=True)
    capaian_recomputed: Series[float] = pa.Field(ge=0, nullable=True)

    class Config:
        unique = ["period", "indicator_id"]

    @pa.dataframe_check(error="only measured indicators have a band")
    def band_only_when_measured(cls, df):
        return df["band"].isna() | (df["status"] == "measured")


class RkpKegiatanSummary(_Period):
    program_code: Series[str] = pa.Field(isin=["A", "B"])
    indicators: Series[int] = pa.Field(ge=1)
    measured: Series[int] = _count()
    met: Series[int] = _count()
    near: Series[int] = _count()
    behind: Series[int] = _count()

    @pa.dataframe_check(error="met + near + behind must equal measured")
    def bands_add_up(cls, df):
        return df["met"] + df["near"] + df["behind"] == df["measured"]


class BookFigures(_Period):
    section: Series[str]
    dataset: Series[str]
    figure: Series[str]
    breakdown: Series[str] = pa.Field(nullable=True)
    unit: Series[str]
    kind: Series[str] = pa.Field(isin=["count", "amount", "percent", "number", "text"])
    source_file: Series[str]

    class Config:
        unique = ["period", "dataset", "figure", "breakdown"]

    @pa.dataframe_check(
        error="a figure of kind text has no number; every other figure has one unless blank in the book"
    )
    def numbers_where_numbers(cls, df):
        return (df["kind"] != "text") | df["value"].isna()


class ConsistencyFindings(_Period):
    dataset: Series[str]
    rule_id: Series[str]
    severity: Series[str] = pa.Field(isin=["finding", "error"])
    subject: Series[str]

    @pa.dataframe_check(error="a finding is a printed value that differs from what its parts give")
    def differs(cls, df):
        return (df["printed_value"] - df["computed_value"]).abs().fillna(1) > 0


class FigureRates(_Period):
    dataset: Series[str]
    rule_id: Series[str]
    numerator: Series[float] = pa.Field(ge=0, nullable=True)
    denominator: Series[float] = pa.Field(ge=0, nullable=True)
    rate: Series[float] = pa.Field(ge=0, nullable=True)


class DatasetStatus(pa.DataFrameModel):
    period: Series[str] = pa.Field(str_matches=PERIOD)
    dataset: Series[str]
    status: Series[str] = pa.Field(isin=["in", "missing", "refused"])

    class Config:
        unique = ["period", "dataset"]


class FigureFamily(_Period):
    """A family mart, marts.mart_<family>: a row per period x dataset x breakdown, a column per
    declared figure. Its columns come from the specs (family_marts.columns), read when a frame
    is checked, not at import."""

    section: Series[str]
    dataset: Series[str]
    breakdown: Series[str]
    source_file: Series[str]

    _family = ""  # set for each family by family_contract

    class Config:
        unique = ["period", "dataset", "breakdown"]

    @classmethod
    def _declared(cls, df) -> list:
        return [c for c in family_marts.columns(cls._family) if c.holds_figure and c.name in df.columns]

    @pa.dataframe_check(error="the columns must be the ones the dataset specs declare, in their order")
    def declared_columns(cls, df):
        return list(df.columns) == [c.name for c in family_marts.columns(cls._family)]

    @pa.dataframe_check(error="every row must belong to a dataset of the family")
    def datasets_of_the_family(cls, df):
        return df["dataset"].isin([ds.name for ds in family_marts.families()[cls._family]])

    @pa.dataframe_check(error="a figure column is filled only on its own dataset's rows")
    def figures_on_their_datasets_rows(cls, df):
        ok = pd.Series(True, index=df.index)
        for c in cls._declared(df):
            ok &= df[c.name].isna() | (df["dataset"] == c.dataset)
        return ok

    @pa.dataframe_check(error="counts, numerators, denominators and rates are never negative")
    def never_negative(cls, df):
        ok = pd.Series(True, index=df.index)
        for c in cls._declared(df):
            if c.data_type == "bigint" or c.take in ("numerator", "denominator", "rate"):
                ok &= ~(pd.to_numeric(df[c.name]) < 0)
        return ok

    @pa.dataframe_check(error="a _rate column must equal its _numerator / _denominator (NULL when that is 0)")
    def rates_are_numerator_over_denominator(cls, df):
        ok = pd.Series(True, index=df.index)
        for c in cls._declared(df):
            if c.take != "rate":
                continue
            base = c.name.removesuffix("_rate")
            num, den = df[f"{base}_numerator"].astype(float), df[f"{base}_denominator"].astype(float)
            expected = num / den.where(den != 0)
            rate = df[c.name].astype(float)
            ok &= (rate.isna() & expected.isna()) | ((rate - expected).abs() < 1e-9)
        return ok


def family_contract(family: str) -> type[FigureFamily]:
    name = "FigureFamily_" + family
    return type(name, (FigureFamily,), {"_family": family, "__module__": __name__})


MART_SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "mart_sampling_tms_rates": SamplingTmsRates,
    "mart_sampling_tms_summary": SamplingTmsSummary,
    "mart_perkara_funnel": PerkaraFunnel,
    "mart_budget_rankings": BudgetRankings,
    "mart_budget_summary": BudgetSummary,
    "mart_rkp_capaian": RkpCapaian,
    "mart_rkp_kegiatan_summary": RkpKegiatanSummary,
    "mart_book_figures": BookFigures,
    "mart_consistency_findings": ConsistencyFindings,
    "mart_figure_rates": FigureRates,
    "mart_dataset_status": DatasetStatus,
    **{family_marts.mart_name(f): family_contract(f) for f in family_marts.FAMILIES},
}


def failures(name: str, frame: pd.DataFrame) -> pd.DataFrame | None:
    """The pandera failure cases of a mart, or None when it passes."""
    try:
        MART_SCHEMAS[name].validate(frame, lazy=True)
        return None
    except pa.errors.SchemaErrors as exc:
        return exc.failure_cases
