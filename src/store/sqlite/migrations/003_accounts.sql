-- Accounts, sessions, API tokens and the audit log.

-- A citizen signs in with a phone number or a personal ID number; staff
-- with a login name. Staff are bound to one administrative unit and act
-- within its subtree. Passwords are Argon2id strings (libsodium).
CREATE TABLE account (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN
                  ('citizen','officer','leader','team','province','admin')),
  unit          TEXT REFERENCES unit(code),
  full_name     TEXT NOT NULL DEFAULT '',
  pid           TEXT UNIQUE CHECK (pid IS NULL OR length(pid) = 12),
  phone         TEXT,
  password_hash TEXT NOT NULL,
  totp_secret   TEXT,                   -- base32; NULL when not enrolled
  totp_last     INTEGER NOT NULL DEFAULT 0, -- last accepted time step (no replay)
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL,       -- unix seconds
  failed_count  INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  CHECK ((role = 'citizen') = (unit IS NULL))
);
CREATE INDEX account_unit ON account(unit);

-- Sessions and API tokens are stored as the SHA-256 of the random token.
CREATE TABLE session (
  token_hash  TEXT PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES account(id),
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL           -- absolute expiry
);
CREATE INDEX session_account ON session(account_id);

CREATE TABLE api_token (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  account_id  INTEGER NOT NULL REFERENCES account(id),
  name        TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES account(id),
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

-- Failed logins per client address, for throttling.
CREATE TABLE login_failure (
  address TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX login_failure_address ON login_failure(address, at);

-- Append-only, hash-chained audit log.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  login      TEXT NOT NULL,
  role       TEXT NOT NULL,
  unit       TEXT NOT NULL,
  address    TEXT NOT NULL,
  action     TEXT NOT NULL,
  object     TEXT NOT NULL,
  detail     TEXT NOT NULL,
  prev       TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE INDEX audit_unit ON audit(unit, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
