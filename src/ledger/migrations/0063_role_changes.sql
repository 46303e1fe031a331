-- Admin rights granted and withdrawn in a group (`授权 张三`, `取消授权 张三`): every grant and every revocation is a
-- row of its own, never edited or deleted, so who held rights over which ledger, and when, is kept. A grant is for
-- one ledger (the one of the conversation it was given in) or, for those granted before grants had a ledger, for
-- all. A person's rights over a scope are what its latest row says.
CREATE TABLE role_changes (
  id         INTEGER PRIMARY KEY,
  action     TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
  person     TEXT NOT NULL,                    -- as the admin named them: a name, a remark, or `id:` and a platform user id
  ledger_id  INTEGER REFERENCES ledgers(id),   -- NULL: every ledger
  room       TEXT,                             -- where it was said; NULL for a direct message
  by_person  TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX role_changes_person ON role_changes (person, ledger_id, id);

CREATE TRIGGER role_changes_are_never_edited BEFORE UPDATE ON role_changes
BEGIN
  SELECT RAISE(ABORT, 'role changes are append-only');
END;
CREATE TRIGGER role_changes_are_never_deleted BEFORE DELETE ON role_changes
BEGIN
  SELECT RAISE(ABORT, 'role changes are append-only');
END;
CREATE TRIGGER role_change_ids_are_never_reused BEFORE INSERT ON role_changes
WHEN EXISTS (SELECT 1 FROM role_changes WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'role changes are append-only');
END;

INSERT INTO role_changes (action, person, ledger_id, room, by_person, at)
  SELECT 'grant', name, NULL, NULL, granted_by, granted_at FROM grants ORDER BY granted_at;
DROP TABLE grants;
