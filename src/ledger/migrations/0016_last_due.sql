-- An item's last deadline (the latest of those not superseded), kept on the item by the deadlines' own triggers, so
-- that every write that changes a deadline (an import, a confirmed change, an undo) changes it in the same
-- transaction. "What is overdue?" then reads open items by it, through an index, instead of every open item's
-- deadlines on every page.
ALTER TABLE items ADD COLUMN last_due TEXT;

UPDATE items SET last_due = (SELECT max(d.due_date) FROM deadlines d WHERE d.item_id = items.id AND d.superseded_by IS NULL);

CREATE TRIGGER deadlines_last_due_insert AFTER INSERT ON deadlines BEGIN
  UPDATE items SET last_due = (SELECT max(d.due_date) FROM deadlines d WHERE d.item_id = items.id AND d.superseded_by IS NULL)
  WHERE id = new.item_id;
END;
CREATE TRIGGER deadlines_last_due_update AFTER UPDATE OF item_id, due_date, superseded_by ON deadlines BEGIN
  UPDATE items SET last_due = (SELECT max(d.due_date) FROM deadlines d WHERE d.item_id = items.id AND d.superseded_by IS NULL)
  WHERE id IN (old.item_id, new.item_id);
END;
CREATE TRIGGER deadlines_last_due_delete AFTER DELETE ON deadlines BEGIN
  UPDATE items SET last_due = (SELECT max(d.due_date) FROM deadlines d WHERE d.item_id = items.id AND d.superseded_by IS NULL)
  WHERE id = old.item_id;
END;

CREATE INDEX items_open_last_due ON items (ledger_id, last_due, seq) WHERE status IN ('not_started', 'in_progress');
