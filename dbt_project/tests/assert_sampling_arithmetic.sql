-- The book's column arithmetic must hold on every staged sampling row:
-- b = TIE + kedaluwarsa + rusak, d = a - b, e = f + g, h = b + g, i = d - e, j = b + e.
select
    period, commodity_code, sampling_method, source_file, source_row,
    sampled, tmk_total, entered_lab, tested, passed_ms, failed_tms, total_tms, unfinished, examined
from {{ ref('stg_sampling') }}
where tmk_total   <> tmk_tie + tmk_expired + tmk_damaged
   or entered_lab <> sampled - tmk_total
   or tested      <> passed_ms + failed_tms
   or total_tms   <> tmk_total + failed_tms
   or unfinished  <> entered_lab - tested
   or examined    <> tmk_total + tested
