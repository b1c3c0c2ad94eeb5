-- Version 7: training compliance against the 85% minimum, and a trail for
-- what belongs to an organisation rather than to one assessment.
-- * Organisations are matched by `key`: the name as typed, trimmed, in lower
--   case (worked out by the core). `name` is the name as first typed.
-- * The training needs analysis (staff groups and the level each needs) is
--   kept per organisation and carried from one reporting date to the next.
-- * Figures are counts per organisation, reporting date and group: never a
--   person-level row. They keep the group's name and level as recorded, so
--   removing a group later leaves past figures as they were.
-- * Every change is recorded in `organisation_audit_log`, hash-chained per
--   organisation and append-only, like the assessments' trail.

CREATE TABLE organisations (
    key                     TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
    name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    training_validity_years INTEGER CHECK (training_validity_years IS NULL
                                           OR training_validity_years BETWEEN 1 AND 10),
    created_at              TEXT NOT NULL
) STRICT;

CREATE TABLE training_groups (
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    group_key        TEXT NOT NULL CHECK (length(group_key) > 0),
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    level            TEXT NOT NULL CHECK (level IN ('1-2', '3')),
    position         INTEGER NOT NULL CHECK (position >= 1),
    PRIMARY KEY (organisation_key, group_key)
) STRICT;

CREATE TABLE training_figures (
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    as_of            TEXT NOT NULL CHECK (date(as_of) IS as_of),
    group_key        TEXT NOT NULL CHECK (length(group_key) > 0),
    group_name       TEXT NOT NULL CHECK (length(trim(group_name)) > 0),
    level            TEXT NOT NULL CHECK (level IN ('1-2', '3')),
    headcount        INTEGER NOT NULL CHECK (headcount >= 0),
    in_date          INTEGER NOT NULL CHECK (in_date >= 0 AND in_date <= headcount),
    source           TEXT NOT NULL CHECK (source IN ('entered', 'imported')),
    -- An import's file name and SHA-256; only the counts are kept.
    source_file_name TEXT,
    source_sha256    TEXT CHECK (source_sha256 IS NULL OR length(source_sha256) = 64),
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL CHECK (length(trim(recorded_by)) > 0),
    PRIMARY KEY (organisation_key, as_of, group_key),
    CHECK (CASE source
               WHEN 'imported' THEN source_file_name IS NOT NULL AND source_sha256 IS NOT NULL
               ELSE source_file_name IS NULL AND source_sha256 IS NULL
           END)
) STRICT;

CREATE TABLE organisation_audit_log (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    at               TEXT NOT NULL,
    actor            TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    actor_role       TEXT NOT NULL DEFAULT '',
    organisation_key TEXT NOT NULL REFERENCES organisations (key) ON DELETE RESTRICT,
    entity           TEXT NOT NULL CHECK (entity IN ('training_validity', 'training_group', 'training_figures')),
    entry_id         TEXT,
    field            TEXT NOT NULL,
    old_value        TEXT,
    new_value        TEXT,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX organisation_audit_log_by_organisation ON organisation_audit_log (organisation_key, seq);

CREATE TRIGGER organisation_audit_log_no_update BEFORE UPDATE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed');
END;
CREATE TRIGGER organisation_audit_log_no_delete BEFORE DELETE ON organisation_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted');
END;
