-- PostgreSQL version of sqlite/migrations/004_blobs.sql.
CREATE TABLE blob (
  sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size       bigint NOT NULL CHECK (size > 0),
  mime       text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
  created_at bigint NOT NULL
);
