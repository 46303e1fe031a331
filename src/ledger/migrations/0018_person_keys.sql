-- Whose a proposal, a conversation, an update and a piece of evidence is goes by what the person cannot type: their
-- key (`channel:userId`) where the channel gives one; on the web protocol `remark:` and the bot account's remark for
-- them, else `name:` and their name. The name columns stay, for what is shown and @-mentioned. Rows from before were
-- kept by the name: they stay that name's.
ALTER TABLE proposals ADD COLUMN person_key TEXT NOT NULL DEFAULT '';
UPDATE proposals SET person_key = 'name:' || person;
DROP INDEX proposals_open;
CREATE UNIQUE INDEX proposals_open ON proposals (room, person_key) WHERE state = 'open';

ALTER TABLE conversations RENAME COLUMN person TO person_key;
UPDATE conversations SET person_key = 'name:' || person_key;

-- The trail's rows are never edited, so those from before get no key: they are read as their author's name's
-- (`coalesce(author_key, 'name:' || author)`, in src/ledger/owners.ts).
ALTER TABLE updates ADD COLUMN author_key TEXT;
ALTER TABLE evidence ADD COLUMN author_key TEXT;
DROP INDEX evidence_author_at;
CREATE INDEX evidence_author_key_at ON evidence (coalesce(author_key, 'name:' || author), at);
