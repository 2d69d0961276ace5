/* Tests for src/store/index766.c (and the capture of migration 014 in
 * procedures.c, dossier_row.c, dossier_file.c): dossiers moved through the
 * real rule book (store_dossier_transition: pauses, supplements, ends),
 * then counted per unit for a period and judged at its end; the dossiers
 * that lost a row's point; the catalogue's 766 facts; the identity source
 * recorded at filing; a result reused as a document. Also core's
 * index766_unit.c: the publication rules, the roll-up of procedures
 * touched through a split, ranks. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "core/index766_unit.h"
#include "store/store.h"
#include "store/store_index766.h"
#include "store_fixture.h"

static struct store *st;
static struct actor sys;
static const char *const PROC = "9.000005";

static int32_t D(const char *s)
{
	int32_t d;
	struct xerr e = {0};
	if (cal_parse_date(s, "d", &d, &e))
		fail_msg("%s: %s", s, e.msg);
	return d;
}

static int setup(void **state)
{
	(void)state;
	fixture_path("idx766");
	remove_db();
	struct xerr e = {0};
	actor_system(&sys, "test");
	if (store_open(path, STORE_CREATE | STORE_MIGRATE, &st, &e) || cli_seed_reference(st, &e))
		fail_msg("%s", e.msg);
	struct procedure p;
	memset(&p, 0, sizeof p);
	strcpy(p.code, PROC);
	strcpy(p.name, "Thủ tục thử");
	strcpy(p.field, "Thử nghiệm");
	strcpy(p.level, "commune");
	p.time_unit = PROC_TIME_WORKDAY;
	p.time_value = 5;
	p.fee_vnd = -1;
	p.decision_day = D("2026-03-02");
	p.basis_day = D("2026-03-20");
	p.public_day = 0; /* not given: a new procedure is public from its import */
	p.paper_result = -1;
	p.full_online_eligible = 1;
	int bl;
	size_t bad;
	if (store_procedures_import(st, &sys, &p, 1, NULL, 0, NULL, 0, &bl, &bad, &e))
		fail_msg("%s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	remove_db();
	return 0;
}

static struct actor account_actor(int64_t id, const char *role, const char *unit)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	a.account_id = id;
	snprintf(a.login, sizeof a.login, "account%lld", (long long)id);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.unit, sizeof a.unit, "%s", unit);
	return a;
}

static void file(char *code, int channel, int64_t account, const char *at)
{
	struct dossier d;
	memset(&d, 0, sizeof d);
	strcpy(d.unit, "22015");
	strcpy(d.procedure, PROC);
	d.channel = channel;
	d.applicant_account = account;
	strcpy(d.applicant_name, "Nguyễn Văn An");
	strcpy(d.applicant_pid, "066090000123");
	strcpy(d.form, "{}");
	d.submitted_at = T(at);
	struct xerr e = {0};
	if (store_dossier_submit(st, &sys, &d, &e))
		fail_msg("submit: %s", e.msg);
	strcpy(code, d.code);
}

/* Moves a dossier through statuses at the given times ("4@2026-03-02T09:00"). */
static void moves(const char *code, const char *const *steps)
{
	for (; *steps; steps++) {
		int to = atoi(*steps);
		const char *at = strchr(*steps, '@') + 1;
		struct dossier out;
		struct xerr e = {0};
		enum dossier_side side = to == DS_WITHDRAWN ? SIDE_APPLICANT : SIDE_STAFF;
		if (store_dossier_transition(st, &sys, code, to, side, "test", T(at), &out, &e))
			fail_msg("%s -> %d: %s", code, to, e.msg);
	}
}

struct codes {
	char a[DOSSIER_CODE_MAX], b[DOSSIER_CODE_MAX], c[DOSSIER_CODE_MAX], d[DOSSIER_CODE_MAX];
	char e[DOSSIER_CODE_MAX], f[DOSSIER_CODE_MAX], g[DOSSIER_CODE_MAX], h[DOSSIER_CODE_MAX];
	char i[DOSSIER_CODE_MAX];
};

static int collect(const struct idx766_dossier *d, void *ctx)
{
	struct buf *b = ctx;
	buf_printf(b, "%s ", d->code);
	return 0;
}

static void assert_lost(const char *row, const char *want)
{
	struct buf b;
	buf_init(&b);
	struct xerr e = {0};
	assert_int_equal(store_index766_dossiers(st, "22015", row, D("2026-03-01"), D("2026-03-31"),
	                                         T("2026-03-31T23:59"), 0, 100, collect, &b, &e),
	                 0);
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

/* March 2026 at commune 22015, through the rule book. */
static void test_counts(void **state)
{
	(void)state;
	struct codes k;
	struct xerr e = {0};
	/* a: a week's supplement pause, finished after the first appointment
	 * (9/3) but before the one moved by the pause: on time. */
	file(k.a, DC_COUNTER, 0, "2026-03-02T08:00");
	moves(k.a, (const char *const[]){"4@2026-03-02T09:00", "5@2026-03-03T09:00",
	                                 "4@2026-03-10T09:00", "9@2026-03-13T09:00", NULL});
	/* b: two supplement requests, finished early: late. */
	file(k.b, DC_COUNTER, 0, "2026-03-02T08:30");
	moves(k.b, (const char *const[]){"4@2026-03-02T09:00", "5@2026-03-03T09:00",
	                                 "4@2026-03-04T09:00", "5@2026-03-05T09:00",
	                                 "4@2026-03-06T08:00", "9@2026-03-06T10:00", NULL});
	/* c: still open, its appointment (9/3) passed by the period's end: late. */
	file(k.c, DC_COUNTER, 0, "2026-03-02T09:00");
	moves(k.c, (const char *const[]){"4@2026-03-02T10:00", NULL});
	/* d: open, due in April: on time at the period's end. */
	file(k.d, DC_COUNTER, 0, "2026-03-27T08:00");
	moves(k.d, (const char *const[]){"4@2026-03-27T09:00", NULL});
	/* e: on time, rated unsatisfied. */
	file(k.e, DC_COUNTER, 0, "2026-03-04T08:00");
	moves(k.e, (const char *const[]){"4@2026-03-04T09:00", "9@2026-03-05T09:00",
	                                 "10@2026-03-06T09:00", NULL});
	assert_int_equal(
	    store_dossier_rate(st, &sys, k.e, false, "chậm", T("2026-03-06T10:00"), NULL, &e), 0);
	/* f: received in February, ended in March: judged, not received. */
	file(k.f, DC_COUNTER, 0, "2026-02-25T08:00");
	moves(k.f, (const char *const[]){"4@2026-02-25T09:00", "9@2026-03-03T09:00", NULL});
	/* g: ended after the period's end (on time). */
	file(k.g, DC_COUNTER, 0, "2026-03-30T08:00");
	moves(k.g, (const char *const[]){"4@2026-03-30T09:00", "9@2026-04-02T09:00", NULL});

	/* h, i: online, by an account whose ID number is the applicant's; i
	 * reuses h's result as a document. */
	struct account acc;
	memset(&acc, 0, sizeof acc);
	strcpy(acc.login, "0912345678");
	acc.role = ROLE_CITIZEN;
	strcpy(acc.full_name, "Nguyễn Văn An");
	strcpy(acc.pid, "066090000123");
	strcpy(acc.password_hash, "x");
	assert_int_equal(store_account_add(st, &sys, &acc, &e), 0);
	struct actor citizen = account_actor(acc.id, "citizen", "");
	struct actor off = account_actor(7, "officer", "22015");
	file(k.h, DC_ONLINE, acc.id, "2026-03-05T08:00");
	moves(k.h, (const char *const[]){"2@2026-03-05T09:00", "4@2026-03-05T10:00",
	                                 "9@2026-03-06T09:00", NULL});
	struct dossier_file res = {0, "result", "", "ket-qua.pdf"};
	assert_int_equal(
	    store_blob_put(st, &off, "%PDF-result", 11, "application/pdf", res.sha256, NULL, &e),
	    0);
	assert_int_equal(store_dossier_file_add(st, &off, k.h, &res, &e), 0);
	file(k.i, DC_ONLINE, acc.id, "2026-03-06T08:00");
	struct dossier_file doc = {0, "document", "", "giay-to.pdf"};
	strcpy(doc.sha256, res.sha256);
	assert_int_equal(store_dossier_file_add(st, &citizen, k.i, &doc, &e), 0);
	moves(k.i, (const char *const[]){"2@2026-03-06T09:00", "4@2026-03-06T10:00",
	                                 "9@2026-03-09T09:00", NULL});

	struct idx766_data d;
	assert_int_equal(store_index766_load(st, "66", D("2026-03-01"), D("2026-03-31"),
	                                     T("2026-03-31T23:59"), &d, &e),
	                 0);
	int u = store_index766_find(&d, "22015");
	assert_true(u >= 0);
	assert_int_equal(d.level[u], UNIT_COMMUNE);
	assert_int_equal(d.nodes[u].parent, store_index766_find(&d, "66"));
	const struct idx766_counts *c = &d.own[u];
	/* Judged: a-i; late: b (two requests), c (overdue at the end). */
	assert_true(c->on_time.num == 7 && c->on_time.den == 9);
	/* Received in March: all but f. Online: h, i, but the procedure wants a
	 * paper result and only h has its file. */
	assert_true(c->online_dossiers.num == 1 && c->online_dossiers.den == 8);
	assert_true(c->full_online_dossiers.num == 2 && c->full_online_dossiers.den == 8);
	/* Ended with a result among March's: a, b, e, g, h, i; with its file: h. */
	assert_true(c->e_result.num == 1 && c->e_result.den == 6);
	/* Digitised: a document and the result: none (i has no result file). */
	assert_true(c->digitised.num == 0 && c->digitised.den == 8);
	assert_true(c->reused.num == 1 && c->reused.den == 8);
	assert_true(c->population_dossiers.num == 2 && c->population_dossiers.den == 8);
	/* Satisfied: all but b, c (late) and e (rated unsatisfied). */
	assert_true(c->dossier_satisfied.num == 5 && c->dossier_satisfied.den == 8);
	assert_true(c->paid_online.num == 0 && c->paid_online.den == 0);
	/* What the procedure's dossiers did at this unit. */
	int p = -1;
	for (size_t i = 0; i < d.nproc; i++)
		if (!strcmp(d.proc_codes[i], PROC))
			p = (int)i;
	assert_true(p >= 0);
	const double *seen = d.seen + ((size_t)u * d.nproc + (size_t)p) * IDX_PF_N;
	assert_true(seen[IDX_PF_ONLINE] == 1 && seen[IDX_PF_POPULATION] == 1 &&
	            seen[IDX_PF_FEE] == 0);
	/* The catalogue's facts read back: imported today, public from today. */
	assert_int_equal(d.procs[p].decision_day, D("2026-03-02"));
	assert_true(d.procs[p].public_day > D("2026-03-31"));
	store_index766_free(&d);

	char want[200];
	snprintf(want, sizeof want, "%s %s ", k.b, k.c);
	assert_lost("2.1", want);
	snprintf(want, sizeof want, "%s %s %s ", k.b, k.c, k.e);
	assert_lost("5.4", want);
	snprintf(want, sizeof want, "%s ", k.i);
	assert_lost("3.3", want);
	assert_int_equal(store_index766_dossiers(st, "22015", "1.1", D("2026-03-01"),
	                                         D("2026-03-31"), 0, 0, 10, collect, NULL, &e),
	                 XERR_INVALID);
	assert_string_equal(e.field, "row");
}

/* The procedure route's store function keeps what it is not given. */
static void test_procedure_facts(void **state)
{
	(void)state;
	struct procedure p;
	struct xerr e = {0};
	assert_int_equal(store_procedure_get(st, PROC, &p, &e), 0);
	assert_int_equal(p.paper_result, 1);
	assert_int_equal(p.full_online_eligible, 1);
	assert_int_equal(p.basis_day, D("2026-03-20"));
	p.decision_day = p.basis_day = 0;
	p.public_day = D("2026-03-04");
	p.paper_result = 0;
	p.full_online_eligible = -1;
	assert_int_equal(store_procedure_set_766(st, &sys, &p, &e), 0);
	assert_int_equal(store_procedure_get(st, PROC, &p, &e), 0);
	assert_int_equal(p.decision_day, D("2026-03-02"));
	assert_int_equal(p.public_day, D("2026-03-04"));
	assert_int_equal(p.paper_result, 0);
	assert_int_equal(p.full_online_eligible, 1);
	strcpy(p.code, "9.999999");
	assert_int_equal(store_procedure_set_766(st, &sys, &p, &e), XERR_NOTFOUND);
}

/* Rows 1.1 and 1.2 on the working-day calendar; Tết 2026 in between. */
static void test_publication_rules(void **state)
{
	(void)state;
	const struct cal *c;
	struct xerr e = {0};
	assert_int_equal(store_calendar(st, &c, &e), 0);
	/* Mon 2/3 to Mon 9/3: 5 working days. */
	assert_true(idx_published_on_time(c, D("2026-03-02"), D("2026-03-09")));
	assert_false(idx_published_on_time(c, D("2026-03-02"), D("2026-03-06")));
	assert_false(idx_published_on_time(c, 0, D("2026-03-09")));
	/* Tết: 13/2 to 25/2 spans the holiday, fewer than 5 working days. */
	assert_false(idx_published_on_time(c, D("2026-02-13"), D("2026-02-25")));
	assert_true(idx_public_on_time(c, D("2026-03-02"), D("2026-03-09")));
	assert_false(idx_public_on_time(c, D("2026-03-02"), D("2026-03-10")));
	assert_false(idx_public_on_time(c, D("2026-03-02"), 0));
}

/* A commune split in halves between two others: a procedure it touched is
 * touched by both; counts go half and half. */
static void test_tree(void **state)
{
	(void)state;
	struct ind_node nodes[4] = {{-1, false}, {0, false}, {0, false}, {0, true}};
	int level[4] = {UNIT_PROVINCE, UNIT_COMMUNE, UNIT_COMMUNE, UNIT_COMMUNE};
	struct ind_succ succ[2] = {{3, 1, 0.5}, {3, 2, 0.5}};
	struct idx766_counts own[4];
	memset(own, 0, sizeof own);
	for (int i = 0; i < 4; i++)
		idx_counts_unknown(&own[i]);
	own[3].on_time = (struct idx_frac){4, 6};
	own[1].on_time = (struct idx_frac){1, 2};
	struct idx_proc procs[2] = {{.commune = true, .public_day = 1, .has_fee = true},
	                            {.commune = false, .public_day = 1}};
	double seen[4 * 2 * IDX_PF_N];
	memset(seen, 0, sizeof seen);
	seen[(3 * 2 + 0) * IDX_PF_N + IDX_PF_ONLINE] = 1;
	struct idx_tree t = {4, nodes, level, succ, 2, own, 2, procs, seen};
	struct idx766_counts out[4];
	struct xerr e = {0};
	assert_int_equal(idx_tree_counts(NULL, &t, 10, 20, out, &e), 0);
	assert_true(out[1].on_time.num == 3 && out[1].on_time.den == 5);
	assert_true(out[2].on_time.num == 2 && out[2].on_time.den == 3);
	assert_true(out[0].on_time.num == 5 && out[0].on_time.den == 8);
	/* Commune level: one procedure, used online at both successors. */
	assert_true(out[1].services_with_dossiers.num == 1 &&
	            out[1].services_with_dossiers.den == 1);
	assert_true(out[2].services_with_dossiers.num == 1);
	assert_true(out[0].procedures_online.den == 2);
	assert_true(out[1].procedures_fee_synced.den == 1 && out[1].procedures_fee_synced.num == 0);
	assert_true(isnan(out[0].dossier_sync.num));

	struct idx_result res[4];
	assert_int_equal(idx_tree_score(NULL, &t, D("2026-01-01"), D("2026-03-31"), NULL, res, &e),
	                 0);
	assert_non_null(res[3].profile);
	double totals[5] = {50, 70, 50, 20, 70};
	int rank[5];
	idx_rank(totals, 5, rank);
	assert_true(rank[0] == 3 && rank[1] == 1 && rank[2] == 3 && rank[3] == 5 && rank[4] == 1);
}

/* Migration 015 fills the file facts of the dossiers an older program
 * wrote (its data step: the same conditions the store keeps them by), and
 * gives old feedback no topic and no rating. */
#define H32(c)  c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
#define HASH(c) "'" H32(c) H32(c) "'"
static void test_upgrade_015(void **state)
{
	(void)state;
	char old[80];
	struct store *s;
	struct xerr e = {0};
	sqlite3 *db;
	const char *sql = FIXTURE_OLD_UNITS
	    "INSERT INTO dossier(id, code, unit, procedure, channel, status, applicant_name, "
	    "submitted_at) VALUES (1, 'a', '22015', '9.000005', 1, 10, 'A', 100), "
	    "(2, 'b', '22015', '9.000005', 1, 10, 'B', 100), "
	    "(3, 'c', '22015', '9.000005', 1, 10, 'C', 100);"
	    "INSERT INTO dossier_file(dossier, kind, sha256, name, reused) VALUES "
	    "(1, 'document', " HASH("a") ", 'a.pdf', 0), (1, 'result', " HASH(
	        "b") ", 'kq.pdf', 0), "
	             "(2, 'document', " HASH("b") ", 'kq.pdf', 1);"
	                                          "INSERT INTO feedback(unit, content, created_at, "
	                                          "refuse_by, supplement_by, answer_by) "
	                                          "VALUES ('22015', 'x', 1, 2, 3, 4);";
	fixture_old_db(old, sizeof old, 14, sql);
	assert_int_equal(store_open(old, STORE_MIGRATE, &s, &e), 0);
	store_close(s);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(
	    sqlite3_prepare_v2(
	        db,
	        "SELECT (SELECT group_concat(has_document || has_result || has_reused, "
	        "' ') FROM (SELECT * FROM dossier ORDER BY id)), (SELECT topic || ':' "
	        "|| coalesce(rating, '-') || ':' || rated_at FROM feedback)",
	        -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "110 101 000");
	assert_string_equal((const char *)sqlite3_column_text(q, 1), "0:-:0");
	sqlite3_finalize(q);
	sqlite3_close(db);
	fixture_remove_at(old);
}

/* The bulk import links files through the store's one path (migration
 * 017's import of files, used by the demo): a result, a document reused
 * from it by the same applicant (ID number) in the same call, the same
 * bytes from another applicant not reused; the dossier's file facts set as
 * a link at the counter sets them; a blob not stored refuses the whole
 * batch. */
static void import_one(struct dossier_history *h, const char *code, const char *pid, int status)
{
	memset(h, 0, sizeof *h);
	struct dossier *d = &h->d;
	snprintf(d->code, sizeof d->code, "%s", code);
	strcpy(d->unit, "22015");
	strcpy(d->procedure, PROC);
	strcpy(d->applicant_name, "Người nộp");
	snprintf(d->applicant_pid, sizeof d->applicant_pid, "%s", pid);
	strcpy(d->form, "{}");
	d->channel = DC_COUNTER;
	d->rating = -1;
	d->status = status;
	d->submitted_at = d->received_at = cal_time(D("2026-03-02"), 8 * 60);
	if (status == DS_RETURNED)
		d->finished_at = cal_time(D("2026-03-03"), 9 * 60);
}

static void add_file(struct dossier_history *h, const char *kind, const char *sha)
{
	struct dossier_file *f = &h->file[h->nfiles++];
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	snprintf(f->sha256, sizeof f->sha256, "%s", sha);
	snprintf(f->name, sizeof f->name, "%s.pdf", kind);
}

static void test_import_files(void **state)
{
	(void)state;
	struct xerr e = {0};
	char doc[65], res[65];
	assert_int_equal(
	    store_blob_put(st, &sys, "%PDF-1.4 a", 10, "application/pdf", doc, NULL, &e), 0);
	assert_int_equal(
	    store_blob_put(st, &sys, "%PDF-1.4 b", 10, "application/pdf", res, NULL, &e), 0);
	struct dossier_history *h = calloc(4, sizeof *h);
	import_one(&h[0], "22015-260302-0901", "066090000001", DS_RETURNED);
	add_file(&h[0], "document", doc);
	add_file(&h[0], "result", res);
	import_one(&h[1], "22015-260302-0902", "066090000001", DS_RECEIVED);
	add_file(&h[1], "document", res);
	import_one(&h[2], "22015-260302-0903", "066090000002", DS_RECEIVED);
	add_file(&h[2], "document", res);
	import_one(&h[3], "22015-260302-0904", "066090000003", DS_RECEIVED);
	char missing[65];
	memset(missing, 'c', 64);
	missing[64] = '\0';
	add_file(&h[3], "document", missing);
	assert_int_equal(store_dossier_import(st, &sys, h, 4, &e), XERR_NOTFOUND);
	assert_string_equal(e.field, "sha256");
	struct dossier got;
	assert_int_equal(store_dossier_get(st, "22015-260302-0901", &got, &e), XERR_NOTFOUND);
	h[3].nfiles = 0;
	for (int i = 0; i < 4; i++)
		h[i].d.id = 0;
	assert_int_equal(store_dossier_import(st, &sys, h, 4, &e), 0);
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "SELECT group_concat(has_document || has_result || "
	                       "has_reused || ':' || (SELECT count(*) FROM dossier_file "
	                       "f WHERE f.dossier = d.id AND f.reused = 1), ' ') FROM "
	                       "(SELECT * FROM dossier WHERE code LIKE '%-09__' ORDER "
	                       "BY code) d",
	                       -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "110:0 101:1 100:0 000:0");
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_procedure_facts),
	    cmocka_unit_test(test_publication_rules),
	    cmocka_unit_test(test_tree),
	    cmocka_unit_test(test_upgrade_015),
	    cmocka_unit_test(test_import_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
