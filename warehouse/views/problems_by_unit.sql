-- problems_by_unit: which files could not be read fully, and why?
-- Grain: one row per rejected or partial document (superseded partial files excluded),
--   including files whose issuer matched no roster unit (unit_id NULL).
-- Columns: campaign_id, unit_id, unit_name, doc_id, file_name, source_path, status,
--   error_code, error (Vietnamese | English), warnings, received_at, run_id,
--   unit_has_current (the unit has a usable current report anyway).
CREATE OR REPLACE VIEW problems_by_unit AS
SELECT d.campaign_id, d.unit_id, coalesce(u.name, d.unit_name) AS unit_name, d.doc_id,
       d.file_name, d.source_path, d.status, d.error_code, d.error, d.warnings, d.received_at,
       d.run_id,
       EXISTS (SELECT 1 FROM current_documents c
               WHERE c.campaign_id = d.campaign_id AND c.unit_id = d.unit_id) AS unit_has_current
FROM documents d
LEFT JOIN units u ON u.campaign_id = d.campaign_id AND u.unit_id = d.unit_id
WHERE d.status IN ('rejected', 'partial');
