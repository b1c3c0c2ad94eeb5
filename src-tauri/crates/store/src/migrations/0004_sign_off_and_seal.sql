-- Version 4: sign-off, the seal and a hash-chained audit trail.
-- * Every audit row carries the hash of the row before it (per assessment) and
--   its own, so an edit made behind the app's back shows. The rows already
--   written are chained, in order, by the migration's code step, which then
--   recreates the append-only triggers.
-- * Sign-offs: who signed, in order, each with the record sealed at that
--   moment. The first sign-off seals the assessment (`sealed_at`); the
--   database itself then refuses changes to its content.
-- * Versions: a new version copies a sealed assessment and counts on.
-- * Certificates this installation trusts when checking a PDF.

DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
CREATE TABLE audit_log_v4 (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role    TEXT NOT NULL DEFAULT '',
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entity        TEXT NOT NULL CHECK (entity IN ('assessment', 'answer', 'evidence', 'action', 'sign_off')),
    entry_id      TEXT,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT,
    prev_hash     TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO audit_log_v4 (seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value)
    SELECT seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v4 RENAME TO audit_log;
CREATE INDEX audit_log_by_assessment ON audit_log (assessment_id, seq);

ALTER TABLE assessments ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE assessments ADD COLUMN previous_version TEXT REFERENCES assessments (id) ON DELETE RESTRICT;
ALTER TABLE assessments ADD COLUMN sealed_at TEXT;
CREATE UNIQUE INDEX assessments_one_next_version ON assessments (previous_version)
    WHERE previous_version IS NOT NULL;

CREATE TABLE sign_offs (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL CHECK (position >= 1),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL CHECK (length(trim(role)) > 0),
    signed_at     TEXT NOT NULL,
    -- The canonical record sealed at this sign-off, and its SHA-256.
    record        BLOB NOT NULL,
    record_sha256 TEXT NOT NULL CHECK (length(record_sha256) = 64),
    PRIMARY KEY (assessment_id, position)
) STRICT;
CREATE TRIGGER sign_offs_no_update BEFORE UPDATE ON sign_offs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs cannot be changed');
END;
CREATE TRIGGER sign_offs_no_delete BEFORE DELETE ON sign_offs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs cannot be removed');
END;

CREATE TABLE trusted_certificates (
    fingerprint TEXT PRIMARY KEY NOT NULL,   -- SHA-256 of the DER, as shown
    subject     TEXT NOT NULL,
    certificate BLOB NOT NULL,               -- DER
    trusted_at  TEXT NOT NULL,
    trusted_by  TEXT NOT NULL
) STRICT;

-- A sealed assessment's content is read-only in the database itself, whatever
-- writes to the file.
CREATE TRIGGER answers_sealed_insert BEFORE INSERT ON answers
WHEN (SELECT sealed_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER answers_sealed_update BEFORE UPDATE ON answers
WHEN (SELECT sealed_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER answers_sealed_delete BEFORE DELETE ON answers
WHEN (SELECT sealed_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER evidence_sealed_insert BEFORE INSERT ON evidence
WHEN (SELECT sealed_at FROM assessments WHERE id = NEW.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER evidence_sealed_update BEFORE UPDATE ON evidence
WHEN (SELECT sealed_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER evidence_sealed_delete BEFORE DELETE ON evidence
WHEN (SELECT sealed_at FROM assessments WHERE id = OLD.assessment_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
CREATE TRIGGER assessments_sealed BEFORE UPDATE OF
    framework_id, framework_version, organisation, assessor, assessment_date, status,
    version, previous_version, sealed_at
ON assessments
WHEN OLD.sealed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the assessment is sealed: start a new version to change it');
END;
