-- The cells of the five core tables as figures (Tabel 1-2, the perkara stages, BAB 12,
-- Lampiran I and II), in the same shape as the figure datasets, so mart_book_figures holds
-- every number of the book.
{%- set sampling_counts = [
    ('sampled', 'Jumlah sampling (a)'), ('tmk_total', 'TMK (b)'), ('tmk_label', 'TMK label/penandaan (c)'),
    ('entered_lab', 'Sampel masuk lab (d)'), ('tested', 'Sampel diuji (e)'), ('passed_ms', 'MS (f)'),
    ('failed_tms', 'TMS (g)'), ('total_tms', 'Total TMS (h)'), ('unfinished', 'Belum selesai uji (i)'),
    ('examined', 'Diperiksa dan diuji sesuai standar (j)')] %}
{%- set unit_amounts = [('pagu', 'Pagu'), ('pagu_adjusted', 'Pagu setelah AA'), ('realisasi', 'Realisasi')] %}
with sampling as (
    select * from {{ ref('stg_sampling') }}
),

perkara as (
    select * from {{ ref('stg_perkara') }}
),

budget_summary as (
    select * from {{ ref('stg_budget_summary') }}
),

budget_units as (
    select * from {{ ref('stg_budget_units') }}
),

rkp as (
    select * from {{ ref('stg_rkp_indicators') }}
)

{% for column, label in sampling_counts %}
select
    sampling.period, sampling.year, sampling.quarter,
    'BAB 1' as section, 'bab01_postmarket' as family, 'sampling' as dataset,
    '{{ column }}' as figure, '{{ label }}' as label,
    sampling.commodity_submitted || ' | ' || sampling.sampling_method as breakdown,
    sampling.{{ column }}::double as value, sampling.{{ column }}::varchar as value_text,
    'sampel' as unit, 'count' as kind, 'ytd' as period_scope,
    sampling.source_file, sampling.source_row
from sampling
union all
{% endfor %}
select
    perkara.period, perkara.year, perkara.quarter,
    'BAB 2' as section, 'bab02_penindakan' as family, 'perkara' as dataset,
    'cases_in_stage' as figure, 'Perkara pada tahap' as label,
    perkara.stage_submitted as breakdown,
    perkara.cases_in_stage::double as value, perkara.cases_in_stage::varchar as value_text,
    'perkara' as unit, 'count' as kind, 'ytd' as period_scope,
    perkara.source_file, perkara.source_row
from perkara
{% for column, label in [('pagu', 'Pagu'), ('realisasi', 'Realisasi')] %}
union all
select
    budget_summary.period, budget_summary.year, budget_summary.quarter,
    'BAB 12' as section, 'bab12_budget' as family, 'budget_summary' as dataset,
    '{{ column }}' as figure, '{{ label }}' as label,
    budget_summary.dimension || ' | ' || budget_summary.category_submitted as breakdown,
    budget_summary.{{ column }}::double as value, budget_summary.{{ column }}::varchar as value_text,
    'rupiah' as unit, 'amount' as kind, 'ytd' as period_scope,
    budget_summary.source_file, budget_summary.source_row
from budget_summary
{% endfor %}
union all
select
    budget_summary.period, budget_summary.year, budget_summary.quarter,
    'BAB 12' as section, 'bab12_budget' as family, 'budget_summary' as dataset,
    'persen' as figure, 'Persentase realisasi' as label,
    budget_summary.dimension || ' | ' || budget_summary.category_submitted as breakdown,
    round(budget_summary.printed_pct * 100, 2) as value, null::varchar as value_text,
    'persen' as unit, 'percent' as kind, 'ytd' as period_scope,
    budget_summary.source_file, budget_summary.source_row
from budget_summary
{% for column, label in unit_amounts %}
union all
select
    budget_units.period, budget_units.year, budget_units.quarter,
    'Lampiran II' as section, 'bab12_budget' as family, 'budget_units' as dataset,
    '{{ column }}' as figure, '{{ label }}' as label,
    budget_units.group_submitted || ' | ' || budget_units.unit_name as breakdown,
    budget_units.{{ column }}::double as value, budget_units.{{ column }}::varchar as value_text,
    'rupiah' as unit, 'amount' as kind, 'ytd' as period_scope,
    budget_units.source_file, budget_units.source_row
from budget_units
{% endfor %}
union all
select
    rkp.period, rkp.year, rkp.quarter,
    'Lampiran I' as section, 'bab13_rkp' as family, 'rkp_indicators' as dataset,
    'realisasi' as figure, 'Realisasi indikator' as label,
    rkp.program_code || ' | ' || coalesce(rkp.kegiatan_code, '') || ' | ' || rkp.indicator as breakdown,
    rkp.realisasi::double as value, rkp.realisasi_text as value_text,
    coalesce(rkp.unit_of_measure, '') as unit, 'number' as kind, 'ytd' as period_scope,
    rkp.source_file, rkp.source_row
from rkp
union all
select
    rkp.period, rkp.year, rkp.quarter,
    'Lampiran I' as section, 'bab13_rkp' as family, 'rkp_indicators' as dataset,
    'capaian' as figure, 'Capaian indikator (dicetak)' as label,
    rkp.program_code || ' | ' || coalesce(rkp.kegiatan_code, '') || ' | ' || rkp.indicator as breakdown,
    round(rkp.capaian_printed * 100, 2) as value, rkp.capaian_text as value_text,
    'persen' as unit, 'percent' as kind, 'ytd' as period_scope,
    rkp.source_file, rkp.source_row
from rkp
