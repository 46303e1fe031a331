-- The daily notice: on which days a group gets it, and which notices went out, one per group and day.
ALTER TABLE bindings ADD COLUMN days TEXT NOT NULL DEFAULT '1-5';   -- cron day-of-week field: Monday to Friday

CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  room_topic  TEXT NOT NULL,
  day         TEXT NOT NULL,                   -- YYYY-MM-DD in DUBAN_TZ
  ledger_id   INTEGER NOT NULL REFERENCES ledgers(id),
  posted_at   TEXT NOT NULL,                   -- queued in the outbox, in the same transaction as this row
  late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  outbox_ids  TEXT NOT NULL,                   -- JSON: the queued parts
  UNIQUE (room_topic, day)
);
