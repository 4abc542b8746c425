-- 0002: what 0001 lacked for the loader and the views. Only additions; nothing renamed.
--
-- * topics / measures: the campaign's own themes and figure measures, so views can show
--   their Vietnamese names and analysts can join on them.
-- * documents.base_status: the status a file earned on its own (ok / partial / rejected)
--   before the loader compared it with other files. `status` may later become
--   'superseded' or go back to base_status when a newer report of the same unit arrives or
--   is withdrawn; keeping base_status lets the loader recompute that at any time.
-- * sentences.model_category / model_cause_type / correction_id: the label the model gave,
--   kept when an analyst's correction overrides category / cause_type, so model accuracy
--   can still be measured and a correction can be withdrawn.
-- No secondary indexes: DuckDB refuses ALTER TABLE on a table with dependent indexes, and
-- its zone maps already make the per-document lookups fast at this size.

CREATE TABLE topics (
    campaign_id  VARCHAR NOT NULL,
    topic_id     VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    cues         VARCHAR[],
    ord          INTEGER,            -- order in the campaign file
    PRIMARY KEY (campaign_id, topic_id)
);

CREATE TABLE measures (
    campaign_id  VARCHAR NOT NULL,
    measure_id   VARCHAR NOT NULL,
    label        VARCHAR NOT NULL,
    unit         VARCHAR,            -- unit of measure the campaign expects ("xã", "bản tin", ...)
    cues         VARCHAR[],
    ord          INTEGER,
    PRIMARY KEY (campaign_id, measure_id)
);

ALTER TABLE documents ADD COLUMN base_status VARCHAR;
UPDATE documents SET base_status = status WHERE status IN ('ok', 'partial', 'rejected');

ALTER TABLE sentences ADD COLUMN model_category VARCHAR;
ALTER TABLE sentences ADD COLUMN model_cause_type VARCHAR;
ALTER TABLE sentences ADD COLUMN correction_id VARCHAR;
