/*
 * cmd_export.c: `xaso export KIND --unit CODE` writes the records of a
 * unit's subtree as CSV to standard output, in the columns `xaso import`
 * reads (so an export imports again). Residents are personal data: their
 * export is recorded in the audit log, commune by commune, as done by the
 * operator at the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "core/dossier.h"

struct out {
	struct buf b;
	const struct rec_kind *k;
	long rows;
	int32_t day;
};

static void flush(struct out *o, bool all)
{
	if (all || o->b.len > 65536) {
		fwrite(o->b.data, 1, o->b.len, stdout);
		buf_reset(&o->b);
	}
}

static int person_out(const struct person *p, void *ctx)
{
	struct out *o = ctx;
	char sex[2] = {people_sex_letter(p->r.sex), 0}, day[11];
	cal_format_date(o->day, day);
	buf_printf(&o->b, "%s,", p->r.pid);
	csv_put_text(&o->b, p->r.full_name);
	buf_printf(&o->b, ",%s,%s,", p->r.birth_date, sex);
	csv_put_text(&o->b, p->r.household);
	buf_printf(&o->b, ",%s,%d,%d,%s\r\n", p->r.village, p->r.eid_level, p->r.ehealth, day);
	o->rows++;
	flush(o, false);
	return 0;
}

static int record_out(const void *rec, void *ctx)
{
	struct out *o = ctx;
	rec_csv_row(o->k, rec, &o->b);
	o->rows++;
	flush(o, false);
	return 0;
}

struct people_export {
	struct store *s;
	struct out *o;
	struct xerr *e;
};

static int commune_people(const struct unit *u, void *ctx)
{
	struct people_export *x = ctx;
	struct actor who;
	actor_system(&who, "export");
	return store_person_list(x->s, &who, u->code, x->o->day, 0, 0, true, person_out, x->o, NULL,
	                         x->e);
}

static int export_residents(struct store *s, const struct unit *u, struct out *o, struct xerr *e)
{
	for (size_t i = 0; people_extract_columns[i]; i++)
		buf_printf(&o->b, "%s%s", i ? "," : "", people_extract_columns[i]);
	buf_puts(&o->b, "\r\n");
	if (u->level != UNIT_PROVINCE) {
		struct actor who;
		actor_system(&who, "export");
		return store_person_list(s, &who, u->code, o->day, 0, 0, true, person_out, o, NULL,
		                         e);
	}
	struct people_export x = {s, o, e};
	return store_unit_children(s, u->code, commune_people, &x, e);
}

static void export_usage(FILE *f)
{
	fprintf(f, "usage: xaso export KIND --unit CODE [--as-of DATE] [--from DATE] [--to DATE] "
	           "[--db FILE]\n\n"
	           "Writes the records of the unit's subtree as CSV (UTF-8) to standard output,\n"
	           "in the columns xaso import reads. KIND is residents, businesses, teams,\n"
	           "members, activities, campaigns, products or reports.\n"
	           "  --as-of DATE  as they were on that day (residents, businesses, teams,\n"
	           "                members, products; default today for residents)\n"
	           "  --from, --to  activities and reports of those days\n"
	           "Residents are personal data: each export is recorded in the audit log.\n");
}

int cmd_export(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		export_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	const char *kind = argv[1], *unit = cli_opt(argc, argv, "unit");
	const struct rec_kind *k = rec_kind_find(kind);
	if (!k && strcmp(kind, "residents"))
		return cli_usage_error("export", "unknown kind ", kind);
	if (!unit)
		return cli_usage_error("export", "--unit CODE is needed", NULL);
	struct xerr e = {0};
	struct rec_query q = {.unit = unit};
	const char *dates[3] = {cli_opt(argc, argv, "as-of"), cli_opt(argc, argv, "from"),
	                        cli_opt(argc, argv, "to")};
	int32_t *days[3] = {&q.as_of, &q.from, &q.to};
	for (int i = 0; i < 3; i++)
		if (dates[i] && cal_parse_date(dates[i], i ? (i == 1 ? "from" : "to") : "as-of",
		                               days[i], &e) != 0)
			return cli_fail(&e);
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s)
		return 1;
	struct out o = {.k = k, .day = q.as_of};
	buf_init(&o.b);
	if (!o.day)
		o.day = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
	struct unit u;
	rc = store_unit_get(s, unit, &u, &e);
	if (rc == 0 && k) {
		rec_csv_header(k, &o.b);
		rc = store_records_list(s, k, &q, record_out, &o, &e);
	} else if (rc == 0) {
		rc = export_residents(s, &u, &o, &e);
	}
	flush(&o, true);
	buf_free(&o.b);
	store_close(s);
	if (rc == 0)
		fprintf(stderr, "%ld %s\n", o.rows, kind);
	return rc ? cli_fail(&e) : 0;
}
