-- submission_status: who has sent, who is late, who is missing?
-- Grain: one row per roster unit of each campaign.
-- Columns: campaign_id, unit_id, unit_name, kind, submission ('sent' | 'late' | 'rejected_only'
--   | 'missing'), doc_id, file_name, doc_status (of the current file, or of the latest rejected
--   one: ok | partial | rejected),
--   report_date, received_at, submitted_on (report_date, else the day it was received),
--   deadline, days_late (> 0 only when late), files (every file seen from the unit),
--   rejected_files.
-- 'late' means the current report is dated (or, undated, received) after the campaign deadline.
CREATE OR REPLACE VIEW submission_status AS
WITH per_unit AS (
    SELECT campaign_id, unit_id, count(*) AS files,
           count(*) FILTER (WHERE status = 'rejected') AS rejected_files
    FROM documents WHERE unit_id IS NOT NULL GROUP BY ALL
), last_rejected AS (
    SELECT campaign_id, unit_id, doc_id, file_name, report_date, received_at
    FROM documents WHERE status = 'rejected' AND unit_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY campaign_id, unit_id ORDER BY received_at DESC, doc_id) = 1
), shown AS (
    SELECT u.campaign_id, u.unit_id, u.name AS unit_name, u.kind, c.deadline,
           coalesce(cd.doc_id, r.doc_id) AS doc_id,
           coalesce(cd.file_name, r.file_name) AS file_name,
           coalesce(cd.status, CASE WHEN r.doc_id IS NOT NULL THEN 'rejected' END) AS doc_status,
           coalesce(cd.report_date, r.report_date) AS report_date,
           coalesce(cd.received_at, r.received_at) AS received_at,
           cd.doc_id IS NOT NULL AS has_current,
           coalesce(p.files, 0) AS files, coalesce(p.rejected_files, 0) AS rejected_files
    FROM units u
    JOIN campaigns c USING (campaign_id)
    LEFT JOIN current_documents cd ON cd.campaign_id = u.campaign_id AND cd.unit_id = u.unit_id
    LEFT JOIN last_rejected r ON r.campaign_id = u.campaign_id AND r.unit_id = u.unit_id
    LEFT JOIN per_unit p ON p.campaign_id = u.campaign_id AND p.unit_id = u.unit_id
)
SELECT campaign_id, unit_id, unit_name, kind,
       CASE WHEN has_current AND deadline IS NOT NULL
                 AND coalesce(report_date, CAST(received_at AS DATE)) > deadline THEN 'late'
            WHEN has_current THEN 'sent'
            WHEN rejected_files > 0 THEN 'rejected_only'
            ELSE 'missing' END AS submission,
       doc_id, file_name, doc_status, report_date, received_at,
       coalesce(report_date, CAST(received_at AS DATE)) AS submitted_on,
       deadline,
       CASE WHEN has_current THEN
            greatest(date_diff('day', deadline, coalesce(report_date, CAST(received_at AS DATE))), 0)
       END AS days_late,
       files, rejected_files
FROM shown;
