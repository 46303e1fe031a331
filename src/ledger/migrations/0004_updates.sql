-- Progress reported in the groups: items carry a progress, deadlines can be moved by an approved change, updates
-- can wait for an admin's approval, proposals wait for their author's confirmation, admins can be granted, and
-- evidence is kept with the update it supports.

ALTER TABLE items ADD COLUMN progress INTEGER CHECK (progress BETWEEN 0 AND 100);

-- A deadline is the report's, or set by a change (update_id); a change supersedes the deadlines before it, and
-- taking that change back brings them back.
ALTER TABLE deadlines ADD COLUMN update_id INTEGER REFERENCES updates(id);
ALTER TABLE deadlines ADD COLUMN superseded_by INTEGER REFERENCES updates(id);

-- What an update waits for: 'closure' (a done from a responsible person: 待销号审核) or 'deadline' (a deadline
-- change); NULL when it took effect at once. It is settled by a later row (approve, return, revert) referring to it.
ALTER TABLE updates ADD COLUMN awaiting TEXT CHECK (awaiting IN ('closure', 'deadline'));
CREATE INDEX updates_refers_to ON updates (refers_to);

-- A change understood from a message, waiting for its author's 确认 (or a choice among candidate items).
-- At most one open proposal per person and group; a new one replaces the old.
CREATE TABLE proposals (
  id          INTEGER PRIMARY KEY,
  ledger_id   INTEGER NOT NULL REFERENCES ledgers(id),
  room        TEXT NOT NULL,                -- group topic; '' for a direct message
  person      TEXT NOT NULL,
  message_id  TEXT,
  source_text TEXT NOT NULL,
  change      TEXT NOT NULL,                -- JSON: what to record
  candidates  TEXT NOT NULL,                -- JSON: item ids; one when the item is settled
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'cancelled', 'expired', 'replaced')),
  update_id   INTEGER REFERENCES updates(id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  closed_at   TEXT
);
CREATE UNIQUE INDEX proposals_open ON proposals (room, person) WHERE state = 'open';

-- Admins granted in a group by another admin (`授权 张三`), beside those named in DUBAN_ADMINS.
CREATE TABLE grants (
  name       TEXT PRIMARY KEY,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL
) WITHOUT ROWID;

-- 佐证材料: a picture or file sent for an update, saved under data/evidence/.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  update_id   INTEGER REFERENCES updates(id),
  proposal_id INTEGER REFERENCES proposals(id),
  path        TEXT NOT NULL,                -- relative to the data folder
  file_name   TEXT NOT NULL,
  kind        TEXT NOT NULL,                -- image, file
  author      TEXT NOT NULL,
  room        TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX evidence_update ON evidence (update_id);

-- The item a person was just talking about in a group, so that "已完成" can follow "二/3 怎么样了".
ALTER TABLE conversations ADD COLUMN item_id INTEGER REFERENCES items(id);
ALTER TABLE conversations ADD COLUMN item_at TEXT;
