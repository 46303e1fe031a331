-- What every message looks up (the ledger its group is bound to, who holds rights, whether a proposal is due to
-- expire) is kept until one of these counters moves. Each goes up with every change to what it names, by this
-- process or another: `settings` for groups' bindings, ledgers' names and report dates, and grants of rights;
-- `proposals` for proposals and the evidence files left to remove.
CREATE TABLE generations (
  topic TEXT PRIMARY KEY,
  n     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO generations (topic) VALUES ('settings'), ('proposals');

CREATE TRIGGER bindings_settings_insert AFTER INSERT ON bindings BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;
CREATE TRIGGER bindings_settings_update AFTER UPDATE ON bindings BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;
CREATE TRIGGER bindings_settings_delete AFTER DELETE ON bindings BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;

CREATE TRIGGER ledgers_settings_insert AFTER INSERT ON ledgers BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;
-- Not the ledger's own generation, which every change to its items raises.
CREATE TRIGGER ledgers_settings_update AFTER UPDATE OF id, name, report_date, report_date_source ON ledgers BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;
CREATE TRIGGER ledgers_settings_delete AFTER DELETE ON ledgers BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;

-- Role changes are only ever added (migration 0063).
CREATE TRIGGER role_changes_settings_insert AFTER INSERT ON role_changes BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'settings';
END;

CREATE TRIGGER proposals_generation_insert AFTER INSERT ON proposals BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'proposals';
END;
CREATE TRIGGER proposals_generation_update AFTER UPDATE ON proposals BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'proposals';
END;
CREATE TRIGGER proposals_generation_delete AFTER DELETE ON proposals BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'proposals';
END;
CREATE TRIGGER evidence_discarded_generation_insert AFTER INSERT ON evidence_discarded BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'proposals';
END;
CREATE TRIGGER evidence_discarded_generation_delete AFTER DELETE ON evidence_discarded BEGIN
  UPDATE generations SET n = n + 1 WHERE topic = 'proposals';
END;
