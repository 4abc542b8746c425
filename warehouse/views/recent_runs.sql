-- recent_runs: what did the last loads do?
-- Grain: one row per run, newest first.
-- Columns: run_id, campaign_id, status, started_at, finished_at, seconds, files_seen, ingested,
--   partial, rejected, duplicate, unchanged, documents_written (rows of documents still
--   carrying this run_id), extractor_version, model_version, flow_run_id.
CREATE OR REPLACE VIEW recent_runs AS
SELECT r.run_id, r.campaign_id, r.status, r.started_at, r.finished_at,
       date_diff('millisecond', r.started_at, r.finished_at) / 1000.0 AS seconds,
       r.files_seen, r.ingested, r.partial, r.rejected, r.duplicate, r.unchanged,
       (SELECT count(*) FROM documents d WHERE d.run_id = r.run_id) AS documents_written,
       r.extractor_version, r.model_version, r.flow_run_id
FROM runs r
ORDER BY r.started_at DESC, r.run_id DESC;
