/*
 * import_stream.c: `xaso import residents|businesses|teams|members|
 * activities|campaigns|products|reports FILE`: the file is read as a
 * stream through core/csv.h's fixed window, so memory does not grow with
 * it, and imported by web/import.c's one loop in one transaction. On a
 * terminal, stderr shows a progress bar; bad rows are printed as
 * FILE:LINE:COLUMN: why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/import.h"
#include "core/calendar.h"
#include "core/dossier.h"
#include "web/import.h"

struct progress {
	bool tty;
	uint64_t size;
	double t0, shown;
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void progress_draw(struct progress *p, const struct csv *c, long rows, bool last)
{
	if (!p->tty)
		return;
	double t = now_s();
	if (!last && t - p->shown < 0.2)
		return;
	p->shown = t;
	double done = p->size ? (double)csv_offset(c) / (double)p->size : 1;
	if (done > 1 || last)
		done = 1;
	char bar[31];
	int fill = (int)(done * 30);
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	double rate = t > p->t0 ? (double)rows / (t - p->t0) : 0;
	fprintf(stderr, "\r[%s] %3d%% %ld rows, %.0f rows/s%s", bar, (int)(done * 100), rows, rate,
	        last ? "\n" : "");
	fflush(stderr);
}

static void progress_row(const struct csv *c, long rows, void *ctx)
{
	progress_draw(ctx, c, rows, false);
}

static long file_read(void *ctx, char *dst, size_t cap)
{
	FILE *f = ctx;
	size_t n = fread(dst, 1, cap, f);
	return n == 0 && ferror(f) ? -1 : (long)n;
}

/* A first extract names two rows that hold one ID number: read the file
 * again for their lines. */
static void twice_lines(const char *path, const long rows[2], struct xerr *e)
{
	FILE *f = fopen(path, "rb");
	struct csv c;
	struct xerr ignored = {0};
	if (!f || csv_open_stream(&c, path, file_read, f, NULL, &ignored) != 0) {
		if (f)
			fclose(f);
		return;
	}
	int col = csv_col(&c, "pid"), first_line = 0;
	for (long row = 1; csv_next(&c, &ignored) == 1; row++) {
		if (row == rows[0])
			first_line = c.row_line;
		if (row == rows[1]) {
			csv_error(&c, col, e,
			          "the same ID number as line %d: a number appears once",
			          first_line);
			break;
		}
	}
	csv_close(&c);
	fclose(f);
}

static void print_result(const char *path, const char *kind, const struct import_result *r)
{
	if (strcmp(kind, "residents")) {
		printf("%s: %ld rows, %ld %s stored", path, r->rows, r->stored, kind);
		if (r->dups)
			printf(", %ld already stored (same id)", r->dups);
		printf("\n");
		return;
	}
	char d[11];
	cal_format_date(r->people.day, d);
	printf("%s: extract of %s: %ld rows, %ld added, %ld changed, %ld departed, %ld unchanged\n",
	       path, d, r->rows, r->people.added, r->people.changed, r->people.departed,
	       r->people.unchanged);
}

int cli_import_stream(struct store *s, const char *kind, const char *path, bool partial,
                      struct xerr *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return xerr_set(e, XERR_IO, "file", "%s: cannot open the file", path);
	struct stat sb;
	struct progress pr = {isatty(STDERR_FILENO), 0, now_s(), 0};
	pr.size = fstat(fileno(f), &sb) == 0 ? (uint64_t)sb.st_size : 0;
	int32_t today = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct actor who;
	actor_system(&who, "import");
	struct csv c;
	struct import_result *r = calloc(1, sizeof *r);
	if (!r) {
		fclose(f);
		xerr_set(e, XERR_NOMEM, NULL, "out of memory");
		return XERR_NOMEM;
	}
	int rc = csv_open_stream(&c, path, file_read, f, NULL, e);
	if (rc == 0) {
		struct import_hooks h = {progress_row, NULL, &pr};
		rc = import_csv(s, &who, kind, &c, base, partial, today, &h, r, e);
		progress_draw(&pr, &c, r->rows, true);
		csv_close(&c);
	}
	if (rc == 0 && r->nerrors && r->people.twice[1] > 0)
		twice_lines(path, r->people.twice, &r->errors[0]);
	for (int i = 0; rc == 0 && i < r->nerrors && i < IMPORT_ERRORS_MAX; i++)
		fprintf(stderr, "xaso: %s\n", r->errors[i].msg);
	if (rc == 0 && r->nerrors)
		rc = xerr_set(e, XERR_INVALID, r->errors[0].field,
		              "%s: %s%d bad row%s; nothing was imported", path,
		              r->nerrors >= IMPORT_ERRORS_MAX ? "at least " : "", r->nerrors,
		              r->nerrors > 1 ? "s" : "");
	else if (rc == 0)
		print_result(path, kind, r);
	free(r);
	fclose(f);
	return rc;
}
