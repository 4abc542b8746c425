-- current_findings: the findings of the current reports, with their topics.
-- Grain: one row per finding of a current document.
-- Columns: finding_id, doc_id, seq, campaign_id, unit_id, unit_name, file_name, category,
--   cause_type, text, topics (list of topic ids, sorted; empty when none), page_start, page_end,
--   paragraph_start, heading, sentence_start, sentence_end, sha256, run_id.
CREATE OR REPLACE VIEW current_findings AS
SELECT f.finding_id, f.doc_id, f.seq, d.campaign_id, d.unit_id, d.unit_name, d.file_name,
       f.category, f.cause_type, f.text,
       coalesce((SELECT list(t.topic_id ORDER BY t.topic_id) FROM finding_topics t
                 WHERE t.finding_id = f.finding_id), []::VARCHAR[]) AS topics,
       f.page_start, f.page_end, f.paragraph_start, f.heading, f.sentence_start, f.sentence_end,
       f.sha256, f.run_id
FROM findings f
JOIN current_documents d USING (doc_id);
