-- The language model: the little of a conversation it may see, and what it costs.

-- A person's recent messages to duban in a group and what duban answered; the model is shown the last few.
-- Kept only while a model is configured, and only the latest few per person and group.
CREATE TABLE model_turns (
  id     INTEGER PRIMARY KEY,
  room   TEXT NOT NULL,                         -- group topic; '' for a direct message
  person TEXT NOT NULL,
  said   TEXT NOT NULL,
  reply  TEXT NOT NULL,
  at     TEXT NOT NULL
);
CREATE INDEX model_turns_by_person ON model_turns (room, person, id);

-- Tokens the model used, per day (YYYY-MM-DD in DUBAN_TZ) and group: the daily budget is checked against it.
CREATE TABLE model_usage (
  day               TEXT NOT NULL,
  room              TEXT NOT NULL,              -- group topic; '' for direct messages
  requests          INTEGER NOT NULL DEFAULT 0,
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  alerted_at        TEXT,                       -- when the admins were told this group's budget was used up
  PRIMARY KEY (day, room)
) WITHOUT ROWID;
