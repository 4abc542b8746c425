-- limitations_by_topic: which limitations do most units report?
-- Grain: one row per (campaign, topic) with at least one current limitation finding;
--   limitations with no topic are grouped under topic_id NULL.
-- Columns: campaign_id, topic_id, topic_name, units (distinct units raising it), findings,
--   unit_ids (sorted list), finding_ids (sorted list).
CREATE OR REPLACE VIEW limitations_by_topic AS
SELECT campaign_id, topic_id, any_value(topic_name) AS topic_name,
       count(DISTINCT unit_id) AS units,
       CAST(sum(findings) AS BIGINT) AS findings,
       list(DISTINCT unit_id ORDER BY unit_id) AS unit_ids,
       list_sort(flatten(list(finding_ids))) AS finding_ids
FROM framework_matrix
WHERE category = 'limitation'
GROUP BY campaign_id, topic_id;
