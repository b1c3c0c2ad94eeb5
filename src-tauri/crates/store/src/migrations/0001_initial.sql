-- Version 1: assessments, their answers and the append-only audit trail.

CREATE TABLE assessments (
    id                TEXT PRIMARY KEY NOT NULL,           -- UUID
    framework_id      TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    organisation      TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    assessor          TEXT NOT NULL CHECK (length(trim(assessor)) > 0),
    assessment_date   TEXT NOT NULL CHECK (date(assessment_date) IS assessment_date),
    created_at        TEXT NOT NULL,                       -- RFC 3339, UTC
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE answers (
    assessment_id   TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entry_id        TEXT NOT NULL,                         -- 1..19, 3a..3g, C1..C21
    response        TEXT NOT NULL CHECK (response IN ('yes', 'partial', 'no', 'na')),
    na_reason       TEXT,
    action_required INTEGER NOT NULL CHECK (action_required IN (0, 1)),
    comment         TEXT NOT NULL DEFAULT '',
    lead            TEXT NOT NULL DEFAULT '',
    due_date        TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (assessment_id, entry_id),
    CHECK ((response = 'na') = (na_reason IS NOT NULL AND length(trim(na_reason)) > 0))
) STRICT;

CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,                           -- RFC 3339, UTC
    actor         TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entity        TEXT NOT NULL CHECK (entity IN ('assessment', 'answer')),
    entry_id      TEXT,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
) STRICT;

CREATE INDEX audit_log_by_assessment ON audit_log (assessment_id, seq);

-- The audit trail is append-only, enforced here rather than by habit.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;
