-- Version 2: the guided assessment.
-- * Assessments have a status (in progress / complete).
-- * Answers may be half done (autosave): the response is optional and N/A's
--   reason is checked when the assessment is marked complete, not on save.
--   Checklist entries record the policy's reference and next review date.
-- * Evidence: a reference, and optionally the document itself with its SHA-256.
-- * The audit trail records the actor's role and evidence changes.
-- * Settings: who is using the app on this installation.

ALTER TABLE assessments ADD COLUMN status TEXT NOT NULL DEFAULT 'in_progress'
    CHECK (status IN ('in_progress', 'complete'));

CREATE TABLE answers_v2 (
    assessment_id   TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entry_id        TEXT NOT NULL,
    response        TEXT CHECK (response IS NULL OR response IN ('yes', 'partial', 'no', 'na')),
    na_reason       TEXT CHECK (na_reason IS NULL OR length(trim(na_reason)) > 0),
    action_required INTEGER NOT NULL CHECK (action_required IN (0, 1)),
    comment         TEXT NOT NULL DEFAULT '',
    lead            TEXT NOT NULL DEFAULT '',
    due_date        TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    policy_ref      TEXT NOT NULL DEFAULT '',
    review_date     TEXT CHECK (review_date IS NULL OR date(review_date) IS review_date),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (assessment_id, entry_id)
) STRICT;
INSERT INTO answers_v2 (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, updated_at, updated_by)
    SELECT assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, updated_at, updated_by FROM answers;
DROP TABLE answers;
ALTER TABLE answers_v2 RENAME TO answers;

-- Dropping a table fires no triggers, so the append-only trail can be rebuilt
-- with its rows intact; the triggers are recreated below.
CREATE TABLE audit_log_v2 (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role    TEXT NOT NULL DEFAULT '',
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entity        TEXT NOT NULL CHECK (entity IN ('assessment', 'answer', 'evidence')),
    entry_id      TEXT,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
) STRICT;
INSERT INTO audit_log_v2 (seq, at, actor, assessment_id, entity, entry_id, field, old_value, new_value)
    SELECT seq, at, actor, assessment_id, entity, entry_id, field, old_value, new_value FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v2 RENAME TO audit_log;
CREATE INDEX audit_log_by_assessment ON audit_log (assessment_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;

CREATE TABLE evidence (
    id            TEXT PRIMARY KEY NOT NULL,               -- UUID
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entry_id      TEXT NOT NULL,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    location      TEXT NOT NULL DEFAULT '',
    file_name     TEXT,
    file_size     INTEGER,
    file_sha256   TEXT,
    file_content  BLOB,
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL,
    CHECK ((file_name IS NULL) = (file_content IS NULL)
       AND (file_name IS NULL) = (file_sha256 IS NULL)
       AND (file_name IS NULL) = (file_size IS NULL)),
    CHECK (file_content IS NULL OR length(file_content) = file_size)
) STRICT;
CREATE INDEX evidence_by_assessment ON evidence (assessment_id, entry_id, added_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE INDEX assessments_by_date ON assessments (assessment_date DESC, created_at DESC);
