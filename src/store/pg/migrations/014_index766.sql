-- What the index of Decision 766 needs and the one-stop shop did not keep
-- yet (issue 16), captured where it happens. The PostgreSQL version of
-- src/store/sqlite/migrations/014_index766.sql: the same portable
-- statements. core/index766.h says what each row counts.

-- Per procedure (set by `xaso import procedures` and the procedure route):
-- the date of the decision that published it (quyết định công bố), the
-- latest effective date of its legal basis, the day it was made public in
-- xaso (dates 'YYYY-MM-DD', NULL: not known), whether its result is a paper
-- document (rows 3.3, 4.1, 4.2) and whether it is eligible for full online
-- service (row 3.4, the national database's flag).
ALTER TABLE procedure ADD COLUMN decision_date TEXT;
ALTER TABLE procedure ADD COLUMN basis_effective TEXT;
ALTER TABLE procedure ADD COLUMN public_date TEXT;
ALTER TABLE procedure ADD COLUMN paper_result INTEGER NOT NULL DEFAULT 1
  CHECK (paper_result IN (0, 1));
ALTER TABLE procedure ADD COLUMN full_online_eligible INTEGER NOT NULL DEFAULT 0
  CHECK (full_online_eligible IN (0, 1));

-- Per dossier: where the applicant's identity came from, recorded at
-- filing (0 none, 1 the population data: an account whose ID number was
-- checked against the resident table at registration, 2 an e-ID sign-in).
ALTER TABLE dossier ADD COLUMN identity_source INTEGER NOT NULL DEFAULT 0
  CHECK (identity_source BETWEEN 0 AND 2);

-- Per document: 1 when the file is a result of an earlier dossier of the
-- same applicant, linked instead of uploaded again (row 4.3).
ALTER TABLE dossier_file ADD COLUMN reused INTEGER NOT NULL DEFAULT 0 CHECK (reused IN (0, 1));

-- The index counts a unit's dossiers received in a period, a dossier's
-- files by kind and the feedback about a dossier.
CREATE INDEX dossier_unit_received ON dossier(unit, received_at);
CREATE INDEX dossier_file_kind ON dossier_file(dossier, kind, reused);
CREATE INDEX feedback_dossier ON feedback(dossier_code);
