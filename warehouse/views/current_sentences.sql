-- current_sentences: what do the current reports say, sentence by sentence?
-- Grain: one row per sentence of a current document (see current_documents).
-- Columns: doc_id, seq, campaign_id, unit_id, unit_name, file_name, page, paragraph, heading,
--   text, tokens, category, cause_type (after analysts' corrections), corrected (bool),
--   confidence, sha256, run_id.
CREATE OR REPLACE VIEW current_sentences AS
SELECT s.doc_id, s.seq, d.campaign_id, d.unit_id, d.unit_name, d.file_name, s.page, s.paragraph,
       s.heading, s.text, s.tokens, s.category, s.cause_type, s.correction_id IS NOT NULL AS corrected,
       s.confidence, s.sha256, s.run_id
FROM sentences s
JOIN current_documents d USING (doc_id);
