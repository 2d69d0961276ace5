/*
 * cmd_indicators.c: `xaso indicators list|show|values|recompute`: the
 * monitoring indicators on the terminal. Values take the same path as the
 * pages and the API (web/figures.h); recompute keeps the snapshots of a
 * closed period, audited as done by the operator.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "store/store_audit.h"
#include "web/figures.h"

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: xaso indicators list [--db FILE]\n"
	       "       xaso indicators show ID\n"
	       "       xaso indicators values ID --unit CODE --period PERIOD\n"
	       "       xaso indicators recompute --period PERIOD [--unit CODE] [--indicator ID]\n\n"
	       "PERIOD is a month (2026-03), a quarter (2026-Q1), a year (2026) or days\n"
	       "(2026-01-01..2026-03-31). values prints the unit and the units under it:\n"
	       "value, numerator, denominator and colour. recompute keeps the figures of a\n"
	       "closed period (every province, or the unit's subtree) as its snapshot.\n");
}

static int print_row(const struct mon_indicator *m, void *ctx)
{
	(void)ctx;
	printf("%-26s %-6s %-8s %s\n", m->id, m->unit == IND_PERCENT ? "%" : "count",
	       m->formula[0] ? "formula" : "reported", m->name_vi);
	return 0;
}

static int show(struct store *s, const char *id, struct xerr *e)
{
	struct fig_set set;
	int rc = fig_set_load(s, id, false, &set, e);
	if (rc)
		return rc;
	const struct mon_indicator *m = &set.ind[0].m;
	struct buf b;
	buf_init(&b);
	expr_format(set.ind[0].plan, &b);
	printf("id:        %s\nname:      %s\nname (en): %s\nunit:      %s\ndirection: %s\n"
	       "source:    %s\n%s %s\n",
	       m->id, m->name_vi, m->name_en, m->unit == IND_PERCENT ? "%" : "count",
	       m->direction == IND_HIGHER ? "higher is better" : "lower is better", m->source,
	       m->formula[0] ? "formula:  " : "reported: ", b.data ? b.data : "");
	if (!isnan(m->green))
		printf("green:     %g\n", m->green);
	if (!isnan(m->red))
		printf("red:       %g\n", m->red);
	for (size_t i = 0; i < m->ntargets; i++)
		printf("target:    %d, level %d: %g\n", m->targets[i].year, m->targets[i].level,
		       m->targets[i].value);
	buf_free(&b);
	fig_set_free(&set);
	return 0;
}

static void print_value(const struct fig_node *n, const struct mon_indicator *m,
                        const struct ind_value *v)
{
	enum ind_colour c = ind_colour_of(&m->def, v);
	if (v->has)
		printf("%-8s %10.2f %12g %12g %-7s %s\n", n->u.code, v->value, v->num, v->den,
		       ind_colour_name(c), n->u.name);
	else
		printf("%-8s %10s %12g %12g %-7s %s\n", n->u.code, "-", v->num, v->den, "",
		       n->u.name);
}

static int values(struct store *s, const char *id, const char *unit, const struct ind_period *p,
                  struct xerr *e)
{
	struct fig_set set;
	struct fig_tree t;
	int rc = fig_set_load(s, id, false, &set, e);
	if (rc)
		return rc;
	if ((rc = fig_tree_load(s, unit, p, &t, e)) != 0) {
		fig_set_free(&set);
		return rc;
	}
	struct ind_value *v = calloc(t.n, sizeof *v);
	if (!v) {
		fig_tree_free(&t);
		fig_set_free(&set);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	rc = fig_compute(s, &t, &set, true, v, e);
	if (rc == 0) {
		printf("%-8s %10s %12s %12s %-7s %s\n", "unit", "value", "numerator", "denominator",
		       "colour", "name");
		for (size_t i = 0; i < t.n; i++)
			if (i == 0 || (t.nodes[i].parent == 0 && t.nodes[i].in_force))
				print_value(&t.nodes[i], &set.ind[0].m, &v[i]);
	}
	free(v);
	fig_tree_free(&t);
	fig_set_free(&set);
	return rc;
}

struct recompute {
	struct store *s;
	const struct ind_period *p;
	const struct fig_set *set;
	struct xerr *e;
	long units;
};

static int recompute_unit(const struct unit *u, void *ctx)
{
	struct recompute *x = ctx;
	struct fig_tree t;
	int rc = fig_tree_load(x->s, u->code, x->p, &t, x->e);
	if (rc)
		return rc;
	struct actor who;
	actor_system(&who, "recompute");
	rc = fig_recompute(x->s, &who, &t, x->set, x->e);
	x->units += (long)t.n;
	fig_tree_free(&t);
	return rc;
}

static int recompute(struct store *s, const char *unit, const char *id, const struct ind_period *p,
                     struct xerr *e)
{
	struct fig_set set;
	int rc = fig_set_load(s, id, false, &set, e);
	if (rc)
		return rc;
	struct recompute x = {s, p, &set, e, 0};
	if (unit) {
		struct unit u;
		rc = store_unit_get(s, unit, &u, e);
		if (rc == 0)
			rc = recompute_unit(&u, &x);
	} else {
		rc = store_unit_children(s, NULL, recompute_unit, &x, e);
	}
	if (rc == 0)
		fprintf(stderr, "%zu indicators, %ld units\n", set.n, x.units);
	fig_set_free(&set);
	return rc;
}

int cmd_indicators(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 2) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	const char *sub = argv[1], *period = cli_opt(argc, argv, "period");
	const char *unit = cli_opt(argc, argv, "unit");
	bool needs_id = !strcmp(sub, "show") || !strcmp(sub, "values");
	if (strcmp(sub, "list") && strcmp(sub, "recompute") && !needs_id)
		return cli_usage_error("indicators", "unknown subcommand ", sub);
	if (needs_id && (argc < 3 || argv[2][0] == '-'))
		return cli_usage_error("indicators", "an indicator id is needed", NULL);
	struct xerr e = {0};
	struct ind_period p = {0};
	if (!strcmp(sub, "values") || !strcmp(sub, "recompute")) {
		if (!period)
			return cli_usage_error("indicators", "--period PERIOD is needed", NULL);
		if (ind_period_parse(period, &p, &e) != 0)
			return cli_fail(&e);
	}
	if (!strcmp(sub, "values") && !unit)
		return cli_usage_error("indicators", "--unit CODE is needed", NULL);
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s)
		return 1;
	if (!strcmp(sub, "list"))
		rc = store_indicator_list(s, print_row, NULL, &e);
	else if (!strcmp(sub, "show"))
		rc = show(s, argv[2], &e);
	else if (!strcmp(sub, "values"))
		rc = values(s, argv[2], unit, &p, &e);
	else
		rc = recompute(s, unit, cli_opt(argc, argv, "indicator"), &p, &e);
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}
