-- Channels: a group is bound on the channel it lives on, by the one key duban stores it by (`room_topic`: its topic
-- on the web protocol, `channel:id` where the platform's group ids are stable), and messages go out on that channel.

ALTER TABLE bindings ADD COLUMN channel TEXT NOT NULL DEFAULT 'wechaty';
ALTER TABLE bindings ADD COLUMN room_name TEXT;        -- the group's name where the channel tells it
ALTER TABLE bindings ADD COLUMN webhook_key TEXT;      -- WeCom 消息推送 robot key: a message with @ goes through it

ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'wechaty';
ALTER TABLE outbox ADD COLUMN buttons TEXT;            -- JSON: [{text}] shown as a card where the channel has them
CREATE INDEX outbox_sent_by_channel ON outbox (channel, sent_at) WHERE sent_at IS NOT NULL;

-- People by their stable platform user id, with the name duban knows them by: a mention of that name can then
-- reach them as a real @ (WeCom's mentioned_list takes user ids).
CREATE TABLE people (
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  name       TEXT NOT NULL,
  seen_at    TEXT NOT NULL,
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;
CREATE INDEX people_by_name ON people (channel, name);
