-- What the bot in the groups needs: bindings, handled message ids, the outbox, conversation state, item search.

-- A group, by topic (web-protocol room ids change across logins), bound to a ledger.
CREATE TABLE bindings (
  id           INTEGER PRIMARY KEY,
  room_topic   TEXT NOT NULL UNIQUE,
  ledger_id    INTEGER NOT NULL REFERENCES ledgers(id),
  broadcast_at TEXT NOT NULL DEFAULT '09:00',   -- HH:MM in DUBAN_TZ
  bound_by     TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- Message ids already handled: a duplicate, or a replay after a restart, is answered once.
CREATE TABLE seen_messages (
  message_id TEXT PRIMARY KEY,
  seen_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX seen_messages_at ON seen_messages (seen_at);

-- Every outgoing message, in order per conversation; kept until sent, so a restart loses none.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  conversation    TEXT NOT NULL,                -- room:<topic> or contact:<name>
  room_id         TEXT,                         -- the room a reply answers, when two groups share a topic
  text            TEXT NOT NULL,
  mentions        TEXT NOT NULL DEFAULT '[]',   -- JSON: names to @-mention
  ref             TEXT,                         -- what the message belongs to, e.g. a daily notice
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  sent_at         TEXT,
  failed_at       TEXT
);
CREATE INDEX outbox_pending ON outbox (conversation, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- When each conversation may next be sent to: the per-group gap, with its jitter drawn at the last send.
CREATE TABLE outbox_pace (
  conversation TEXT PRIMARY KEY,
  next_at      TEXT NOT NULL
) WITHOUT ROWID;

-- Per person and group: the rest of a long list (更多), the ledger chosen in a direct message.
CREATE TABLE conversations (
  room       TEXT NOT NULL,                     -- group topic; '' for a direct message
  person     TEXT NOT NULL,
  ledger_id  INTEGER REFERENCES ledgers(id),
  more       TEXT,                              -- JSON: {title, ids} still to show
  updated_at TEXT NOT NULL,
  PRIMARY KEY (room, person)
) WITHOUT ROWID;

-- Finding items by words from their text: trigrams find Chinese substrings of three characters or more.
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, problem, rectification,
  content = 'items', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO items_fts (rowid, title, problem, rectification) SELECT id, title, problem, rectification FROM items;
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts (rowid, title, problem, rectification) VALUES (new.id, new.title, new.problem, new.rectification);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, problem, rectification)
  VALUES ('delete', old.id, old.title, old.problem, old.rectification);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, problem, rectification ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, problem, rectification)
  VALUES ('delete', old.id, old.title, old.problem, old.rectification);
  INSERT INTO items_fts (rowid, title, problem, rectification) VALUES (new.id, new.title, new.problem, new.rectification);
END;
