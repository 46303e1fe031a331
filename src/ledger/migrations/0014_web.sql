-- The web console: its accounts and their sessions, and where an update was made.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,     -- shown in the audit trail as the author of what the account does
  role          TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  password_hash TEXT NOT NULL,            -- scrypt$N$r$p$salt$hash, never the password
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- A logged-in browser: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_key   TEXT NOT NULL,               -- signs this session's form tokens
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- 'web' for a change made in the console; NULL for one from a group, a direct message or the command line.
ALTER TABLE updates ADD COLUMN via TEXT;

-- A picture sent as one message of its own (the daily notice's chart), for a channel that can send pictures.
ALTER TABLE outbox ADD COLUMN image BLOB;
