-- Fees and their payments (issue 15): a dossier's fee and what was paid of
-- it, the unit's receiving account, the payments with their receipt
-- numbers, and the bank statements read for reconciliation. Amounts are
-- đồng; times are minutes since 1970 in local time (UTC+7), 0 "not yet".
-- The rules are core/fee.h's; the PostgreSQL version of this script is
-- src/store/pg/migrations/011_payments.sql.

-- The fee and what was paid (never above the fee: core/fee.c). Dossiers
-- filed before this version carry no fee; the unit sets one where a fee
-- is still due. fee_due, paid_online and paid_cash are what core derives
-- (dossier_settle), kept for SQL to count with like is_open and on_time.
ALTER TABLE dossier ADD COLUMN fee_vnd INTEGER NOT NULL DEFAULT 0 CHECK (fee_vnd >= 0);
ALTER TABLE dossier ADD COLUMN fee_note TEXT NOT NULL DEFAULT '';  -- why the unit set it
ALTER TABLE dossier ADD COLUMN paid_vnd INTEGER NOT NULL DEFAULT 0 CHECK (paid_vnd >= 0);
ALTER TABLE dossier ADD COLUMN paid_cash_vnd INTEGER NOT NULL DEFAULT 0 CHECK (paid_cash_vnd >= 0);
ALTER TABLE dossier ADD COLUMN paid_at INTEGER NOT NULL DEFAULT 0;  -- paid in full
ALTER TABLE dossier ADD COLUMN fee_due INTEGER NOT NULL DEFAULT 0 CHECK (fee_due IN (0, 1));
ALTER TABLE dossier ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0 CHECK (paid_online IN (0, 1));
ALTER TABLE dossier ADD COLUMN paid_cash INTEGER NOT NULL DEFAULT 0 CHECK (paid_cash IN (0, 1));

-- A commune's fee setup, set by its leader: the account that receives
-- transfers ('' when it takes cash only) and how its receipts write
-- amounts in words (enum money_style bits: 1 "lẻ", 2 "tỉ").
CREATE TABLE unit_fee_setup (
  unit       TEXT PRIMARY KEY REFERENCES unit(code),
  bin        TEXT NOT NULL DEFAULT '',
  account    TEXT NOT NULL DEFAULT '',
  holder     TEXT NOT NULL DEFAULT '',
  words      INTEGER NOT NULL DEFAULT 0 CHECK (words BETWEEN 0 AND 3),
  updated_at INTEGER NOT NULL,
  updated_by INTEGER NOT NULL
);

-- Receipt numbers per unit and calendar year. The counter is raised in the
-- transaction that records the payment: a rolled-back payment rolls its
-- number back too, so numbers have no gaps.
CREATE TABLE fee_receipt_seq (
  unit TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (unit, year)
) WITHOUT ROWID;

-- A bank statement read for reconciliation, with what its lines did.
CREATE TABLE bank_statement (
  id          INTEGER PRIMARY KEY,
  unit        TEXT NOT NULL REFERENCES unit(code),
  name        TEXT NOT NULL,               -- the file's name
  imported_at INTEGER NOT NULL,
  account_id  INTEGER NOT NULL,
  login       TEXT NOT NULL,
  lines       INTEGER NOT NULL DEFAULT 0,  -- transactions read
  credits     INTEGER NOT NULL DEFAULT 0,  -- new credits kept
  paid        INTEGER NOT NULL DEFAULT 0,  -- of them, recorded as payments
  held        INTEGER NOT NULL DEFAULT 0,  -- of them, waiting for an officer
  seen        INTEGER NOT NULL DEFAULT 0,  -- lines read before: changed nothing
  debits      INTEGER NOT NULL DEFAULT 0   -- money out: not payments
);
CREATE INDEX bank_statement_unit ON bank_statement(unit, id);

-- Each credit of the unit's statements, once: the line's key (core/
-- statement.h) is the same when the row is read again, from the same file
-- or an overlapping export, so importing twice changes nothing.
CREATE TABLE bank_credit (
  id          INTEGER PRIMARY KEY,
  unit        TEXT NOT NULL REFERENCES unit(code),
  line_key    TEXT NOT NULL,
  statement   INTEGER NOT NULL REFERENCES bank_statement(id),
  line        INTEGER NOT NULL,            -- of the file
  day         INTEGER NOT NULL,            -- Julian day of the transaction
  amount      INTEGER NOT NULL CHECK (amount > 0),
  description TEXT NOT NULL,
  reference   TEXT NOT NULL DEFAULT '',
  code        TEXT NOT NULL DEFAULT '',    -- the dossier code it names, if any
  dossier     INTEGER REFERENCES dossier(id),
  verdict     TEXT NOT NULL CHECK (verdict IN
                ('match', 'partial', 'excess', 'duplicate', 'unknown_code', 'no_code')),
  state       TEXT NOT NULL CHECK (state IN ('paid', 'held', 'dismissed')),
  why         TEXT NOT NULL DEFAULT '',    -- why it was held
  resolved_at INTEGER NOT NULL DEFAULT 0,
  resolved_by INTEGER NOT NULL DEFAULT 0,
  note        TEXT NOT NULL DEFAULT '',    -- the officer's, when resolved
  UNIQUE (unit, line_key)
);
CREATE INDEX bank_credit_held ON bank_credit(unit, id) WHERE state = 'held';
CREATE INDEX bank_credit_statement ON bank_credit(statement, id);

-- A payment: a transfer seen on a statement, or cash taken at the
-- counter, with its receipt (biên lai) number.
CREATE TABLE payment (
  id           INTEGER PRIMARY KEY,
  dossier      INTEGER NOT NULL REFERENCES dossier(id),
  unit         TEXT NOT NULL REFERENCES unit(code),  -- numbers the receipts
  procedure    TEXT NOT NULL,
  method       INTEGER NOT NULL CHECK (method IN (1, 2)),  -- 1 transfer, 2 cash
  amount       INTEGER NOT NULL CHECK (amount > 0),
  paid_at      INTEGER NOT NULL,
  payer        TEXT NOT NULL DEFAULT '',
  credit       INTEGER REFERENCES bank_credit(id),
  account_id   INTEGER NOT NULL,             -- who recorded it
  login        TEXT NOT NULL,
  receipt_year INTEGER NOT NULL,
  receipt_no   INTEGER NOT NULL CHECK (receipt_no > 0),
  UNIQUE (unit, receipt_year, receipt_no)
);
CREATE INDEX payment_dossier ON payment(dossier, id);
CREATE INDEX payment_unit ON payment(unit, paid_at);
CREATE INDEX payment_credit ON payment(credit) WHERE credit IS NOT NULL;
