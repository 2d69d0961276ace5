-- Signed results (issue 17, docs/signatures.md): the certificates of units
-- and officials with their private keys encrypted at rest, the CAs they
-- chain to and the CRLs those publish, and the signature of every approved
-- result. Times here are unix seconds (UTC), as X.509 has them.

-- Whether a procedure's result is a document the unit signs: its move to
-- "result ready" is then a leader's approval (core/dossier.c). The
-- catalogue's optional column result_signed; 1 when absent.
ALTER TABLE procedure ADD COLUMN result_signed INTEGER NOT NULL DEFAULT 1
  CHECK (result_signed IN (0, 1));

-- A certificate: a CA the others chain to (trusted when checking), a
-- unit's seal (its organisation certificate) or an official's personal
-- certificate. chain_pem is the certificate followed by the ones above it;
-- key_pem its private key as an encrypted PKCS#8 PEM, under the service's
-- key file or the passphrase given at start (key_guard says which; the
-- secret itself is never stored). A certificate is never deleted:
-- revocation is recorded, and past signatures keep their signer.
CREATE TABLE cert (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('ca', 'seal', 'person')),
  unit           TEXT REFERENCES unit(code),      -- NULL for a CA
  account        INTEGER REFERENCES account(id),  -- the official, for 'person'
  common_name    TEXT NOT NULL,
  subject        TEXT NOT NULL,
  issuer         TEXT NOT NULL,
  serial         TEXT NOT NULL,                   -- upper-case hex
  sha256         TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  not_before     INTEGER NOT NULL,
  not_after      INTEGER NOT NULL,
  chain_pem      TEXT NOT NULL,
  key_pem        TEXT,
  key_guard      TEXT CHECK (key_guard IN ('keyfile', 'passphrase')),
  ca             INTEGER REFERENCES cert(id),     -- the CA row that issued it, when known
  revoked_at     INTEGER NOT NULL DEFAULT 0,      -- 0: not revoked
  revoked_reason TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  CHECK ((kind = 'ca') = (unit IS NULL)),
  CHECK ((kind = 'person') = (account IS NOT NULL)),
  CHECK ((key_pem IS NULL) = (key_guard IS NULL)),
  CHECK (not_after > not_before)
);
CREATE INDEX cert_unit ON cert(unit, kind);
CREATE INDEX cert_account ON cert(account);

-- A CA's revocation list as it published it (PEM), the newest one used.
CREATE TABLE crl (
  id          INTEGER PRIMARY KEY,
  ca          INTEGER NOT NULL REFERENCES cert(id),
  this_update INTEGER NOT NULL,
  next_update INTEGER NOT NULL,
  pem         TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (ca, this_update)
);

-- The signature of an approved result. source_file is the result as it
-- was attached; signed_file what is handed out: the PDF with its embedded
-- signatures, or (format cms) the same file, with the detached CMS in
-- file_p7s. record is the canonical record of the cover page
-- (core/result_record.h) and record_p7s its detached CMS; both CMS in
-- base64 of their DER. public_id names it in /verify/ID.
CREATE TABLE result_signature (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT NOT NULL UNIQUE,
  dossier       INTEGER NOT NULL REFERENCES dossier(id),
  source_file   INTEGER NOT NULL REFERENCES dossier_file(id),
  signed_file   INTEGER NOT NULL REFERENCES dossier_file(id),
  signed_sha256 TEXT NOT NULL CHECK (length(signed_sha256) = 64),
  format        TEXT NOT NULL CHECK (format IN ('pades', 'cms')),
  file_p7s      TEXT,
  record        TEXT NOT NULL,
  record_p7s    TEXT NOT NULL,
  leader_cert   INTEGER REFERENCES cert(id),      -- NULL: the seal signed alone
  seal_cert     INTEGER NOT NULL REFERENCES cert(id),
  signer        TEXT NOT NULL,
  signed_at     INTEGER NOT NULL,
  account_id    INTEGER NOT NULL,                 -- the leader who approved
  CHECK ((format = 'cms') = (file_p7s IS NOT NULL))
);
CREATE INDEX result_signature_dossier ON result_signature(dossier);
CREATE INDEX result_signature_sha256 ON result_signature(signed_sha256);
CREATE INDEX result_signature_source ON result_signature(source_file);
