"""The quarterly book rendered from the published marts: HTML, PDF and the data workbook of
each quarter, downstream of the served file in the lineage."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    asset,
    define_asset_job,
    in_process_executor,
)

from orchestration.defs.ingest import QUARTERS
from orchestration.defs.names import BOOK_GROUP
from orchestration.defs.resources import WarehouseResource

BOOK_KEY = AssetKey(["publication", "book"])


@asset(
    key=BOOK_KEY,
    group_name=BOOK_GROUP,
    deps=[AssetKey(["served", "warehouse"])],
    partitions_def=QUARTERS,
    backfill_policy=BackfillPolicy.single_run(),
    kinds={"html", "pdf", "excel"},
    description="Kinerja BPOM Dalam Angka of the quarter, written from the served marts: "
    "`kinerja-<quarter>.html` (self-contained), `.pdf` (A4, contents, page numbers) and `-data.xlsx` "
    "(every table as a sheet), under `<data dir>/book/<quarter>/`. The same as `kinerja book QUARTER --out DIR`.",
)
def book(context: AssetExecutionContext, warehouse: WarehouseResource):
    from orchestration.publishing.book.render import render_book

    outputs = {}
    for quarter in sorted(context.partition_keys):
        out_dir = warehouse.paths.served_db.parent / "book" / quarter
        editorial = warehouse.paths.submissions / quarter / "editorial.md"
        files = render_book(warehouse.paths.served_db, quarter, out_dir, editorial if editorial.exists() else None)
        outputs[quarter] = [str(p) for p in files]
        context.log.info(f"{quarter}: wrote {', '.join(p.name for p in files)}")
    return MaterializeResult(metadata={"files": MetadataValue.json(outputs)})


render_quarter_book = define_asset_job(
    name="render_book",
    description="Render the quarter's book (HTML, PDF, data workbook) from the served marts.",
    selection=AssetSelection.assets(BOOK_KEY),
    executor_def=in_process_executor,
)
