-- Reminders sent with the daily notice: to a group for an item due before the next notice day or newly overdue, and
-- to the admins for an item overdue for more than a few days. One row per reminder, so none is sent twice.
CREATE TABLE reminders (
  id          INTEGER PRIMARY KEY,
  target      TEXT NOT NULL,                   -- 'room:<topic>', or 'admins' for the direct messages to every admin
  item_id     INTEGER NOT NULL REFERENCES items(id),
  kind        TEXT NOT NULL CHECK (kind IN ('due', 'overdue', 'escalated')),
  deadline    TEXT NOT NULL,                   -- the deadline it is about: a moved deadline is reminded again
  day         TEXT NOT NULL,                   -- YYYY-MM-DD in DUBAN_TZ
  sent_at     TEXT NOT NULL,                   -- queued in the outbox, in the same transaction as this row
  UNIQUE (target, item_id, kind, deadline),
  UNIQUE (target, item_id, day)
);
