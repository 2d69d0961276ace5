-- Attachments (scans and photos of documents): each distinct file is kept
-- once, named by the SHA-256 of its bytes, under the data directory
-- (<dir>/ab/cdef...). The row is written only after the file is on disk
-- and fsync'd, so a row always has its file; a crash in between leaves at
-- most a file without a row, which the next upload of the same bytes reuses.
CREATE TABLE blob (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  size       INTEGER NOT NULL CHECK (size > 0),
  mime       TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
  created_at INTEGER NOT NULL             -- unix seconds
) WITHOUT ROWID;
