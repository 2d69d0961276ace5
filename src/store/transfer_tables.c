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
 * (throttling of the moment), unit_rev, people_rev and dossier counters of
 * other units (the target keeps its own; transfer.c raises people_rev), the audit log (re-chained
 * by transfer.c, not copied as rows), and the monitoring's definitions (indicators, their targets,
 * criteria sets and criteria): the target's apply, since the province defines them.
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
	"source, result_signed, decision_date, basis_effective, public_date, paper_result, "       \
	"full_online_eligible"
#define ACCOUNT_COLS                                                                               \
	"login, role, pid, unit, full_name, phone, password_hash, totp_secret, totp_last, "        \
	"disabled, created_at, failed_count, locked_until"
#define IN_UNIT_KEY(col) XFER_IN_UNIT_KEY(col)
#define SCOPED_RESIDENTS "(SELECT id FROM resident WHERE " IN_UNIT_KEY("village") ")"
/* The households of the unit's residents, now or in their history. */
#define SCOPED_HOUSEHOLDS                                                                          \
	"id IN (SELECT household FROM resident WHERE " IN_UNIT_KEY(                                \
	    "village") ") OR id IN (SELECT household FROM resident_history WHERE resident "        \
	               "IN " SCOPED_RESIDENTS ")"
#define SCOPED_TEAMS "(SELECT id FROM team WHERE " IN_UNIT("unit") ")"
#define RESIDENT_COLS                                                                              \
	"pid, full_name, birth_day, sex, household, village, eid_level, ehealth, valid_from, "     \
	"valid_to"
#define BUSINESS_COLS                                                                              \
	"tax_code, kind, name, unit, opened_on, closed_on, einvoice_from, cashless_from, "         \
	"updated_at"
#define MEMBER_COLS "team, full_name, phone, position, joined_on, left_on, account_id"
#define ACTIVITY_COLS                                                                              \
	"client_id, team, member, kind, day, people, attendance, campaign, note, account_id, "     \
	"entered_at"
#define PRODUCT_COLS "code, unit, name, producer, kind, ocop_stars, added_on, removed_on"
#define REPORT_COLS                                                                                \
	"unit, figure, period, first_day, last_day, value, note, status, reported_by, reporter, "  \
	"reported_at, decided_by, decider, decided_at, decision_note"
#define DOSSIER_VALS                                                                               \
	"applicant_name, applicant_pid, applicant_phone, applicant_address, form, submitted_at, "  \
	"received_at, due_at, original_due_at, finished_at, apology_at, apology_reason, "          \
	"supplement_count, rating, rating_reason, rated_at, is_open, overdue_from, on_time, "      \
	"fee_vnd, fee_note, paid_vnd, paid_cash_vnd, paid_at, fee_due, paid_online, paid_cash, "   \
	"identity_source, has_document, has_result, has_reused"
#define DOSSIER_COLS "code, unit, procedure, channel, status, applicant_account, " DOSSIER_VALS
#define STATEMENT_COLS                                                                             \
	"unit, name, imported_at, account_id, login, lines, credits, paid, held, seen, debits"
#define CREDIT_COLS                                                                                \
	"unit, line_key, statement, line, day, amount, description, reference, code, dossier, "    \
	"verdict, state, why, resolved_at, resolved_by, note"
#define PAYMENT_COLS                                                                               \
	"dossier, unit, procedure, method, amount, paid_at, payer, credit, account_id, login, "    \
	"receipt_year, receipt_no"
#define SCOPED_CERTS "(?2 = 1 OR " IN_UNIT("unit") ")"
#define CERT_COLS                                                                                  \
	"kind, unit, account, common_name, subject, issuer, serial, sha256, not_before, "          \
	"not_after, chain_pem, key_pem, key_guard, ca, revoked_at, revoked_reason, created_at"
#define SIGNATURE_COLS                                                                             \
	"public_id, dossier, source_file, signed_file, signed_sha256, format, file_p7s, record, "  \
	"record_p7s, leader_cert, seal_cert, signer, signed_at, account_id"
#define TASK_COLS     "plan, title, unit, owner, deadline, done_on, progress, evidence, created_at"
#define SNAPSHOT_COLS "indicator, period, unit, num, den, computed_at"
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
     .kinds = "tttttitittitttii",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM procedure WHERE code = ?1",
     .nkey = 1,
     .insert = "INSERT INTO procedure(" PROC_COLS ") "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"},
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
    /* Households and residents keep no identity counter of their own (the
     * import numbers them, store/people.c): their new ids follow the
     * target's largest. */
    {.name = "household",
     .select = "SELECT id, code FROM household WHERE (" SCOPED_HOUSEHOLDS ")" PAGE,
     .paged = true,
     .kinds = "t",
     .ids = XM_HOUSEHOLD,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     /* A household's number is national: one the target has is kept. */
     .find = "SELECT id FROM household WHERE code = ?1",
     .nkey = 1,
     .insert = "INSERT INTO household(id, code) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM "
               "household), ?1) RETURNING id",
     .sum = "SELECT code FROM household WHERE " SCOPED_HOUSEHOLDS " ORDER BY code",
     .sum_kinds = "t"},
    {.name = "resident",
     .select = "SELECT id, " RESIDENT_COLS " FROM resident WHERE " IN_UNIT_KEY("village") PAGE,
     .paged = true,
     .kinds = "ttiiiiiiii",
     .ids = XM_RESIDENT,
     .refs = {{4, XM_HOUSEHOLD, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO resident(id, " RESIDENT_COLS ") VALUES ((SELECT coalesce(max(id), 0) "
               "+ 1 FROM resident), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
     .sum = "SELECT r.pid, r.full_name, r.birth_day, r.sex, h.code, r.village, r.eid_level, "
            "r.ehealth, r.valid_from, r.valid_to FROM resident r JOIN household h ON h.id = "
            "r.household WHERE " IN_UNIT_KEY("r.village") " ORDER BY r.pid",
     .sum_kinds = "ttiitiiiii"},
    {.name = "resident_history",
     .select = "SELECT resident, valid_from, valid_to, household, village, eid_level, ehealth "
               "FROM resident_history WHERE resident IN " SCOPED_RESIDENTS
               " ORDER BY resident, valid_from",
     .kinds = "iiiiiii",
     .refs = {{0, XM_RESIDENT, XMISS_FAIL},
              {3, XM_HOUSEHOLD, XMISS_FAIL},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO resident_history(resident, valid_from, valid_to, household, village, "
               "eid_level, ehealth) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     .sum = "SELECT r.pid, x.valid_from, x.valid_to, h.code, x.village, x.eid_level, x.ehealth "
            "FROM resident_history x JOIN resident r ON r.id = x.resident JOIN household h ON "
            "h.id = x.household WHERE " IN_UNIT_KEY("r.village") " ORDER BY r.pid, x.valid_from",
     .sum_kinds = "tiitiii"},
    /* The extracts loaded name no unit: they move with a whole source. */
    {.name = "population_extract",
     .select = "SELECT id, day, source, rows, added, changed, departed, partial, imported_at, "
               "account_id FROM population_extract WHERE ?2 = 1" PAGE,
     .paged = true,
     .kinds = "itiiiiiii",
     .ids = XM_EXTRACT,
     .refs = {{8, XM_ACCOUNT, XMISS_ZERO}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO population_extract(day, source, rows, added, changed, departed, "
               "partial, imported_at, account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
               "RETURNING id"},
    {.name = "population_cover",
     .select = "SELECT commune, day FROM population_cover WHERE " IN_UNIT("commune") " ORDER BY "
                                                                                     "commune",
     .kinds = "ti",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO population_cover(commune, day) VALUES (?1, ?2) ON CONFLICT(commune) "
               "DO UPDATE SET day = CASE WHEN excluded.day > population_cover.day THEN "
               "excluded.day ELSE population_cover.day END",
     .sum = "SELECT commune, day FROM population_cover WHERE " IN_UNIT("commune") " ORDER BY "
                                                                                  "commune",
     .sum_kinds = "ti"},
    {.name = "business",
     .select = "SELECT id, " BUSINESS_COLS " FROM business WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "tittiiiii",
     .ids = XM_BUSINESS,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO business(" BUSINESS_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9) RETURNING id",
     .sum = "SELECT " BUSINESS_COLS " FROM business WHERE " IN_UNIT("unit") " ORDER BY tax_code",
     .sum_kinds = "tittiiiii"},
    {.name = "team",
     .select =
         "SELECT id, unit, name, founded_on, dissolved_on FROM team WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttii",
     .ids = XM_TEAM,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO team(unit, name, founded_on, dissolved_on) VALUES (?1, ?2, ?3, ?4) "
               "RETURNING id",
     .sum = "SELECT unit, name, founded_on, dissolved_on FROM team WHERE " IN_UNIT(
         "unit") " ORDER BY unit, founded_on, name",
     .sum_kinds = "ttii"},
    {.name = "team_member",
     .select = "SELECT id, " MEMBER_COLS " FROM team_member WHERE team IN " SCOPED_TEAMS PAGE,
     .paged = true,
     .kinds = "ittiiii",
     .ids = XM_MEMBER,
     .refs = {{0, XM_TEAM, XMISS_FAIL}, {6, XM_ACCOUNT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO team_member(" MEMBER_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
               "RETURNING id",
     .sum = "SELECT t.unit, t.name, m.full_name, m.phone, m.position, m.joined_on, m.left_on, "
            "coalesce(a.login, '') FROM team_member m JOIN team t ON t.id = m.team LEFT JOIN "
            "account a ON a.id = m.account_id WHERE " IN_UNIT("t.unit") " ORDER BY t.unit, "
                                                                        "t.name, m.full_name, "
                                                                        "m.joined_on",
     .sum_kinds = "ttttiiit"},
    /* The campaigns the unit runs, and those its teams worked for (a
     * province's campaign the target may have: kept, by its code). */
    {.name = "campaign",
     .select = "SELECT id, code, unit, name, starts_on, ends_on FROM campaign WHERE (" IN_UNIT(
         "unit") " OR id IN (SELECT campaign FROM activity WHERE team IN " SCOPED_TEAMS "))" PAGE,
     .paged = true,
     .kinds = "tttii",
     .ids = XM_CAMPAIGN,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT id FROM campaign WHERE code = ?1",
     .nkey = 1,
     .insert = "INSERT INTO campaign(code, unit, name, starts_on, ends_on) VALUES (?1, ?2, ?3, "
               "?4, ?5) RETURNING id",
     .sum = "SELECT code, unit, name, starts_on, ends_on FROM campaign WHERE " IN_UNIT(
         "unit") " ORDER BY code",
     .sum_kinds = "tttii"},
    {.name = "campaign_target",
     .select = "SELECT campaign, seq, name, measure, target FROM campaign_target WHERE campaign "
               "IN (SELECT id FROM campaign WHERE " IN_UNIT(
                   "unit") " OR id IN (SELECT campaign "
                           "FROM activity WHERE team IN " SCOPED_TEAMS ")) ORDER BY campaign, seq",
     .kinds = "iitii",
     .refs = {{0, XM_CAMPAIGN, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     /* A kept campaign keeps its targets. */
     .insert = "INSERT INTO campaign_target(campaign, seq, name, measure, target) VALUES (?1, "
               "?2, ?3, ?4, ?5) ON CONFLICT(campaign, seq) DO NOTHING",
     .sum = "SELECT c.code, t.seq, t.name, t.measure, t.target FROM campaign_target t JOIN "
            "campaign c ON c.id = t.campaign WHERE " IN_UNIT("c.unit") " ORDER BY c.code, t.seq",
     .sum_kinds = "titii"},
    {.name = "activity",
     .select = "SELECT id, " ACTIVITY_COLS " FROM activity WHERE team IN " SCOPED_TEAMS PAGE,
     .paged = true,
     .kinds = "tiiiiiiitii",
     .ids = XM_ACTIVITY,
     .refs = {{1, XM_TEAM, XMISS_FAIL},
              {2, XM_MEMBER, XMISS_NULL},
              {7, XM_CAMPAIGN, XMISS_NULL},
              {9, XM_ACCOUNT, XMISS_ZERO},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO activity(" ACTIVITY_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10, ?11) RETURNING id",
     .sum = "SELECT a.client_id, t.unit, t.name, m.full_name, a.kind, a.day, a.people, "
            "a.attendance, c.code, a.note, a.entered_at FROM activity a JOIN team t ON t.id = "
            "a.team LEFT JOIN team_member m ON m.id = a.member LEFT JOIN campaign c ON c.id = "
            "a.campaign WHERE " IN_UNIT("t.unit") " ORDER BY t.unit, a.day, a.entered_at, "
                                                  "coalesce(a.client_id, ''), t.name, a.kind, "
                                                  "a.people, a.attendance, coalesce(m.full_name, "
                                                  "''), coalesce(c.code, ''), a.note",
     .sum_kinds = "ttttiiiitti"},
    {.name = "product",
     .select = "SELECT id, " PRODUCT_COLS " FROM product WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttttiiii",
     .ids = XM_PRODUCT,
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO product(" PRODUCT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
               "RETURNING id",
     .sum = "SELECT " PRODUCT_COLS " FROM product WHERE " IN_UNIT("unit") " ORDER BY code",
     .sum_kinds = "ttttiiii"},
    {.name = "product_listing",
     .select = "SELECT product, platform, url, since FROM product_listing WHERE product IN "
               "(SELECT id FROM product WHERE " IN_UNIT("unit") ") ORDER BY product, platform",
     .kinds = "itti",
     .refs = {{0, XM_PRODUCT, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO product_listing(product, platform, url, since) VALUES (?1, ?2, ?3, "
               "?4)",
     .sum = "SELECT p.code, l.platform, l.url, l.since FROM product_listing l JOIN product p ON "
            "p.id = l.product WHERE " IN_UNIT("p.unit") " ORDER BY p.code, l.platform",
     .sum_kinds = "ttti"},
    {.name = "report",
     .select = "SELECT id, " REPORT_COLS " FROM report WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "tttiidtiitiitit",
     .ids = XM_REPORT,
     .refs = {{8, XM_ACCOUNT, XMISS_ZERO}, {11, XM_ACCOUNT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO report(" REPORT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
               "?10, ?11, ?12, ?13, ?14, ?15) RETURNING id",
     .sum = "SELECT unit, figure, period, first_day, last_day, value, note, status, reporter, "
            "reported_at, decider, decided_at, decision_note FROM report WHERE " IN_UNIT(
                "unit") " ORDER BY unit, figure, period, reported_at, status",
     .sum_kinds = "tttiidtititit"},
    {.name = "dossier",
     .select = "SELECT id, " DOSSIER_COLS " FROM dossier WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "tttiiitttttiiiiiitiitiiiiitiiiiiiiiii",
     .ids = XM_DOSSIER,
     .refs = {{5, XM_ACCOUNT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier(" DOSSIER_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
               "?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37) RETURNING id",
     .sum = "SELECT d.code, d.unit, d.procedure, d.channel, d.status, coalesce(a.login, ''), "
            "d.applicant_name, d.applicant_pid, d.applicant_phone, d.applicant_address, d.form, "
            "d.submitted_at, d.received_at, d.due_at, d.original_due_at, d.finished_at, "
            "d.apology_at, d.apology_reason, d.supplement_count, d.rating, d.rating_reason, "
            "d.rated_at, d.is_open, d.overdue_from, d.on_time, d.fee_vnd, d.fee_note, d.paid_vnd, "
            "d.paid_cash_vnd, d.paid_at, d.fee_due, d.paid_online, d.paid_cash, d.identity_source, "
            "d.has_document, d.has_result, d.has_reused FROM dossier d "
            "LEFT JOIN account a "
            "ON a.id = d.applicant_account WHERE " IN_UNIT("d.unit") " ORDER BY d.id",
     .sum_kinds = "tttiittttttiiiiiitiitiiiiitiiiiiiiiii"},
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
     .select = "SELECT id, dossier, kind, sha256, name, reused FROM dossier_file "
               "WHERE dossier IN " SCOPED_DOSSIERS PAGE,
     .paged = true,
     .kinds = "ittti",
     .ids = XM_FILE,
     .refs = {{0, XM_DOSSIER, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO dossier_file(dossier, kind, sha256, name, reused) VALUES (?1, ?2, ?3, "
               "?4, ?5) "
               "RETURNING id",
     .sum = "SELECT d.code, f.kind, f.sha256, f.name, f.reused FROM dossier_file f JOIN dossier d "
            "ON d.id = f.dossier WHERE " IN_UNIT("d.unit") " ORDER BY f.id",
     .sum_kinds = "tttti"},
    {.name = "feedback",
     .select = "SELECT id, unit, dossier_code, account_id, " FEEDBACK_VALS
               ", answered_by, topic, rating, rating_reason, rated_at, repeats FROM feedback "
               "WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttitttiiiittiiiitii",
     .ids = XM_FEEDBACK,
     /* repeats: an earlier row (ids in order), or NULL when it did not move */
     .refs = {{2, XM_ACCOUNT, XMISS_NULL},
              {13, XM_ACCOUNT, XMISS_NULL},
              {18, XM_FEEDBACK, XMISS_NULL},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO feedback(unit, dossier_code, account_id, " FEEDBACK_VALS
               ", answered_by, topic, rating, rating_reason, rated_at, repeats) VALUES (?1, ?2, "
               "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
               "RETURNING id",
     .sum = "SELECT f.unit, f.dossier_code, coalesce(a.login, ''), f.name, f.contact, f.content, "
            "f.created_at, f.refuse_by, f.supplement_by, f.answer_by, f.status, f.answer, "
            "f.answered_at, coalesce(b.login, ''), f.topic, f.rating, f.rating_reason, f.rated_at, "
            "coalesce(r.created_at, 0) FROM feedback f LEFT JOIN account a ON a.id = "
            "f.account_id LEFT JOIN account b ON b.id = f.answered_by LEFT JOIN feedback r ON "
            "r.id = f.repeats WHERE " IN_UNIT("f.unit") " ORDER BY f.id",
     .sum_kinds = "ttttttiiiittitiitii"},
    /* ---- fees and payments ---- */
    {.name = "unit_fee_setup",
     .select = "SELECT unit, bin, account, holder, words, updated_at, updated_by FROM "
               "unit_fee_setup WHERE " IN_UNIT("unit") " ORDER BY unit",
     .kinds = "ttttiii",
     .refs = {{6, XM_ACCOUNT, XMISS_ZERO}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO unit_fee_setup(unit, bin, account, holder, words, updated_at, "
               "updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     .sum =
         "SELECT unit, bin, account, holder, words, updated_at FROM unit_fee_setup WHERE " IN_UNIT(
             "unit") " ORDER BY unit",
     .sum_kinds = "ttttii"},
    {.name = "fee_receipt_seq",
     .select = "SELECT unit, year, last FROM fee_receipt_seq WHERE " IN_UNIT(
         "unit") " ORDER BY unit, year",
     .kinds = "tii",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO fee_receipt_seq(unit, year, last) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(unit, year) DO UPDATE SET last = CASE WHEN excluded.last > "
               "fee_receipt_seq.last THEN excluded.last ELSE fee_receipt_seq.last END",
     .sum = "SELECT unit, year, last FROM fee_receipt_seq WHERE " IN_UNIT(
         "unit") " ORDER BY unit, year",
     .sum_kinds = "tii"},
    {.name = "bank_statement",
     .select = "SELECT id, " STATEMENT_COLS " FROM bank_statement WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttiitiiiiii",
     .ids = XM_STATEMENT,
     .refs = {{3, XM_ACCOUNT, XMISS_ZERO}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO bank_statement(" STATEMENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
               "?7, ?8, ?9, ?10, ?11) RETURNING id",
     .sum = "SELECT unit, name, imported_at, login, lines, credits, paid, held, seen, debits "
            "FROM bank_statement WHERE " IN_UNIT("unit") " ORDER BY unit, imported_at, name, "
                                                         "lines, credits",
     .sum_kinds = "ttitiiiiii"},
    {.name = "bank_credit",
     .select = "SELECT id, " CREDIT_COLS " FROM bank_credit WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttiiiitttitttiit",
     .ids = XM_CREDIT,
     .refs = {{2, XM_STATEMENT, XMISS_FAIL},
              {9, XM_DOSSIER, XMISS_NULL},
              {14, XM_ACCOUNT, XMISS_ZERO},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO bank_credit(" CREDIT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
               "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id",
     .sum = "SELECT c.unit, c.line_key, c.line, c.day, c.amount, c.description, c.reference, "
            "c.code, coalesce(d.code, ''), c.verdict, c.state, c.why, c.resolved_at, c.note "
            "FROM bank_credit c LEFT JOIN dossier d ON d.id = c.dossier WHERE " IN_UNIT(
                "c.unit") " ORDER BY c.unit, c.line_key",
     .sum_kinds = "ttiiitttttttit"},
    {.name = "payment",
     .select = "SELECT id, " PAYMENT_COLS " FROM payment WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ittiiitiitii",
     .refs = {{0, XM_DOSSIER, XMISS_FAIL},
              {7, XM_CREDIT, XMISS_NULL},
              {8, XM_ACCOUNT, XMISS_ZERO},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO payment(" PAYMENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
               "?10, ?11, ?12)",
     .sum = "SELECT d.code, p.unit, p.procedure, p.method, p.amount, p.paid_at, p.payer, "
            "coalesce(c.line_key, ''), p.login, p.receipt_year, p.receipt_no FROM payment p "
            "JOIN dossier d ON d.id = p.dossier LEFT JOIN bank_credit c ON c.id = p.credit "
            "WHERE " IN_UNIT("p.unit") " ORDER BY p.unit, p.receipt_year, p.receipt_no",
     .sum_kinds = "tttiiitttii"},
    /* ---- monitoring ---- */
    /* The unit's plan tasks, and the snapshots of its closed periods (the
     * target's own units' snapshots stay as they were: recompute them on
     * purpose to take in the moved data). */
    {.name = "plan_task",
     .select = "SELECT id, " TASK_COLS " FROM plan_task WHERE " IN_UNIT("unit") PAGE,
     .paged = true,
     .kinds = "ttttiiiti",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO plan_task(" TASK_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
     .sum = "SELECT " TASK_COLS " FROM plan_task WHERE " IN_UNIT("unit") " ORDER BY unit, plan, "
                                                                         "title, deadline",
     .sum_kinds = "ttttiiiti"},
    {.name = "indicator_snapshot",
     .select = "SELECT " SNAPSHOT_COLS " FROM indicator_snapshot WHERE " IN_UNIT(
         "unit") " ORDER BY indicator, period, unit",
     .kinds = "tttddi",
     .refs = {{-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT 1 FROM indicator_snapshot WHERE indicator = ?1 AND period = ?2 AND unit = ?3",
     .nkey = 3,
     .insert = "INSERT INTO indicator_snapshot(" SNAPSHOT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
     .sum = "SELECT " SNAPSHOT_COLS
            " FROM indicator_snapshot WHERE " IN_UNIT("unit") " ORDER BY indicator, period, unit",
     .sum_kinds = "tttddi"},
    /* ---- signed results ---- */
    /* The unit's certificates, after the CAs that issued them (a CA the
     * target has, by its fingerprint, is kept). Keys stay encrypted as
     * they are: under the source's key file or passphrase. */
    {.name = "cert",
     .select = "SELECT id, " CERT_COLS " FROM cert WHERE " SCOPED_CERTS " OR (kind = 'ca' AND "
               "(?2 = 1 OR id IN (SELECT ca FROM cert WHERE " SCOPED_CERTS "))) ORDER BY CASE "
               "WHEN kind = 'ca' THEN 0 ELSE 1 END, id",
     .kinds = "ttitttttiitttiiti",
     .ids = XM_CERT,
     .refs = {{2, XM_ACCOUNT, XMISS_FAIL}, {13, XM_CERT, XMISS_NULL}, {-1, XM_NONE, XMISS_FAIL}},
     .find = "SELECT id FROM cert WHERE sha256 = ?8",
     .nkey = 8,
     .insert = "INSERT INTO cert(" CERT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
               "?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id",
     .sum = "SELECT c.kind, c.unit, coalesce(a.login, ''), c.common_name, c.subject, c.issuer, "
            "c.serial, c.sha256, c.not_before, c.not_after, c.chain_pem, coalesce(c.key_pem, ''), "
            "coalesce(c.key_guard, ''), c.revoked_at, c.revoked_reason, c.created_at FROM cert c "
            "LEFT JOIN account a ON a.id = c.account WHERE " IN_UNIT("c.unit") " ORDER BY "
                                                                               "c.sha256",
     .sum_kinds = "ttttttttiitttiti"},
    {.name = "crl",
     .select = "SELECT ca, this_update, next_update, pem, created_at FROM crl WHERE ca IN "
               "(SELECT id FROM cert WHERE kind = 'ca' AND (?2 = 1 OR id IN (SELECT ca FROM cert "
               "WHERE " SCOPED_CERTS "))) ORDER BY ca, this_update",
     .kinds = "iiiti",
     .refs = {{0, XM_CERT, XMISS_FAIL}, {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO crl(ca, this_update, next_update, pem, created_at) VALUES (?1, ?2, "
               "?3, ?4, ?5) ON CONFLICT(ca, this_update) DO NOTHING"},
    {.name = "result_signature",
     .select = "SELECT id, " SIGNATURE_COLS
               " FROM result_signature WHERE dossier IN " SCOPED_DOSSIERS PAGE,
     .paged = true,
     .kinds = "tiiitttttiitii",
     .refs = {{1, XM_DOSSIER, XMISS_FAIL},
              {2, XM_FILE, XMISS_FAIL},
              {3, XM_FILE, XMISS_FAIL},
              {9, XM_CERT, XMISS_NULL},
              {10, XM_CERT, XMISS_FAIL},
              {13, XM_ACCOUNT, XMISS_ZERO},
              {-1, XM_NONE, XMISS_FAIL}},
     .insert = "INSERT INTO result_signature(" SIGNATURE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
               "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
     .sum = "SELECT s.public_id, d.code, f.sha256, g.sha256, s.signed_sha256, s.format, "
            "coalesce(s.file_p7s, ''), s.record, s.record_p7s, coalesce(l.sha256, ''), c.sha256, "
            "s.signer, s.signed_at FROM result_signature s JOIN dossier d ON d.id = s.dossier "
            "JOIN dossier_file f ON f.id = s.source_file JOIN dossier_file g ON g.id = "
            "s.signed_file LEFT JOIN cert l ON l.id = s.leader_cert JOIN cert c ON c.id = "
            "s.seal_cert WHERE " IN_UNIT("d.unit") " ORDER BY s.public_id",
     .sum_kinds = "tttttttttttti"},
};

const int xfer_ntables = (int)(sizeof xfer_tables / sizeof xfer_tables[0]);

/* Tables of the schema that are not copied as rows (see the header). */
const char *const xfer_not_moved[] = {
    "session",   "login_failure",    "unit_rev",     "people_rev", "audit",
    "indicator", "indicator_target", "criteria_set", "criterion",  NULL};

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
