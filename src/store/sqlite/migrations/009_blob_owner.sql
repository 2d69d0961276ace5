-- Who may use an uploaded file. Files are stored once by content hash, so
-- the hash alone must never be a key to them: a file belongs to whoever
-- uploaded it (one row per uploader, since two people may upload the same
-- bytes) until it is linked to a dossier, and from then on also to that
-- dossier (its dossier_file row): whoever may read the dossier may link it
-- again. Linking anything else is refused exactly like an unknown hash.
-- The data step of this version (store.c, st_blob_owners_recover) gives
-- files uploaded before it their uploaders back from the audit log.
CREATE TABLE blob_owner (
  sha256     TEXT NOT NULL REFERENCES blob(sha256),
  account_id INTEGER NOT NULL CHECK (account_id > 0),
  created_at INTEGER NOT NULL,            -- unix seconds
  PRIMARY KEY (sha256, account_id)
) WITHOUT ROWID;
