-- A large import fills the search index once, at its end, instead of row by row: the trigram index updated per row
-- grows slower with every row (20,000 items took 80 s). While a ledger has a row here (only ever inside the import's
-- own transaction, so no other connection sees one), its items' inserts and text changes leave the index alone; the
-- import took the ledger's rows out of the index first and puts them back when it removes the row.
CREATE TABLE search_deferred (
  ledger_id INTEGER PRIMARY KEY REFERENCES ledgers(id)
);

DROP TRIGGER items_fts_insert;
CREATE TRIGGER items_fts_insert AFTER INSERT ON items
WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE ledger_id = new.ledger_id)
BEGIN
  INSERT INTO items_fts (rowid, title, problem, rectification) VALUES (new.id, new.title, new.problem, new.rectification);
END;

DROP TRIGGER items_fts_update;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, problem, rectification ON items
WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE ledger_id = new.ledger_id)
BEGIN
  INSERT INTO items_fts (items_fts, rowid, title, problem, rectification)
  VALUES ('delete', old.id, old.title, old.problem, old.rectification);
  INSERT INTO items_fts (rowid, title, problem, rectification) VALUES (new.id, new.title, new.problem, new.rectification);
END;
