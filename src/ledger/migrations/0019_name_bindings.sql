-- Who a responsible person's name (`responsibles.name`, as a report or an admin wrote it) means on a channel whose
-- people have stable user ids: the one user id it is bound to, by an admin's 指派 of them (an @, or the one person
-- heard of by that name) or, for a name only a report gave, by the first person going by it to act on one of its
-- items while nobody else went by it. Once bound, the name is that user's alone: another who takes the name is not
-- responsible, the holder under a new name still is. An admin's 指派 binds it again.
CREATE TABLE name_bindings (
  channel   TEXT NOT NULL,
  name      TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  bound_by  TEXT,            -- the admin whose 指派 bound it; NULL when bound on first use
  bound_at  TEXT NOT NULL,
  PRIMARY KEY (channel, name)
) WITHOUT ROWID;
CREATE INDEX name_bindings_by_user ON name_bindings (channel, user_id);
