-- Version 8: an organisation remembers how its last training export's
-- columns were mapped (`training_import_mapping`, JSON of column names
-- only), for next month's file; the export's rows themselves are never
-- stored. Changing the mapping is recorded in the organisation's audit trail,
-- so its `entity` check gains 'training_import_mapping'.
--
-- SQLite cannot change a CHECK in place: the trail is copied into a table
-- with the wider check, row for row (seq and hashes unchanged, so the chain
-- still verifies), and its append-only triggers are made again.

ALTER TABLE organisations ADD COLUMN training_import_mapping TEXT
    CHECK (training_import_mapping IS NULL OR json_valid(training_import_mapping));

DROP TRIGGER organisation_audit_log_no_update;
DROP TRIGGER organisation_audit_log_no_delete;

CREATE TABLE organisation_audit_log_v8 (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    at               TEXT NOT NULL,
    actor            TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role       TEXT NOT NULL DEFAULT '',
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    entity           TEXT NOT NULL CHECK (entity IN ('training_validity', 'training_group', 'training_figures',
                                                     'training_import_mapping')),
    entry_id         TEXT,
    field            TEXT NOT NULL,
    old_value        TEXT,
    new_value        TEXT,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO organisation_audit_log_v8
    SELECT seq, at, actor, actor_role, organisation_key, entity, entry_id, field, old_value, new_value,
           prev_hash, hash
      FROM organisation_audit_log ORDER BY seq;
DROP TABLE organisation_audit_log;
ALTER TABLE organisation_audit_log_v8 RENAME TO organisation_audit_log;
CREATE INDEX organisation_audit_log_by_organisation ON organisation_audit_log (organisation_key, seq);

CREATE TRIGGER organisation_audit_log_no_update BEFORE UPDATE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;
CREATE TRIGGER organisation_audit_log_no_delete BEFORE DELETE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;
