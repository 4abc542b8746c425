-- current_documents: which files count? The report each unit currently stands on.
-- Grain: one row per document whose status is ok or partial (not superseded, duplicate or rejected).
-- Columns: doc_id, campaign_id, unit_id, unit_name (roster name, else the issuer as written),
--   roster_match (unit_id found in the roster), file_name, source_path, sha256, format,
--   report_number, report_date, received_at, pages, status, error, warnings, run_id, ingested_at.
CREATE OR REPLACE VIEW current_documents AS
SELECT d.doc_id, d.campaign_id, d.unit_id,
       coalesce(u.name, d.unit_name) AS unit_name,
       u.unit_id IS NOT NULL AS roster_match,
       d.file_name, d.source_path, d.sha256, d.format, d.report_number, d.report_date,
       d.received_at, d.pages, d.status, d.error, d.warnings, d.run_id, d.ingested_at
FROM documents d
LEFT JOIN units u ON u.campaign_id = d.campaign_id AND u.unit_id = d.unit_id
WHERE d.status IN ('ok', 'partial');
