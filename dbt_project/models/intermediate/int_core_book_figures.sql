-- The cells of the five core tables as figures (Tabel 1-2, the perkara stages, BAB 12,
-- Lampiran I and II), in the same shape as the figure datasets, so mart_book_figures holds
-- every number of the book.
{%- set sampling_counts = [
    ('sampled', 'Jumlah sampling (a)'), ('tmk_total', 'TMK (b)'), ('tmk_label', 'TMK label/penandaan (c)'),
    ('entered_lab', 'Sampel masuk lab (d)'), ('tested', 'Sampel diuji (e)'), ('passed_ms', 'MS (f)'),
    ('failed_tms', 'TMS (g)'), ('total_tms', 'Total TMS (h)'), ('unfinished', 'Belum selesai uji (i)'),
    ('examined', 'Diperiksa dan diuji sesuai standar (j)')] %}
{%- set summary_breakdown = "budget_summary.dimension || ' | ' || budget_summary.category_submitted" %}
{%- set unit_breakdown = "budget_units.group_submitted || ' | ' || budget_units.unit_name" %}
{%- set indicator = "rkp.program_code || ' | ' || coalesce(rkp.kegiatan_code, '') || ' | ' || rkp.indicator" %}
{%- set parts = [] %}
{%- for column, label in sampling_counts %}
    {%- do parts.append(core_figure('sampling', 'BAB 1', 'bab01_postmarket', 'sampling', column, label,
        "sampling.commodity_submitted || ' | ' || sampling.sampling_method",
        'sampling.' ~ column ~ '::' ~ double_type(), 'sampling.' ~ column ~ '::' ~ string_type(), "'sampel'", 'count')) %}
{%- endfor %}
{%- do parts.append(core_figure('perkara', 'BAB 2', 'bab02_penindakan', 'perkara', 'cases_in_stage',
    'Perkara pada tahap', 'perkara.stage_submitted', 'perkara.cases_in_stage::' ~ double_type(),
    'perkara.cases_in_stage::' ~ string_type(), "'perkara'", 'count')) %}
{%- for column, label in [('pagu', 'Pagu'), ('realisasi', 'Realisasi')] %}
    {%- do parts.append(core_figure('budget_summary', 'BAB 12', 'bab12_budget', 'budget_summary', column, label,
        summary_breakdown, 'budget_summary.' ~ column ~ '::' ~ double_type(), 'budget_summary.' ~ column ~ '::' ~ string_type(),
        "'rupiah'", 'amount')) %}
{%- endfor %}
{%- do parts.append(core_figure('budget_summary', 'BAB 12', 'bab12_budget', 'budget_summary', 'persen',
    'Persentase realisasi', summary_breakdown, round_double('budget_summary.printed_pct * 100', 2), 'null::' ~ string_type(),
    "'persen'", 'percent')) %}
{%- for column, label in [('pagu', 'Pagu'), ('pagu_adjusted', 'Pagu setelah AA'), ('realisasi', 'Realisasi')] %}
    {%- do parts.append(core_figure('budget_units', 'Lampiran II', 'bab12_budget', 'budget_units', column, label,
        unit_breakdown, 'budget_units.' ~ column ~ '::' ~ double_type(), 'budget_units.' ~ column ~ '::' ~ string_type(),
        "'rupiah'", 'amount')) %}
{%- endfor %}
{%- do parts.append(core_figure('rkp', 'Lampiran I', 'bab13_rkp', 'rkp_indicators', 'realisasi',
    'Realisasi indikator', indicator, 'rkp.realisasi::' ~ double_type(), 'rkp.realisasi_text',
    "coalesce(rkp.unit_of_measure, '')", 'number')) %}
{%- do parts.append(core_figure('rkp', 'Lampiran I', 'bab13_rkp', 'rkp_indicators', 'capaian',
    'Capaian indikator (dicetak)', indicator, round_double('rkp.capaian_printed * 100', 2), 'rkp.capaian_text',
    "'persen'", 'percent')) %}
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

{{ parts | join('\nunion all\n') }}
