-- PostgreSQL version of sqlite/migrations/005_procedures.sql.
CREATE TABLE procedure (
  code         text PRIMARY KEY,
  name         text NOT NULL,
  name_folded  text NOT NULL,
  field        text NOT NULL,
  level        text NOT NULL CHECK (level IN ('commune', 'province')),
  time_value   integer NOT NULL DEFAULT 0 CHECK (time_value >= 0),
  time_unit    text NOT NULL DEFAULT ''
               CHECK (time_unit IN ('', 'workday', 'calendarday', 'sameday', 'workhour')),
  fee_vnd      bigint CHECK (fee_vnd IS NULL OR fee_vnd >= 0),
  online_level text NOT NULL CHECK (online_level IN ('full', 'partial')),
  source       text NOT NULL DEFAULT ''
);
CREATE INDEX procedure_field ON procedure(field, code);

CREATE TABLE procedure_document (
  procedure        text NOT NULL REFERENCES procedure(code),
  seq              integer NOT NULL,
  name             text NOT NULL,
  original_or_copy text NOT NULL CHECK (original_or_copy IN ('original', 'copy', 'original_or_copy')),
  count            integer NOT NULL DEFAULT 1 CHECK (count >= 1),
  reusable         integer NOT NULL DEFAULT 0 CHECK (reusable IN (0, 1)),
  source           text NOT NULL DEFAULT '',
  PRIMARY KEY (procedure, seq)
);

CREATE TABLE procedure_form_field (
  procedure text NOT NULL REFERENCES procedure(code),
  seq       integer NOT NULL,
  name      text NOT NULL,
  label_vi  text NOT NULL,
  label_en  text NOT NULL,
  type      text NOT NULL,
  required  integer NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  PRIMARY KEY (procedure, seq),
  UNIQUE (procedure, name)
);
