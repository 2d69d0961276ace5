-- Feedback and ratings (issue 16, rows 5.1a, 5.1b and 5.3 of the 766
-- index; the monitoring vocabulary's feedback.topic and
-- feedback.satisfied). The PostgreSQL version of
-- src/store/sqlite/migrations/015_feedback_rating.sql: the same portable
-- statements.
--
-- What a piece of feedback (phản ánh, kiến nghị) is about: 0 not
-- classified, 1 rules and administrative procedures, 2 the behaviour of
-- officials (the portal's PETITION_CLASSIFICATION_TTHC and _STAFF,
-- RULES-766-2026.md §1.1 rows 19-20). The sender may choose it; the
-- officer who answers may correct it.
ALTER TABLE feedback ADD COLUMN topic integer NOT NULL DEFAULT 0 CHECK (topic BETWEEN 0 AND 2);

-- The sender's like (1) or dislike (0) of the answer, once, after it was
-- answered or refused (row 5.3: "số bị phản hồi trạng thái không hài
-- lòng"), with an optional text and the local minute it was given (0: not
-- rated). Only a sender with an account can rate: an anonymous sender
-- cannot be told apart from anyone else.
ALTER TABLE feedback ADD COLUMN rating integer CHECK (rating IS NULL OR rating IN (0, 1));
ALTER TABLE feedback ADD COLUMN rating_reason text NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN rated_at bigint NOT NULL DEFAULT 0;

-- A sender's own feedback, newest first (/my/feedback).
CREATE INDEX feedback_account ON feedback(account_id, id);

-- What the 766 index reads of a dossier's files, kept on the dossier (set
-- by the store whenever a file is linked, store/dossier_file.c), so the
-- index counts without a lookup of dossier_file per dossier: a document
-- attached (row 4.2), a result file (3.3, 4.1, 4.2), a document reused
-- from an earlier result (4.3).
ALTER TABLE dossier ADD COLUMN has_document INTEGER NOT NULL DEFAULT 0
  CHECK (has_document IN (0, 1));
ALTER TABLE dossier ADD COLUMN has_result INTEGER NOT NULL DEFAULT 0
  CHECK (has_result IN (0, 1));
ALTER TABLE dossier ADD COLUMN has_reused INTEGER NOT NULL DEFAULT 0
  CHECK (has_reused IN (0, 1));
UPDATE dossier SET
  has_document = CASE WHEN EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier = dossier.id
    AND f.kind = 'document') THEN 1 ELSE 0 END,
  has_result = CASE WHEN EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier = dossier.id
    AND f.kind = 'result') THEN 1 ELSE 0 END,
  has_reused = CASE WHEN EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier = dossier.id
    AND f.reused = 1) THEN 1 ELSE 0 END
WHERE EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier = dossier.id);

-- The index's one pass over a subtree's dossiers reads this index alone
-- (every column it needs, in unit and receipt order: the GROUP BY unit
-- needs no sort, and the wide rows with the form are never read).
CREATE INDEX dossier_idx766 ON dossier(unit, received_at, finished_at, procedure, channel,
  status, is_open, on_time, supplement_count, due_at, overdue_from, fee_due, paid_online,
  identity_source, rating, has_document, has_result, has_reused, code);
-- Its count of the procedures each unit's dossiers touched, GROUP BY unit
-- and procedure, reads this one in that order (no sort).
CREATE INDEX dossier_idx766_procedure ON dossier(unit, procedure, received_at, channel,
  paid_online, fee_due, identity_source);

-- A unit's predecessors (the index counts the units merged into it).
CREATE INDEX unit_succession_new ON unit_succession(new_code);
