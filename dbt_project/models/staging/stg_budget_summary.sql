-- One row per period x BAB 12 summary row: dimension 'group' (kelompok) or 'spending_type'
-- (jenis_belanja), category code from the seeds (incl. 'total').
with src as (
    select * from {{ source('raw', 'budget_summary') }}
),

aliases as (
    {{ category_aliases() }}
),

with_dimension as (
    select
        src.*,
        dim.code as dimension
    from src
    {{ alias_join('dim', "'budget_summary_table'", 'src.tabel') }}
)

select
    d.period,
    d.year,
    d.quarter,
    d.source_file,
    d.source_row,
    d.tabel                        as table_submitted,
    d.dimension,
    d.kategori                     as category_submitted,
    cat.code                       as category_code,
    d.pagu,
    d.realisasi,
    {{ round_double('d.persen / 100.0', 6) }} as printed_pct
from with_dimension as d
{{ alias_join('cat', "case d.dimension when 'group' then 'budget_unit_group' when 'spending_type' then 'spending_type' end", 'd.kategori') }}
