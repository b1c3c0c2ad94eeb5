-- The live plan, kept in the order the dashboard reads it, so that showing
-- a page of it costs what the page costs and not what the history does.
-- Everything here is derived from `actions` (and each action's assessment):
-- it is not user data, never audited, and rewritten by the store in the same
-- transaction as every write of an action. Version 10's upgrade fills it
-- from the actions already there (in code: owners are split and compared
-- as the app's rules say, which SQL cannot do).

-- One row per action of an assessment's newest version that every view
-- reads (owner_key ''), and one more per owner the action names (owner_key:
-- the name as the owner filter matches it), so that the owner filter reads
-- its owner's rows in order too. The columns are what the plan is filtered
-- and ordered by: the stored priority; whether it is live (open, gap open);
-- its completion date, or '~' (after every date) when it has none; the
-- department trimmed and as the filter matches it; and the assessment's
-- date and organisation, which never change.
CREATE TABLE plan_rows (
    owner_key       TEXT NOT NULL,
    action_id       TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    owner           TEXT NOT NULL,
    priority        TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    status          TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'deferred')),
    gap             TEXT NOT NULL CHECK (gap IN ('open', 'closed')),
    live            INTEGER NOT NULL CHECK (live IN (0, 1)),
    due_key         TEXT NOT NULL CHECK (due_key = '~' OR date(due_key) IS due_key),
    department      TEXT NOT NULL,
    department_key  TEXT NOT NULL,
    assessment_date TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    PRIMARY KEY (owner_key, action_id)
) STRICT, WITHOUT ROWID;
-- A segment of the plan (one priority, live or not, a range of dates) in
-- the plan's order, for everyone or for one owner; then the same within a
-- department.
CREATE INDEX plan_rows_in_order ON plan_rows
    (owner_key, priority, live, due_key, assessment_date DESC, organisation);
CREATE INDEX plan_rows_by_department ON plan_rows
    (owner_key, department_key, priority, live, due_key, assessment_date DESC, organisation);
CREATE INDEX plan_rows_by_action ON plan_rows (action_id);

-- Rows are rewritten (deleted and inserted), never updated: the running
-- counts below follow inserts and deletes.
CREATE TRIGGER plan_rows_never_updated BEFORE UPDATE ON plan_rows
BEGIN
    SELECT RAISE(ABORT, 'plan rows are rewritten, never updated');
END;

-- How many live actions (owner_key '': all of them; else those naming one
-- owner) share what the dashboard's counts read: a few thousand groups
-- however many actions there are.
CREATE TABLE plan_tally (
    owner_key  TEXT NOT NULL,
    department TEXT NOT NULL,
    status     TEXT NOT NULL,
    priority   TEXT NOT NULL,
    gap        TEXT NOT NULL,
    due_key    TEXT NOT NULL,
    actions    INTEGER NOT NULL CHECK (actions >= 0),
    PRIMARY KEY (owner_key, department, status, priority, gap, due_key)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER plan_rows_counted AFTER INSERT ON plan_rows
BEGIN
    INSERT INTO plan_tally (owner_key, department, status, priority, gap, due_key, actions)
        VALUES (NEW.owner_key, NEW.department, NEW.status, NEW.priority, NEW.gap, NEW.due_key, 1)
        ON CONFLICT DO UPDATE SET actions = actions + 1;
END;
CREATE TRIGGER plan_rows_uncounted AFTER DELETE ON plan_rows
BEGIN
    UPDATE plan_tally SET actions = actions - 1
        WHERE owner_key = OLD.owner_key AND department = OLD.department AND status = OLD.status
          AND priority = OLD.priority AND gap = OLD.gap AND due_key = OLD.due_key;
    DELETE FROM plan_tally
        WHERE owner_key = OLD.owner_key AND department = OLD.department AND status = OLD.status
          AND priority = OLD.priority AND gap = OLD.gap AND due_key = OLD.due_key AND actions = 0;
END;

-- Every owner's name as typed (trimmed) in the live plan, with how many
-- actions name it: the owner filter's choices.
CREATE TABLE plan_owner_names (
    owner   TEXT PRIMARY KEY NOT NULL,
    actions INTEGER NOT NULL CHECK (actions >= 0)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER plan_rows_owner_named AFTER INSERT ON plan_rows WHEN NEW.owner_key <> ''
BEGIN
    INSERT INTO plan_owner_names (owner, actions) VALUES (NEW.owner, 1)
        ON CONFLICT DO UPDATE SET actions = actions + 1;
END;
CREATE TRIGGER plan_rows_owner_unnamed AFTER DELETE ON plan_rows WHEN OLD.owner_key <> ''
BEGIN
    UPDATE plan_owner_names SET actions = actions - 1 WHERE owner = OLD.owner;
    DELETE FROM plan_owner_names WHERE owner = OLD.owner AND actions = 0;
END;

-- The home screen, newest first (when each was created, then its date),
-- a page at a time.
CREATE INDEX assessments_newest_first ON assessments (created_at DESC, assessment_date DESC, id DESC);
