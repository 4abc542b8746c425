-- framework_matrix: which unit raised what, on which theme? (the synthesis grid)
-- Grain: one row per (campaign, unit, category, topic) with at least one current finding;
--   a finding with several topics counts under each; a finding with none has topic_id NULL.
-- Columns: campaign_id, unit_id, unit_name, category, topic_id, topic_name, findings (count),
--   finding_ids (sorted list).
CREATE OR REPLACE VIEW framework_matrix AS
SELECT f.campaign_id, f.unit_id, any_value(f.unit_name) AS unit_name, f.category,
       t.topic_id, any_value(tp.name) AS topic_name,
       count(*) AS findings,
       list(f.finding_id ORDER BY f.finding_id) AS finding_ids
FROM current_findings f
LEFT JOIN finding_topics t ON t.finding_id = f.finding_id
LEFT JOIN topics tp ON tp.campaign_id = f.campaign_id AND tp.topic_id = t.topic_id
GROUP BY f.campaign_id, f.unit_id, f.category, t.topic_id;
