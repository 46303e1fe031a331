-- The audit trail holds against any SQL the application could issue. UPDATE and DELETE of an update are refused
-- since 0001. An INSERT naming an id already present is refused before its conflict clause is looked at, so
-- REPLACE, INSERT OR REPLACE, INSERT OR IGNORE and every upsert (ON CONFLICT DO UPDATE / DO NOTHING) fail aloud;
-- and with recursive_triggers on (set at every open) a REPLACE's implicit delete fires the delete refusal as well.
CREATE TRIGGER updates_ids_are_never_reused BEFORE INSERT ON updates
WHEN EXISTS (SELECT 1 FROM updates WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'updates are append-only');
END;

-- Nor through the items the updates are about: an item with updates keeps its id and its row (a REPLACE or an id
-- moved onto it would make the trail speak of another item).
CREATE TRIGGER items_with_updates_are_never_deleted BEFORE DELETE ON items
WHEN EXISTS (SELECT 1 FROM updates WHERE item_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'items with updates are never deleted');
END;
CREATE TRIGGER item_ids_never_change BEFORE UPDATE OF id ON items
WHEN NEW.id IS NOT OLD.id
BEGIN
  SELECT RAISE(ABORT, 'item ids never change');
END;

-- Evidence, once it belongs to a recorded update, is part of that record: never edited, deleted or replaced.
CREATE TRIGGER evidence_of_an_update_is_never_edited BEFORE UPDATE ON evidence
WHEN OLD.update_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'evidence of an update is append-only');
END;
CREATE TRIGGER evidence_of_an_update_is_never_deleted BEFORE DELETE ON evidence
WHEN OLD.update_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'evidence of an update is append-only');
END;
CREATE TRIGGER evidence_ids_are_never_reused BEFORE INSERT ON evidence
WHEN EXISTS (SELECT 1 FROM evidence WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'evidence of an update is append-only');
END;

-- Evidence is limited per proposal (or update) and per person and day, in count and in bytes.
ALTER TABLE evidence ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX evidence_proposal ON evidence (proposal_id);
CREATE INDEX evidence_author_at ON evidence (author, at);

-- Evidence of a proposal that is never confirmed (cancelled, replaced by a newer one, expired) goes with it: its rows
-- in the transaction that closes the proposal, its files, listed here by that transaction, right after it.
CREATE TABLE evidence_discarded (
  path TEXT PRIMARY KEY                        -- relative to the data folder
) WITHOUT ROWID;
CREATE TRIGGER evidence_deleted_leaves_its_file AFTER DELETE ON evidence
BEGIN
  INSERT OR IGNORE INTO evidence_discarded (path) VALUES (OLD.path);
END;
CREATE TRIGGER proposal_unconfirmed_drops_its_evidence AFTER UPDATE OF state ON proposals
WHEN NEW.state IN ('cancelled', 'expired', 'replaced')
BEGIN
  DELETE FROM evidence WHERE proposal_id = NEW.id AND update_id IS NULL;
END;
