-- Every figure of the seed brokerage note, recomputed: is each within its tolerance?
SELECT figure, published_value, computed_value, unit, rel_error, rel_tolerance, within_tolerance, formula, inputs
FROM marts.seed_reconciliation
ORDER BY figure;
