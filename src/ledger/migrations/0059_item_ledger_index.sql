-- Which ledger an item is in, without reading the item's row: a search checks it for every item the words match
-- (thousands on a large ledger), and the rows, with their text, are many times larger than this index.
CREATE INDEX items_id_ledger ON items (id, ledger_id);
