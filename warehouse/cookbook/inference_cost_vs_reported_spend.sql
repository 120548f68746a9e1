-- Does the model's inference cost match what OpenAI and Anthropic were reported to spend on inference? Modelled cost
-- of the company's services over each reported period (low / base / high) beside Epoch AI's reported figure, with
-- the months the model could cover.
WITH r AS (
    PIVOT (SELECT reported_id, scenario, modelled_cost_usd FROM marts.inference_reconciliation)
    ON scenario USING any_value(modelled_cost_usd)
)
SELECT i.company, i.reported_id, i.period_start, i.period_end, i.confidence,
       round(i.reported_inference_usd / 1e9, 2) AS reported_usd_bn, round(r.low / 1e9, 2) AS modelled_low_usd_bn,
       round(r.base / 1e9, 2) AS modelled_base_usd_bn, round(r.high / 1e9, 2) AS modelled_high_usd_bn,
       round(i.ratio, 2) AS base_ratio, i.within_band, i.coverage
FROM marts.inference_reconciliation i JOIN r USING (reported_id)
WHERE i.scenario = 'base'
ORDER BY i.company, i.period_end;
