-- Repeated complaints (issue 16, row 5.3) and the 766 index as built-in
-- indicators (item 5). Portable SQL: the PostgreSQL version of this script is
-- src/store/pg/migrations/017_feedback_repeats.sql, the same statements.
--
-- Feedback that a sender files again about their earlier feedback, once
-- that was answered or refused: its id (NULL for feedback filed for the
-- first time). Row 5.3 of the 766 index counts the earlier answer as not
-- satisfying ("tiếp tục có phản ánh về kết quả giải quyết",
-- RULES-766-2026.md §1.1 row 22; "bị phản ánh lại" over "PAKN tiếp nhận
-- lần đầu", RULES.md §1.2 row 5.3), and the repeat is not a first
-- feedback of its own there. Set by the store (feedback.c) when the
-- sender chooses the earlier one, or files again about the same dossier.
ALTER TABLE feedback ADD COLUMN repeats INTEGER REFERENCES feedback(id);
CREATE INDEX feedback_repeats ON feedback(repeats);

-- A document reused from an earlier result of the same applicant is looked
-- for among the applicant's earlier dossiers (store/dossier_file.c, row 4.3
-- of the index): by account through dossier_applicant, by ID number through
-- this one, instead of every link of the same file (a shared blob, such as
-- the demo's, is linked to many dossiers).
CREATE INDEX dossier_applicant_pid ON dossier(applicant_pid);

-- The index's total and groups become built-in indicators: the data step
-- of this version (store/indicators.c st_indicators_seed_index766) adds
-- those an older database lacks.
