-- The action plan: one action per entry that requires action, kept for good
-- once created (a closed gap is marked, never deleted), with dated progress
-- notes. The audit trail gains the 'action' kind.

CREATE TABLE actions (
    id               TEXT PRIMARY KEY NOT NULL,               -- UUID
    assessment_id    TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    source           TEXT NOT NULL,                           -- item, sub-point or checklist entry id
    objective        TEXT NOT NULL,
    action           TEXT NOT NULL CHECK (length(trim(action)) > 0),
    priority         TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    rule             TEXT NOT NULL,
    default_rule     TEXT NOT NULL,
    priority_reason  TEXT,
    status           TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'deferred')),
    deferred_reason  TEXT,
    owners           TEXT NOT NULL DEFAULT '',
    department       TEXT NOT NULL DEFAULT '',
    due              TEXT CHECK (due IS NULL OR date(due) IS due),
    gap              TEXT NOT NULL CHECK (gap IN ('open', 'closed')),
    completed_on     TEXT CHECK (completed_on IS NULL OR date(completed_on) IS completed_on),
    signed_off_by    TEXT,
    action_edited    INTEGER NOT NULL DEFAULT 0 CHECK (action_edited IN (0, 1)),
    owners_edited    INTEGER NOT NULL DEFAULT 0 CHECK (owners_edited IN (0, 1)),
    due_edited       INTEGER NOT NULL DEFAULT 0 CHECK (due_edited IN (0, 1)),
    priority_edited  INTEGER NOT NULL DEFAULT 0 CHECK (priority_edited IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (assessment_id, source),
    CHECK (status <> 'deferred' OR length(trim(deferred_reason)) > 0),
    CHECK (status <> 'completed' OR (completed_on IS NOT NULL AND length(trim(signed_off_by)) > 0)),
    CHECK (rule <> 'set-by-a-person' OR length(trim(priority_reason)) > 0)
) STRICT;
CREATE INDEX actions_by_status_due ON actions (status, due);

CREATE TABLE action_notes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id  TEXT NOT NULL REFERENCES actions (id) ON DELETE RESTRICT,
    at         TEXT NOT NULL,
    by         TEXT NOT NULL,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;
CREATE INDEX action_notes_by_action ON action_notes (action_id, seq);

-- SQLite cannot alter a CHECK constraint: rebuild the audit trail with the
-- new kind, keeping every row and its sequence number.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
CREATE TABLE audit_log_v3 (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role    TEXT NOT NULL DEFAULT '',
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
    entity        TEXT NOT NULL CHECK (entity IN ('assessment', 'answer', 'evidence', 'action')),
    entry_id      TEXT,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
) STRICT;
INSERT INTO audit_log_v3 (seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value)
    SELECT seq, at, actor, actor_role, assessment_id, entity, entry_id, field, old_value, new_value FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v3 RENAME TO audit_log;
CREATE INDEX audit_log_by_assessment ON audit_log (assessment_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;
