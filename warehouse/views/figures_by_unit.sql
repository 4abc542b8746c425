-- figures_by_unit: what numbers does each unit give, measure by measure?
-- Grain: one row per (campaign, unit, measure, unit_of_measure) over current documents;
--   figures whose measure is unknown have measure NULL. Only figures with the same measure
--   and unit of measure are added up.
-- Columns: campaign_id, unit_id, unit_name, measure, measure_label, unit_of_measure,
--   figures (count), value_max, value_sum, denominator_max, values (list, document order),
--   figure_ids (list).
-- For a stock ("18/20 communes have ...") a report often repeats the number in text and in a
-- table: use value_max per unit and add those across units; value_sum suits flows (bulletins).
CREATE OR REPLACE VIEW figures_by_unit AS
SELECT d.campaign_id, d.unit_id, any_value(d.unit_name) AS unit_name, g.measure,
       any_value(m.label) AS measure_label, g.unit_of_measure,
       count(*) AS figures, max(g.value) AS value_max, sum(g.value) AS value_sum,
       max(g.denominator) AS denominator_max,
       list(g.value ORDER BY g.figure_id) AS "values",
       list(g.figure_id ORDER BY g.figure_id) AS figure_ids
FROM figures g
JOIN current_documents d USING (doc_id)
LEFT JOIN measures m ON m.campaign_id = d.campaign_id AND m.measure_id = g.measure
GROUP BY d.campaign_id, d.unit_id, g.measure, g.unit_of_measure;
