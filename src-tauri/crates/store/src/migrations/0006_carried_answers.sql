-- An answer carried over from another assessment (through a crosswalk, or
-- into a new version) says where it came from until a person confirms or
-- changes it; until then it counts as unanswered. NULL: a person's answer.
ALTER TABLE answers ADD COLUMN carried_from TEXT;
