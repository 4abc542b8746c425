-- 0001: the core warehouse. Analysts rely on these names; later migrations only add.
-- Every data row carries the run that wrote it (run_id) and its document's content hash
-- (sha256), so any row can be traced to a file and a load.

CREATE TABLE campaigns (
    campaign_id   VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    directive     VARCHAR,
    period_start  DATE,
    period_end    DATE,
    deadline      DATE,
    source        VARCHAR,            -- path of the campaign TOML file
    loaded_at     TIMESTAMP
);

CREATE TABLE units (                  -- the roster of units expected to report
    campaign_id   VARCHAR NOT NULL,
    unit_id       VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR,
    parent        VARCHAR,
    aliases       VARCHAR[],
    PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE runs (
    run_id             VARCHAR PRIMARY KEY,
    campaign_id        VARCHAR,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    files_seen         INTEGER DEFAULT 0,
    ingested           INTEGER DEFAULT 0,
    partial            INTEGER DEFAULT 0,
    rejected           INTEGER DEFAULT 0,
    duplicate          INTEGER DEFAULT 0,
    unchanged          INTEGER DEFAULT 0,
    extractor_version  VARCHAR,
    model_version      VARCHAR,
    flow_run_id        VARCHAR
);

CREATE TABLE documents (              -- one row per input file ever seen
    doc_id            VARCHAR PRIMARY KEY,
    campaign_id       VARCHAR,
    file_name         VARCHAR NOT NULL,
    source_path       VARCHAR,
    sha256            VARCHAR NOT NULL,
    size_bytes        BIGINT,
    format            VARCHAR CHECK (format IN ('pdf', 'docx', 'doc', 'rtf', 'unknown')),
    unit_id           VARCHAR,        -- roster match; NULL when the issuer matched no unit
    unit_name         VARCHAR,        -- issuer as written in the header block
    parent_unit       VARCHAR,
    report_number     VARCHAR,
    report_date       DATE,
    place             VARCHAR,
    doc_type          VARCHAR,
    title             VARCHAR,
    pages             INTEGER,        -- PDF pages; NULL for Word files (Word has no pages)
    status            VARCHAR NOT NULL
                      CHECK (status IN ('ok', 'partial', 'rejected', 'duplicate', 'superseded')),
    error             VARCHAR,        -- why rejected / partial, in Vietnamese | English
    error_code        VARCHAR,
    warnings          VARCHAR[],
    ocr_pages         INTEGER[],
    ocr_confidence    DOUBLE,
    encodings         VARCHAR[],
    duplicate_of      VARCHAR,        -- doc_id of the earlier file with the same content
    superseded_by     VARCHAR,        -- doc_id of the newer report of the same unit
    extractor_version VARCHAR,
    model_version     VARCHAR,
    received_at       TIMESTAMP,      -- file modification time when it was seen
    ingested_at       TIMESTAMP NOT NULL,
    run_id            VARCHAR NOT NULL
);

CREATE TABLE sentences (
    doc_id         VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,  -- 1-based order in the document
    sha256         VARCHAR NOT NULL,
    run_id         VARCHAR NOT NULL,
    page           INTEGER,           -- NULL for Word files
    paragraph      INTEGER,           -- 1-based block number in the body
    heading        VARCHAR,           -- heading path joined with ' > '
    heading_path   VARCHAR[],
    block_kind     VARCHAR CHECK (block_kind IN ('heading', 'paragraph', 'list_item', 'table')),
    text           VARCHAR NOT NULL,
    tokens         VARCHAR,           -- underthesea word segmentation, compounds joined by '_'
    category       VARCHAR NOT NULL
                   CHECK (category IN ('achievement', 'limitation', 'cause', 'lesson', 'recommendation', 'other')),
    cause_type     VARCHAR CHECK (cause_type IN ('objective', 'subjective')),
    confidence     DOUBLE,
    model_version  VARCHAR,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE findings (
    finding_id      VARCHAR PRIMARY KEY,   -- doc_id || '-' || seq
    doc_id          VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    sha256          VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    category        VARCHAR NOT NULL
                    CHECK (category IN ('achievement', 'limitation', 'cause', 'lesson', 'recommendation', 'other')),
    cause_type      VARCHAR CHECK (cause_type IN ('objective', 'subjective')),
    text            VARCHAR NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    page_start      INTEGER,
    page_end        INTEGER,
    paragraph_start INTEGER,
    heading         VARCHAR
);

CREATE TABLE finding_topics (
    finding_id  VARCHAR NOT NULL,
    topic_id    VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    PRIMARY KEY (finding_id, topic_id)
);

CREATE TABLE figures (
    figure_id        VARCHAR PRIMARY KEY,  -- doc_id || '-f' || n
    doc_id           VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    measure          VARCHAR,              -- campaign measure id; NULL when unknown
    label            VARCHAR,              -- the words that say what is counted
    value            DOUBLE NOT NULL,
    denominator      DOUBLE,               -- "18/20 xã": value 18, denominator 20
    unit_of_measure  VARCHAR,
    sentence_seq     INTEGER,              -- source sentence, or NULL for a table cell
    page             INTEGER,
    paragraph        INTEGER,
    table_row        INTEGER,
    table_col        INTEGER,
    raw              VARCHAR
);

CREATE TABLE corrections (            -- analysts' relabels; survive re-ingest (keyed on content)
    correction_id  VARCHAR PRIMARY KEY,
    sha256         VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    text           VARCHAR NOT NULL,  -- the sentence as corrected, to detect resegmentation
    category       VARCHAR NOT NULL
                   CHECK (category IN ('achievement', 'limitation', 'cause', 'lesson', 'recommendation', 'other')),
    cause_type     VARCHAR CHECK (cause_type IN ('objective', 'subjective')),
    note           VARCHAR,
    corrected_by   VARCHAR,
    corrected_at   TIMESTAMP NOT NULL,
    run_id         VARCHAR
);
