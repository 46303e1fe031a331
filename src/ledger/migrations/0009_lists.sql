-- A ledger's generation goes up with every change to its items, their deadlines or their responsible people, by
-- this process or another: what is computed over the whole ledger (the overview, the counts of a list) is kept until
-- the generation it was computed at has passed.
ALTER TABLE ledgers ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER items_generation_insert AFTER INSERT ON items BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = new.ledger_id;
END;
CREATE TRIGGER items_generation_update AFTER UPDATE ON items BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id IN (old.ledger_id, new.ledger_id);
END;
CREATE TRIGGER items_generation_delete AFTER DELETE ON items BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = old.ledger_id;
END;

CREATE TRIGGER deadlines_generation_insert AFTER INSERT ON deadlines BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = (SELECT ledger_id FROM items WHERE id = new.item_id);
END;
CREATE TRIGGER deadlines_generation_update AFTER UPDATE ON deadlines BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id IN (SELECT ledger_id FROM items WHERE id IN (old.item_id, new.item_id));
END;
CREATE TRIGGER deadlines_generation_delete AFTER DELETE ON deadlines BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = (SELECT ledger_id FROM items WHERE id = old.item_id);
END;

CREATE TRIGGER responsibles_generation_insert AFTER INSERT ON responsibles BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = (SELECT ledger_id FROM items WHERE id = new.item_id);
END;
CREATE TRIGGER responsibles_generation_update AFTER UPDATE ON responsibles BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id IN (SELECT ledger_id FROM items WHERE id IN (old.item_id, new.item_id));
END;
CREATE TRIGGER responsibles_generation_delete AFTER DELETE ON responsibles BEGIN
  UPDATE ledgers SET generation = generation + 1 WHERE id = (SELECT ledger_id FROM items WHERE id = old.item_id);
END;

-- "What is still open?" pages through the open items in report order without reading the done ones.
CREATE INDEX items_open_seq ON items (ledger_id, seq) WHERE status IN ('not_started', 'in_progress');

-- `更多` now keeps where the list stopped ({title, list, after, shown, total}), not every id still to show: a list
-- begun before this version is asked again.
UPDATE conversations SET more = NULL;
