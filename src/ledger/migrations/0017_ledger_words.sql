-- A ledger's own words (the units and people its items name, the names its reports list), kept whole when a message
-- is cut into words: filled at import and whenever someone is made responsible, read by every process that answers.
CREATE TABLE ledger_words (
  ledger_id INTEGER NOT NULL REFERENCES ledgers(id),
  word      TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('unit', 'person', 'term')),
  PRIMARY KEY (ledger_id, word)
) WITHOUT ROWID;

-- A new word changes how the ledger's questions are read: what was computed over it is computed again.
CREATE TRIGGER ledger_words_generation AFTER INSERT ON ledger_words BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = new.ledger_id;
END;

-- Someone made responsible, by an import or an admin's 指派.
CREATE TRIGGER responsibles_ledger_word AFTER INSERT ON responsibles BEGIN
  INSERT OR IGNORE INTO ledger_words (ledger_id, word, kind) SELECT ledger_id, new.name, 'person' FROM items WHERE id = new.item_id;
END;

-- Ledgers imported before: their units, leaders and responsible people as written (a report's listed names come
-- with its next import).
INSERT OR IGNORE INTO ledger_words (ledger_id, word, kind) SELECT DISTINCT ledger_id, unit, 'unit' FROM items WHERE unit != '';
INSERT OR IGNORE INTO ledger_words (ledger_id, word, kind) SELECT DISTINCT ledger_id, leader, 'person' FROM items WHERE leader != '';
INSERT OR IGNORE INTO ledger_words (ledger_id, word, kind)
  SELECT DISTINCT i.ledger_id, r.name, 'person' FROM responsibles r JOIN items i ON i.id = r.item_id;
