-- Version 5: who recorded each sign-off, when, and the report it sealed.
-- * A sign-off may be recorded by someone other than the signatory (on their
--   behalf, which they confirm), and later than it was made (signed on
--   paper): `signed_at` stays the time of signing, `recorded_at` is the real
--   time it was recorded and `recorded_by` the person using the app.
--   Sign-offs recorded before this version were recorded when they were made
--   and by whom the audit trail names, so these stay NULL for them.
-- * `pdf` is the report as signed at this sign-off, by the key of whoever
--   recorded it, so that every later export (by anyone) gives the same file.
--   NULL before this version: those are signed when exported, as before.
ALTER TABLE sign_offs ADD COLUMN recorded_at TEXT;
ALTER TABLE sign_offs ADD COLUMN recorded_by TEXT;
ALTER TABLE sign_offs ADD COLUMN recorded_by_role TEXT;
ALTER TABLE sign_offs ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1));
ALTER TABLE sign_offs ADD COLUMN pdf BLOB;
