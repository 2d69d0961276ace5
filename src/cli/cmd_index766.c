/* cmd_index766.c: `xaso index766`, the index of Decision 766 of a unit for
 * a period, as a table or as the API's JSON (web/index766_view.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "web/index766_view.h"

static void index766_usage(FILE *f)
{
	fprintf(f, "usage: xaso index766 --unit CODE [--period 2026-Q1] [--json] [--rank]\n"
	           "                     [--check] [--db FILE]\n\n"
	           "The service index of Decision 766/QĐ-TTg of a province or commune for a\n"
	           "period (2026, 2026-Q1, 2026-03; default: the current quarter), computed\n"
	           "from the dossiers, procedures and feedback in the database: each group's\n"
	           "points and every sub-indicator's numerator, denominator, rate and points.\n"
	           "--json prints what GET /api/v1/index766 answers; --rank ranks the units\n"
	           "one level under CODE instead (no --unit: the provinces).\n"
	           "--check counts the dossiers of CODE's subtree (no --unit: all) from\n"
	           "scratch and compares them with the counts kept per month; exit 1 names\n"
	           "the first difference.\n"
	           "docs/index766.md says how each row is computed.\n");
}

static void print_value(double v)
{
	if (isnan(v))
		printf("%8s", "-");
	else
		printf("%8.2f", v);
}

static void print_table(const struct idx766_report *rep, int i)
{
	const struct idx_result *r = &rep->res[i];
	printf("%s %s, %s (judged at the period's end or now)\n", rep->data.units[i].code,
	       rep->data.units[i].name, rep->period_text);
	printf("%-5s %8s %8s %8s %8s %8s  %s\n", "row", "num", "den", "rate", "points", "max",
	       "state");
	for (int g = 0; r->profile && g < IDX_GROUPS; g++) {
		printf("%s: %.2f / %.2f\n", r->profile->groups[g].name_vi, r->groups[g].points,
		       r->groups[g].max);
		for (size_t k = 0; k < r->nrows; k++) {
			const struct idx_row_result *x = &r->rows[k];
			if (x->row->group != (enum idx_group)g)
				continue;
			printf("%-5s ", x->row->code);
			print_value(x->num);
			print_value(x->den);
			print_value(x->rate);
			print_value(x->points);
			print_value(x->max);
			printf("  %s\n", idx766_state_name(x->state));
		}
	}
	printf("total: %.2f / %.2f%s\n", r->total, r->max,
	       r->complete ? "" : " (reported figures missing)");
}

static int print_rankings(const struct idx766_report *rep)
{
	int units[4096], ranks[4096];
	size_t n = idx766_ranked(rep, units, ranks, sizeof units / sizeof units[0]);
	for (size_t k = 0; k < n; k++)
		printf("%3d  %-6s %-40s %6.2f / %.2f\n", ranks[k], rep->data.units[units[k]].code,
		       rep->data.units[units[k]].name, rep->res[units[k]].total,
		       rep->res[units[k]].max);
	return 0;
}

/* --check: the kept counts against a count from scratch. */
static int check(struct store *s, const char *unit, const char *period)
{
	char now[IND_PERIOD_MAX], what[200];
	struct ind_period p;
	struct xerr e = {0};
	if (!period || !*period) {
		idx766_period_now(now);
		period = now;
	}
	struct idx766_data kept, scratch;
	int64_t as_of = 0;
	if (ind_period_parse(period, &p, &e) == 0)
		as_of = idx766_as_of(&p);
	if (e.code || store_index766_load(s, unit, p.first, p.last, as_of, &kept, &e))
		return cli_fail(&e);
	if (store_index766_recount(s, unit, p.first, p.last, as_of, &scratch, &e)) {
		store_index766_free(&kept);
		return cli_fail(&e);
	}
	bool same = store_index766_same(&kept, &scratch, what, sizeof what);
	if (same)
		printf("the kept counts of %zu units for %s agree with a count from scratch\n",
		       kept.n, period);
	else
		fprintf(stderr, "xaso index766: kept counts differ from scratch: %s\n", what);
	store_index766_free(&kept);
	store_index766_free(&scratch);
	return same ? 0 : 1;
}

int cmd_index766(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		index766_usage(stdout);
		return 0;
	}
	const char *unit = cli_opt(argc, argv, "unit"), *period = cli_opt(argc, argv, "period");
	bool json = cli_flag(argc, argv, "json"), rank = cli_flag(argc, argv, "rank"),
	     checking = cli_flag(argc, argv, "check");
	if (!rank && !checking && (!unit || !*unit))
		return cli_usage_error("index766", "give the unit: --unit CODE", NULL);
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	struct store *s = cli_open_store(cfg.db, STORE_READONLY);
	if (!s)
		return 1;
	if (checking) {
		rc = check(s, unit ? unit : "", period);
		store_close(s);
		return rc;
	}
	struct xerr e = {0};
	struct idx766_report rep;
	if (idx766_report_make(s, unit, period, &rep, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	if (rank && json) {
		json_t *j = idx766_rankings_json(&rep);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
	} else if (rank) {
		print_rankings(&rep);
	} else if (json) {
		json_t *j = idx766_json(&rep, rep.root, false);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
	} else {
		print_table(&rep, rep.root);
	}
	idx766_report_free(&rep);
	store_close(s);
	return 0;
}
