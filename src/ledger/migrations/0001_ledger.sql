-- The ledger: one inspection round's items, from one report, and the append-only record of their changes.

CREATE TABLE ledgers (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  report_date        TEXT,                -- YYYY-MM-DD the report's deadlines were resolved against
  report_date_source TEXT,                -- how report_date was found: date-line, latest-date, document-year, as-of, import-date
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

-- Every import that changed something: which file, what it did.
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  ledger_id   INTEGER NOT NULL REFERENCES ledgers(id),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  format      TEXT NOT NULL,
  encoding    TEXT,
  report_date TEXT,
  imported_at TEXT NOT NULL,
  summary     TEXT NOT NULL                 -- JSON: added, changed, unchanged, missing codes
);

CREATE TABLE items (
  id              INTEGER PRIMARY KEY,
  ledger_id       INTEGER NOT NULL REFERENCES ledgers(id),
  code            TEXT NOT NULL,            -- outline path as written: 二/1/(1), 一/4/三是
  seq             INTEGER NOT NULL,         -- position in the report
  sections        TEXT NOT NULL,            -- JSON [{code, title}] of the enclosing headings, outermost first
  title           TEXT NOT NULL,
  problem         TEXT NOT NULL,
  rectification   TEXT NOT NULL,            -- the rectification block as written
  reported_status TEXT NOT NULL CHECK (reported_status IN ('not_started', 'in_progress', 'done', 'closed')),
  status          TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'closed')),
  long_term       INTEGER NOT NULL CHECK (long_term IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (ledger_id, code)
);
CREATE INDEX items_ledger_seq ON items (ledger_id, seq);

-- One 一是/二是/1、2、 step of an item's rectification.
CREATE TABLE measures (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  marker   TEXT,                            -- 一是, 1, (1); NULL for an unnumbered block
  text     TEXT NOT NULL,
  status   TEXT CHECK (status IN ('not_started', 'in_progress', 'done')),  -- NULL: the measure's words say nothing
  deadline TEXT,                            -- its latest deadline, YYYY-MM-DD
  UNIQUE (item_id, seq)
);

CREATE TABLE deadlines (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  due_date    TEXT NOT NULL,                -- YYYY-MM-DD
  phrase      TEXT NOT NULL,                -- the words it was read from: 预计8月底完成初稿
  measure_seq INTEGER
);
CREATE INDEX deadlines_item ON deadlines (item_id, due_date);
CREATE INDEX deadlines_due ON deadlines (due_date);

CREATE TABLE responsibles (
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  assigned_by TEXT,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (item_id, name)
);
CREATE INDEX responsibles_name ON responsibles (name);

-- The audit trail. A row is never edited or deleted: an approval, a return or an undo is a new row that refers to
-- the one it acts on.
CREATE TABLE updates (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES items(id),
  kind           TEXT NOT NULL,             -- status, progress, deadline, note, approve, return, revert, import
  author         TEXT NOT NULL,
  room           TEXT,                      -- group topic, NULL for the command line or a direct message
  at             TEXT NOT NULL,
  message_id     TEXT,
  source_text    TEXT,
  old_status     TEXT,
  new_status     TEXT,
  old_progress   INTEGER,
  new_progress   INTEGER,
  old_deadline   TEXT,
  new_deadline   TEXT,
  note           TEXT,
  confirmed_by   TEXT,
  confirmed_at   TEXT,
  approved_by    TEXT,
  approved_at    TEXT,
  refers_to      INTEGER REFERENCES updates(id)
);
CREATE INDEX updates_item ON updates (item_id, id);
CREATE INDEX updates_at ON updates (at);

CREATE TRIGGER updates_are_never_edited BEFORE UPDATE ON updates
BEGIN
  SELECT RAISE(ABORT, 'updates are append-only');
END;
CREATE TRIGGER updates_are_never_deleted BEFORE DELETE ON updates
BEGIN
  SELECT RAISE(ABORT, 'updates are append-only');
END;
