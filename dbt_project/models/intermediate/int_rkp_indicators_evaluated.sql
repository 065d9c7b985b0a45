-- RKP indicators with recomputed capaian, the printed-vs-recomputed check and the band.
with base as (
    select
        *,
        case when status = 'measured' then {{ safe_divide('realisasi', 'target') }} end
            as capaian_recomputed
    from {{ ref('stg_rkp_indicators') }}
)

select
    *,
    case
        when capaian_recomputed is null or capaian_printed is null then null
        -- the printed percent (2 decimals) must be a rounding of the recomputed one: allow half a
        -- hundredth of a percent point (+ float noise), so exact half-way values (65.125) accept
        -- either 65.12 or 65.13
        else abs(capaian_recomputed * 100 - capaian_printed * 100) > 0.005 + 1e-9
    end                                                        as capaian_mismatch,
    case
        when status <> 'measured' then null
        when coalesce(capaian_printed, capaian_recomputed) is null then null
        when coalesce(capaian_printed, capaian_recomputed) >= 1.0 then 'met'
        when coalesce(capaian_printed, capaian_recomputed) >= 0.9 then 'near'
        else 'behind'
    end                                                        as band
from base
