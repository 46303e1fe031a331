-- The numbered choice duban last offered a person in a group (items found for a question), so that a bare `2` or a
-- code in reply picks one, for a short while.
ALTER TABLE conversations ADD COLUMN choices TEXT;      -- JSON: item ids, in the order offered
ALTER TABLE conversations ADD COLUMN choices_at TEXT;
