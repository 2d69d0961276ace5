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
