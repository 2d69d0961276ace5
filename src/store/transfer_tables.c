/*
 * transfer_tables.c: what a move copies, table by table, parents first
 * (store_transfer.h says what moves and why; transfer_int.h how a table is
 * described). The SQL is portable: the same text runs on the source and
 * on the target, whatever their back ends. A table added to the schema is
 * added here too: tests/integration/test_migrate.py checks that every
 * table of the schema is copied, kept as the target's, or named below as
 * one that does not move.
 *
 * Not moved: sessions (their owners sign in again), sign-in failures
 * (throttling of the moment), unit_rev and dossier counters of other
 * units (the target keeps its own), the audit log (re-chained by
 * transfer.c, not copied as rows).
 */
#include <stddef.h>

#include "store/transfer_int.h"

#define IN_UNIT(col)    XFER_IN_UNIT(col)
#define SCOPED_DOSSIERS "(SELECT id FROM dossier WHERE " IN_UNIT("unit") ")"
/* Staff of the subtree, and the citizens its dossiers and feedback name
 * (all citizens when the whole source moves). */
#define ACCOUNT_SCOPE(a, whole)                                                                    \
	"(" IN_UNIT(a "unit") " OR (" a "role = 'citizen' AND (" whole " OR " a                    \
	                      "id IN (SELECT applicant_account FROM dossier WHERE " IN_UNIT(       \
	                          "unit") ") OR " a                                                \
	                                  "id IN (SELECT account_id FROM feedback WHERE " IN_UNIT( \
	                                      "unit") "))))"
#define PAGE " AND id > ?3 ORDER BY id LIMIT ?4"

#define UNIT_COLS "code, name, short_name, name_folded, type, level, parent, valid_from, valid_to"
#define PROC_COLS                                                                                  \
	"code, name, name_folded, field, level, time_value, time_unit, fee_vnd, online_level, "    \
	"source"
#define ACCOUNT_COLS                                                                               \
	"login, role, pid, unit, full_name, phone, password_hash, totp_secret, totp_last, "        \
	"disabled, created_at, failed_count, locked_until"
#define RESIDENT_COLS                                                                              \
	"pid, full_name, birth_date, gender, household, village, commune, eid_level, ehealth, "    \
	"phone"
#define DOSSIER_VALS                                                                               \
	"applicant_name, applicant_pid, applicant_phone, applicant_address, form, submitted_at, "  \
	"received_at, due_at, original_due_at, finished_at, apology_at, apology_reason, "          \
	"supplement_count, rating, rating_reason, rated_at, is_open, overdue_from, on_time"
#define DOSSIER_COLS "code, unit, procedure, channel, status, applicant_account, " DOSSIER_VALS
#define FEEDBACK_VALS                                                                              \
	"name, contact, content, created_at, refuse_by, supplement_by, answer_by, status, "        \
	"answer, answered_at"

const struct xfer_table xfer_tables[] = {
    {.name = "unit",
     .select = "SELECT " UNIT_COLS " FROM unit WHERE " IN_UNIT("code") " ORDER BY level, code",
     .kinds = "tttttittt",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM unit WHERE code = ?1",
     .nkey = 1,
     .insert = "INSERT INTO unit(" UNIT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
     .sum = "SELECT " UNIT_COLS " FROM unit WHERE " IN_UNIT("code") " ORDER BY code",
     .sum_kinds = "tttttittt"},
    {.name = "unit_succession",
     .select = "SELECT old_code, new_code, effective, share FROM unit_succession WHERE " IN_UNIT(
         "old_code") " OR " IN_UNIT("new_code") " ORDER BY old_code, new_code",
     .kinds = "tttd",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM unit_succession WHERE old_code = ?1 AND new_code = ?2",
     .nkey = 2,
     .insert = "INSERT INTO unit_succession(old_code, new_code, effective, share) "
               "VALUES (?1, ?2, ?3, ?4)"},
    {.name = "calendar_override",
     .select = "SELECT date, kind, name, effective_from, source, created_at "
               "FROM calendar_override ORDER BY id",
     .kinds = "tttttt",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM calendar_override WHERE date = ?1 AND kind = ?2 AND name = ?3 "
             "AND effective_from = ?4 AND source = ?5",
     .nkey = 5,
     .insert = "INSERT INTO calendar_override(date, kind, name, effective_from, source, "
               "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
    {.name = "office_hours",
     .select = "SELECT unit, spans, effective_from, updated_at FROM office_hours WHERE " IN_UNIT(
         "unit") " ORDER BY unit",
     .kinds = "tttt",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO office_hours(unit, spans, effective_from, updated_at) "
               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(unit) DO UPDATE SET spans = excluded.spans, "
               "effective_from = excluded.effective_from, updated_at = excluded.updated_at",
     .sum = "SELECT unit, spans, effective_from, updated_at FROM office_hours WHERE " IN_UNIT(
         "unit") " ORDER BY unit",
     .sum_kinds = "tttt"},
    {.name = "procedure",
     .select = "SELECT " PROC_COLS " FROM procedure ORDER BY code",
     .kinds = "tttttititt",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM procedure WHERE code = ?1",
     .nkey = 1,
     .insert = "INSERT INTO procedure(" PROC_COLS ") "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
    {.name = "procedure_document",
     .select = "SELECT procedure, seq, name, original_or_copy, count, reusable, source "
               "FROM procedure_document ORDER BY procedure, seq",
     .kinds = "tittiit",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM procedure_document WHERE procedure = ?1 AND seq = ?2",
     .nkey = 2,
     .insert = "INSERT INTO procedure_document(procedure, seq, name, original_or_copy, count, "
               "reusable, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
    {.name = "procedure_form_field",
     .select = "SELECT procedure, seq, name, label_vi, label_en, type, required "
               "FROM procedure_form_field ORDER BY procedure, seq",
     .kinds = "titttti",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM procedure_form_field WHERE procedure = ?1 AND seq = ?2",
     .nkey = 2,
     .insert = "INSERT INTO procedure_form_field(procedure, seq, name, label_vi, label_en, "
               "type, required) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
    {.name = "blob",
     .select =
         "SELECT sha256, size, mime, created_at FROM blob WHERE ?2 = 1 OR sha256 IN "
         "(SELECT sha256 FROM dossier_file WHERE dossier IN " SCOPED_DOSSIERS ") ORDER BY sha256",
     .kinds = "titi",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM blob WHERE sha256 = ?1",
     .nkey = 1,
     .insert = "INSERT INTO blob(sha256, size, mime, created_at) VALUES (?1, ?2, ?3, ?4)",
     .files = true},
    {.name = "account",
     .select = "SELECT id, " ACCOUNT_COLS " FROM account WHERE " ACCOUNT_SCOPE("", "?2 = 1") PAGE,
     .paged = true,
     .kinds = "ttttttttiiiii",
     .ids = XM_ACCOUNT,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     /* The same person: login, role, ID number and unit all agree. */
     .find = "SELECT id FROM account WHERE login = ?1 AND role = ?2 "
             "AND coalesce(pid, '') = coalesce(?3, '') AND coalesce(unit, '') = coalesce(?4, '')",
     .nkey = 4,
     .insert = "INSERT INTO account(" ACCOUNT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10, ?11, ?12, ?13) RETURNING id",
     .sum = "SELECT login, role, coalesce(pid, ''), coalesce(unit, '') FROM account a WHERE "
            "a.id > 0 AND " ACCOUNT_SCOPE("a.", "1 = 0") " ORDER BY login",
     .sum_kinds = "tttt"},
    {.name = "api_token",
     .select = "SELECT id, token_hash, account_id, name, created_by, created_at, revoked_at "
               "FROM api_token WHERE account_id IN (SELECT id FROM account WHERE " ACCOUNT_SCOPE(
                   "", "?2 = 1") ")" PAGE,
     .paged = true,
     .kinds = "titiii",
     .ids = XM_TOKEN,
     .refs = {{1, XM_ACCOUNT, XMISS_FAIL}, {3, XM_ACCOUNT, XMISS_FIRST}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO api_token(token_hash, account_id, name, created_by, created_at, "
               "revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
     .sum = "SELECT t.token_hash, a.login, t.name, t.created_at, coalesce(t.revoked_at, 0) "
            "FROM api_token t JOIN account a ON a.id = t.account_id WHERE t.account_id IN "
            "(SELECT id FROM account WHERE " ACCOUNT_SCOPE("", "1 = 0") ") ORDER BY t.id",
     .sum_kinds = "tttii"},
    {.name = "blob_owner",
     .select = "SELECT sha256, account_id, created_at FROM blob_owner WHERE account_id IN "
               "(SELECT id FROM account WHERE " ACCOUNT_SCOPE("", "?2 = 1") ") ORDER BY sha256, "
                                                                            "account_id",
     .kinds = "tii",
     .refs = {{1, XM_ACCOUNT, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM blob_owner WHERE sha256 = ?1 AND account_id = ?2",
     .nkey = 2,
     /* Not compared: a citizen already in the target may own files of
      * other units there; each row is found or written one by one. */
     .insert = "INSERT INTO blob_owner(sha256, account_id, created_at) VALUES (?1, ?2, ?3)"},
    {.name = "household",
     .select = "SELECT id, code, village, address FROM household WHERE " IN_UNIT("village") PAGE,
     .paged = true,
     .kinds = "ttt",
     .ids = XM_HOUSEHOLD,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO household(code, village, address) VALUES (?1, ?2, ?3) RETURNING id",
     .sum = "SELECT code, village, address FROM household WHERE " IN_UNIT("village") " ORDER BY id",
     .sum_kinds = "ttt"},
    {.name = "resident",
     .select = "SELECT id, " RESIDENT_COLS
               " FROM resident WHERE (" IN_UNIT("commune") " OR " IN_UNIT("village") ")" PAGE,
     .paged = true,
     .kinds = "ttttittiit",
     .ids = XM_RESIDENT,
     .refs = {{4, XM_HOUSEHOLD, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO resident(" RESIDENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10) RETURNING id",
     .sum = "SELECT r.pid, r.full_name, r.birth_date, r.gender, h.code, r.village, r.commune, "
            "r.eid_level, r.ehealth, r.phone FROM resident r JOIN household h ON h.id = "
            "r.household WHERE " IN_UNIT("r.commune") " OR " IN_UNIT("r.village") " ORDER BY r.id",
     .sum_kinds = "tttttttiit"},
    {.name = "dossier",
     .select = "SELECT id, " DOSSIER_COLS " FROM dossier WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "tttiiitttttiiiiiitiitiiii",
     .ids = XM_DOSSIER,
     .refs = {{5, XM_ACCOUNT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier(" DOSSIER_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
               "?25) RETURNING id",
     .sum = "SELECT d.code, d.unit, d.procedure, d.channel, d.status, coalesce(a.login, ''), "
            "d.applicant_name, d.applicant_pid, d.applicant_phone, d.applicant_address, d.form, "
            "d.submitted_at, d.received_at, d.due_at, d.original_due_at, d.finished_at, "
            "d.apology_at, d.apology_reason, d.supplement_count, d.rating, d.rating_reason, "
            "d.rated_at, d.is_open, d.overdue_from, d.on_time FROM dossier d LEFT JOIN account a "
            "ON a.id = d.applicant_account WHERE " IN_UNIT("d.unit") " ORDER BY d.id",
     .sum_kinds = "tttiittttttiiiiiitiitiiii"},
    {.name = "dossier_seq",
     .select =
         "SELECT unit, day, last FROM dossier_seq WHERE " IN_UNIT("unit") " ORDER BY unit, day",
     .kinds = "tii",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier_seq(unit, day, last) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(unit, day) DO UPDATE SET last = CASE WHEN excluded.last > "
               "dossier_seq.last THEN excluded.last ELSE dossier_seq.last END",
     .sum = "SELECT unit, day, last FROM dossier_seq WHERE " IN_UNIT("unit") " ORDER BY unit, day",
     .sum_kinds = "tii"},
    {.name = "dossier_event",
     .select = "SELECT id, dossier, from_status, to_status, account_id, login, role, at, note "
               "FROM dossier_event WHERE dossier IN " SCOPED_DOSSIERS PAGE,
     .paged = true,
     .kinds = "iiiittit",
     .refs = {{0, XM_DOSSIER, XMISS_FAIL}, {3, XM_ACCOUNT, XMISS_ZERO}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier_event(dossier, from_status, to_status, account_id, login, "
               "role, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
     .sum = "SELECT d.code, e.from_status, e.to_status, e.login, e.role, e.at, e.note "
            "FROM dossier_event e JOIN dossier d ON d.id = e.dossier WHERE " IN_UNIT(
                "d.unit") " ORDER BY e.id",
     .sum_kinds = "tiittit"},
    {.name = "dossier_pause",
     .select = "SELECT id, dossier, start, \"end\", restart_due FROM dossier_pause "
               "WHERE dossier IN " SCOPED_DOSSIERS PAGE,
     .paged = true,
     .kinds = "iiii",
     .refs = {{0, XM_DOSSIER, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier_pause(dossier, start, \"end\", restart_due) "
               "VALUES (?1, ?2, ?3, ?4)",
     .sum = "SELECT d.code, p.start, p.\"end\", p.restart_due FROM dossier_pause p "
            "JOIN dossier d ON d.id = p.dossier WHERE " IN_UNIT("d.unit") " ORDER BY p.id",
     .sum_kinds = "tiii"},
    {.name = "dossier_file",
     .select = "SELECT id, dossier, kind, sha256, name FROM dossier_file "
               "WHERE dossier IN " SCOPED_DOSSIERS PAGE,
     .paged = true,
     .kinds = "ittt",
     .refs = {{0, XM_DOSSIER, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier_file(dossier, kind, sha256, name) VALUES (?1, ?2, ?3, ?4)",
     .sum = "SELECT d.code, f.kind, f.sha256, f.name FROM dossier_file f JOIN dossier d "
            "ON d.id = f.dossier WHERE " IN_UNIT("d.unit") " ORDER BY f.id",
     .sum_kinds = "tttt"},
    {.name = "feedback",
     .select = "SELECT id, unit, dossier_code, account_id, " FEEDBACK_VALS
               ", answered_by FROM feedback WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttitttiiiittii",
     .ids = XM_FEEDBACK,
     .refs = {{2, XM_ACCOUNT, XMISS_NULL}, {13, XM_ACCOUNT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO feedback(unit, dossier_code, account_id, " FEEDBACK_VALS
               ", answered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
               "?14) RETURNING id",
     .sum = "SELECT f.unit, f.dossier_code, coalesce(a.login, ''), f.name, f.contact, f.content, "
            "f.created_at, f.refuse_by, f.supplement_by, f.answer_by, f.status, f.answer, "
            "f.answered_at, coalesce(b.login, '') FROM feedback f LEFT JOIN account a ON a.id = "
            "f.account_id LEFT JOIN account b ON b.id = f.answered_by WHERE " IN_UNIT(
                "f.unit") " ORDER BY f.id",
     .sum_kinds = "ttttttiiiittit"},
};

const int xfer_ntables = (int)(sizeof xfer_tables / sizeof xfer_tables[0]);

/* Tables of the schema that are not copied as rows (see the header). */
const char *const xfer_not_moved[] = {"session", "login_failure", "unit_rev", "audit", NULL};

const char xfer_audit_select[] =
    "SELECT id, at, account_id, login, role, unit, address, action, object, detail, prev, hash "
    "FROM audit "
    "WHERE (?2 = 1 OR " IN_UNIT("unit") " OR " IN_UNIT(
        "object") " OR object IN (SELECT code FROM dossier "
                  "WHERE " IN_UNIT("unit") ") OR (account_id > 0 AND "
                                           "account_id IN (SELECT id "
                                           "FROM account "
                                           "WHERE " ACCOUNT_SCOPE(
                                               "", "1 = "
                                                   "0") "))) AND id > ?3 ORDER BY id LIMIT ?4";
