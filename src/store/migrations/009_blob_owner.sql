-- Who may use an uploaded file. Files are stored once by content hash, so
-- the hash alone must never be a key to them: a file belongs to whoever
-- uploaded it (one row per uploader, since two people may upload the same
-- bytes) until it is linked to a dossier, and from then on also to that
-- dossier (its dossier_file row): whoever may read the dossier may link it
-- again. Linking anything else is refused exactly like an unknown hash.
CREATE TABLE blob_owner (
  sha256     TEXT NOT NULL REFERENCES blob(sha256),
  account_id INTEGER NOT NULL CHECK (account_id > 0),
  created_at INTEGER NOT NULL,            -- unix seconds
  PRIMARY KEY (sha256, account_id)
) WITHOUT ROWID;

-- Files already linked to dossiers keep belonging to those dossiers. Files
-- uploaded before this version get their uploaders back from the audit
-- log, whose "blob.put" entries name the account and the whole hash
-- ("sha256 <64 hex>, N bytes, type"); a file with neither a dossier nor
-- such an entry (uploaded by no account) is unreachable from now on, as
-- docs/attachments.md says.
INSERT INTO blob_owner (sha256, account_id, created_at)
  SELECT substr(a.detail, 8, 64), a.account_id, min(a.at) FROM audit a
  WHERE a.action = 'blob.put' AND a.account_id > 0 AND substr(a.detail, 1, 7) = 'sha256 '
    AND substr(a.detail, 8, 64) IN (SELECT sha256 FROM blob)
  GROUP BY substr(a.detail, 8, 64), a.account_id
  ON CONFLICT DO NOTHING;
