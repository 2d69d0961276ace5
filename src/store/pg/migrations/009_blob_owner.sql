-- PostgreSQL version of sqlite/migrations/009_blob_owner.sql: who may use
-- an uploaded file (its uploaders, one row each; a file linked to a dossier
-- also belongs to that dossier). The data step of this version (store.c,
-- st_blob_owners_recover) is shared by both back ends.
CREATE TABLE blob_owner (
  sha256     text NOT NULL REFERENCES blob(sha256),
  account_id bigint NOT NULL CHECK (account_id > 0),
  created_at bigint NOT NULL,
  PRIMARY KEY (sha256, account_id)
);
