-- Version 9: what people type for a year's report to the board (referrals,
-- incidents, the statement on resources, other activity, the accountable
-- lead) is kept as a draft per organisation and year, so closing the app
-- loses nothing and next week's session starts where this one stopped.
-- Each change is recorded in the organisation's audit trail, so its `entity`
-- check gains 'board_report' (the trail is copied as in version 8, row for
-- row, hashes unchanged).

CREATE TABLE board_report_drafts (
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    year             INTEGER NOT NULL CHECK (year BETWEEN 1000 AND 9999),
    input            TEXT NOT NULL CHECK (json_valid(input)),
    PRIMARY KEY (organisation_key, year)
) STRICT;

DROP TRIGGER organisation_audit_log_no_update;
DROP TRIGGER organisation_audit_log_no_delete;

CREATE TABLE organisation_audit_log_v9 (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    at               TEXT NOT NULL,
    actor            TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role       TEXT NOT NULL DEFAULT '',
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    entity           TEXT NOT NULL CHECK (entity IN ('training_validity', 'training_group', 'training_figures',
                                                     'training_import_mapping', 'board_report')),
    entry_id         TEXT,
    field            TEXT NOT NULL,
    old_value        TEXT,
    new_value        TEXT,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO organisation_audit_log_v9
    SELECT seq, at, actor, actor_role, organisation_key, entity, entry_id, field, old_value, new_value,
           prev_hash, hash
      FROM organisation_audit_log ORDER BY seq;
DROP TABLE organisation_audit_log;
ALTER TABLE organisation_audit_log_v9 RENAME TO organisation_audit_log;
CREATE INDEX organisation_audit_log_by_organisation ON organisation_audit_log (organisation_key, seq);

CREATE TRIGGER organisation_audit_log_no_update BEFORE UPDATE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;
CREATE TRIGGER organisation_audit_log_no_delete BEFORE DELETE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;
