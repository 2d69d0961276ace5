/* cmd_calendar.c: `xaso calendar lunar|solar|holidays|add|workdays|import`.
 * Each prints exactly one line per answer (the contract in
 * docs/calendar.md), so scripts can read it. Without a database (no --db,
 * no XASO_DB) the yearly decisions compiled into the binary are used;
 * with one, the decisions stored in it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cmd_calendar.h"
#include "core/calendar.h"
#include "core/lunar.h"
#include "store/store_calendar.h"

static const char usage_text[] =
    "usage: xaso calendar COMMAND ARGS [options]\n\n"
    "  lunar DATE             lunar date of a Gregorian date: 2026-02-17 -> 2026-01-01 leap=0\n"
    "  solar LDATE [--leap]   Gregorian date of a lunar date (--leap: the leap month)\n"
    "  holidays YEAR          every day off of YEAR that is not a plain weekend\n"
    "  add FROM N(d|h)        deadline of N working days (d) or office hours (h)\n"
    "                         received at FROM (YYYY-MM-DDTHH:MM) [--unit CODE]\n"
    "  workdays FROM TO       working days after FROM up to and including TO\n"
    "  import FILE            store a yearly decision file (date,kind,name)\n\n"
    "options: --db FILE (else XASO_DB; without one the built-in decisions are used),\n"
    "         --as-of DATE (use the decisions known on DATE; default today)\n"
    "Dates are YYYY-MM-DD in 1900-2199; the working-day calendar covers 2014-2199.\n"
    "Bad input prints a message and exits with status 2. xaso calendar COMMAND --help\n"
    "explains each command.\n";

static const struct {
	const char *cmd, *help;
} helps[] = {
    {"lunar", "usage: xaso calendar lunar YYYY-MM-DD\n\n"
              "Prints the Vietnamese lunar date (computed for UTC+7) as\n"
              "YYYY-MM-DD leap=0|1, e.g. 2026-02-17 -> 2026-01-01 leap=0.\n"},
    {"solar", "usage: xaso calendar solar YYYY-MM-DD [--leap]\n\n"
              "Prints the Gregorian date of a lunar date; --leap selects the leap\n"
              "(nhuận) month, e.g. xaso calendar solar 2025-06-01 --leap -> 2025-07-25.\n"},
    {"holidays", "usage: xaso calendar holidays YEAR [--db FILE] [--as-of DATE]\n\n"
                 "One line per day off that is not a plain weekend: YYYY-MM-DD name.\n"
                 "Statutory holidays (Labour Code 2019 Art. 112), compensatory days\n"
                 "(Art. 111.3) and the Government's yearly decisions.\n"},
    {"add", "usage: xaso calendar add YYYY-MM-DDTHH:MM N(d|h) [--unit CODE] [--db FILE]\n"
            "                         [--as-of DATE]\n\n"
            "Nd: the period starts the day after receipt (Civil Code 2015 Art. 147) and\n"
            "ends at the close of office hours of the N-th working day.\n"
            "Nh: N office hours counted from the moment of receipt.\n"
            "--unit uses the unit's office hours (needs a database); default\n"
            "07:30-11:30,13:30-17:00. Prints YYYY-MM-DDTHH:MM.\n"},
    {"workdays", "usage: xaso calendar workdays FROM TO [--db FILE] [--as-of DATE]\n\n"
                 "Prints the number of working days d with FROM < d <= TO (negative when\n"
                 "TO is before FROM): a deadline N working days after FROM gives N.\n"},
    {"import", "usage: xaso calendar import FILE [--db FILE]\n\n"
               "Stores a yearly decision file in the database (--db, else XASO_DB, else\n"
               "./xaso.db). Columns: date,kind,name with kind off or work, and optionally\n"
               "effective_from (default: today): the rows apply to deadlines computed on\n"
               "or after that day. A malformed file is rejected with file:line:column and\n"
               "nothing from it is stored.\n"},
};

/* Options that take a value, so their value is not a positional argument. */
static bool takes_value(const char *arg)
{
	static const char *const opts[] = {"--db", "--unit", "--as-of", "--config", NULL};
	for (int i = 0; opts[i]; i++)
		if (!strcmp(arg, opts[i]))
			return true;
	return false;
}

/* Collects up to max positional arguments after argv[1] (the command). */
static int positionals(int argc, char **argv, const char **pos, int max)
{
	int n = 0;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "--", 2)) {
			if (takes_value(argv[i]))
				i++;
			continue;
		}
		if (n < max)
			pos[n] = argv[i];
		n++;
	}
	return n;
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "xaso: <message> (see ...)" and returns the bad-input status. */
static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "xaso: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (see xaso calendar --help)\n");
	va_end(ap);
	return 2;
}

static int32_t today(void)
{
	/* Vietnam's local date: UTC+7, no daylight saving. */
	return (int32_t)(((int64_t)time(NULL) + 7 * 3600) / 86400) + CAL_EPOCH_JDN;
}

/* The database named by --db or XASO_DB, or NULL for the built-in data. */
static const char *db_path(int argc, char **argv)
{
	const char *db = cli_opt(argc, argv, "db");
	if (!db || !*db)
		db = getenv("XASO_DB");
	return db && *db ? db : NULL;
}

struct ov_list {
	struct cal_override *v;
	size_t n, cap;
};

static int collect(const struct cal_override *o, void *ctx)
{
	struct ov_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct cal_override *p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return XERR_NOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = *o;
	return 0;
}

/* Builds the calendar as of --as-of (default today) and, with --unit, the
 * unit's office hours. Returns an exit status. */
static int open_calendar(int argc, char **argv, struct cal **out, struct cal_hours *hours)
{
	struct xerr e = {0};
	struct ov_list l = {NULL, 0, 0};
	int32_t as_of = today();
	const char *asof = cli_opt(argc, argv, "as-of");
	const char *unit = cli_opt(argc, argv, "unit");
	const char *db = db_path(argc, argv);
	int rc;
	*out = NULL;
	cal_hours_default(hours);
	if (asof && cal_parse_date(asof, "as-of", &as_of, &e))
		return cli_fail(&e);
	if (unit && !db)
		return bad("--unit %s needs a database (--db FILE or XASO_DB)", unit);
	if (db) {
		struct store *s = cli_open_store(db, 0);
		if (!s)
			return 1;
		rc = store_calendar_overrides(s, collect, &l, &e);
		if (rc == XERR_NOMEM)
			xerr_set(&e, rc, NULL, "out of memory");
		if (rc == 0 && unit) {
			rc = store_office_hours_get(s, unit, hours, &e);
			if (rc == XERR_NOTFOUND)
				xerr_set(&e, XERR_INVALID, "unit", "unknown unit %s", unit);
		}
		store_close(s);
	} else {
		rc = cal_overrides_embedded(0, &l.v, &l.n, &e);
	}
	struct cal_params p = {0, 0, as_of, l.v, l.n};
	if (rc == 0)
		rc = cal_new(&p, out, &e);
	free(l.v);
	return rc ? cli_fail(&e) : 0;
}

static int do_lunar(const char *arg)
{
	struct xerr e = {0};
	int32_t day;
	struct lunar_date ld;
	int y, m, d;
	if (cal_parse_date(arg, "date", &day, &e))
		return cli_fail(&e);
	lunar_civil(day, &y, &m, &d);
	if (lunar_from_solar(y, m, d, &ld, &e))
		return cli_fail(&e);
	printf("%04d-%02d-%02d leap=%d\n", ld.year, ld.month, ld.day, ld.leap ? 1 : 0);
	return 0;
}

static int do_solar(const char *arg, bool leap)
{
	struct xerr e = {0};
	int y, m, d;
	char tail;
	if (strlen(arg) != 10 || sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    arg[4] != '-' || arg[7] != '-')
		return bad("\"%s\" is not a lunar date (YYYY-MM-DD)", arg);
	struct lunar_date ld = {y, m, d, leap};
	int32_t day;
	if (lunar_to_jdn(&ld, &day, &e))
		return cli_fail(&e);
	char out[11];
	cal_format_date(day, out);
	printf("%s\n", out);
	return 0;
}

static int print_day(int32_t day, const char *name, void *ctx)
{
	(void)ctx;
	char d[11];
	cal_format_date(day, d);
	printf("%s %s\n", d, name);
	return 0;
}

static int do_holidays(int argc, char **argv, const char *arg)
{
	char *end;
	long year = strtol(arg, &end, 10);
	if (*end || end == arg || year < CAL_FIRST_YEAR || year > CAL_LAST_YEAR) {
		fprintf(stderr, "xaso: year \"%s\" is outside %d-%d\n", arg, CAL_FIRST_YEAR,
		        CAL_LAST_YEAR);
		return 2;
	}
	struct cal *c;
	struct cal_hours h;
	int rc = open_calendar(argc, argv, &c, &h);
	if (rc)
		return rc;
	struct xerr e = {0};
	rc = cal_holidays(c, (int)year, print_day, NULL, &e);
	cal_free(c);
	return rc ? cli_fail(&e) : 0;
}

static int do_add(int argc, char **argv, const char *from, const char *period)
{
	struct xerr e = {0};
	int64_t t, out;
	if (cal_parse_time(from, "from", &t, &e))
		return cli_fail(&e);
	char *end;
	long n = strtol(period, &end, 10);
	if (end == period || n < 1 || n > CAL_MAX_DAYS || (strcmp(end, "d") && strcmp(end, "h")))
		return bad("\"%s\" is not a period: use Nd (working days) or Nh (office hours), "
		           "N from 1 to 3650",
		           period);
	struct cal *c;
	struct cal_hours h;
	int rc = open_calendar(argc, argv, &c, &h);
	if (rc)
		return rc;
	if (*end == 'd')
		rc = cal_add_workdays(c, &h, t, (int)n, &out, &e);
	else
		rc = cal_add_workminutes(c, &h, t, n * 60, &out, &e);
	cal_free(c);
	if (rc)
		return cli_fail(&e);
	char s[17];
	cal_format_time(out, s);
	printf("%s\n", s);
	return 0;
}

static int do_workdays(int argc, char **argv, const char *from, const char *to)
{
	struct xerr e = {0};
	int32_t a, b, n;
	if (cal_parse_date(from, "from", &a, &e) || cal_parse_date(to, "to", &b, &e))
		return cli_fail(&e);
	struct cal *c;
	struct cal_hours h;
	int rc = open_calendar(argc, argv, &c, &h);
	if (rc)
		return rc;
	rc = cal_workdays_between(c, a, b, &n, &e);
	cal_free(c);
	if (rc)
		return cli_fail(&e);
	printf("%d\n", (int)n);
	return 0;
}

static int do_import(int argc, char **argv, const char *path)
{
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	struct xerr e = {0};
	size_t len, n = 0;
	char *data = cli_read_file(path, &len, &e);
	if (!data)
		return cli_fail(&e);
	struct cal_override *ov = NULL;
	rc = cal_overrides_parse(path, data, len, today(), &ov, &n, &e);
	free(data);
	if (rc) {
		size_t l = strlen(e.msg);
		snprintf(e.msg + l, sizeof e.msg - l, "; nothing was imported");
		free(ov);
		return cli_fail(&e);
	}
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s) {
		free(ov);
		return 1;
	}
	rc = store_calendar_import(s, ov, n, path, &e);
	store_close(s);
	free(ov);
	if (rc)
		return cli_fail(&e);
	printf("%s: imported %zu calendar rows\n", path, n);
	return 0;
}

int cmd_calendar(int argc, char **argv)
{
	if (argc < 2 || (argv[1][0] == '-' && cli_wants_help(argc, argv))) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (cli_wants_help(argc, argv)) {
		for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
			if (!strcmp(cmd, helps[i].cmd)) {
				fputs(helps[i].help, stdout);
				return 0;
			}
		fputs(usage_text, stdout);
		return 0;
	}
	const char *pos[2] = {NULL, NULL};
	int np = positionals(argc, argv, pos, 2);
	int want = !strcmp(cmd, "add") || !strcmp(cmd, "workdays") ? 2 : 1;
	bool known = false;
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
		known |= !strcmp(cmd, helps[i].cmd);
	if (!known)
		return bad("unknown calendar command \"%s\"", cmd);
	if (np != want) {
		fprintf(stderr,
		        "xaso: calendar %s needs %d argument%s (see xaso calendar %s --help)\n",
		        cmd, want, want > 1 ? "s" : "", cmd);
		return 2;
	}
	if (!strcmp(cmd, "lunar"))
		return do_lunar(pos[0]);
	if (!strcmp(cmd, "solar"))
		return do_solar(pos[0], cli_flag(argc, argv, "leap"));
	if (!strcmp(cmd, "holidays"))
		return do_holidays(argc, argv, pos[0]);
	if (!strcmp(cmd, "add"))
		return do_add(argc, argv, pos[0], pos[1]);
	if (!strcmp(cmd, "workdays"))
		return do_workdays(argc, argv, pos[0], pos[1]);
	return do_import(argc, argv, pos[0]);
}
