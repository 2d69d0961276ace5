/*
 * import_stream.c: `xaso import residents|businesses|teams|members|
 * activities|campaigns|products|reports FILE`, read as a stream.
 *
 * The file is read through core/csv.h's fixed window and each row goes to
 * the store as soon as it is checked, all in one transaction: memory does
 * not grow with the file, and a refused file leaves nothing behind. After
 * the first bad row nothing more is written, but the rest of the file is
 * still checked so that the first IMPORT_ERRORS_MAX bad rows are reported
 * at once, each as FILE:LINE:COLUMN: why. On a terminal, stderr shows a
 * progress bar.
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

enum { IMPORT_ERRORS_MAX = 10 };

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

static void progress_show(struct progress *p, const struct csv *c, long rows, bool last)
{
	double t = now_s();
	if (!p->tty || (!last && t - p->shown < 0.2))
		return;
	p->shown = t;
	double done = p->size ? (double)csv_offset(c) / (double)p->size : 1;
	if (done > 1)
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

static long file_read(void *ctx, char *dst, size_t cap)
{
	FILE *f = ctx;
	size_t n = fread(dst, 1, cap, f);
	return n == 0 && ferror(f) ? -1 : (long)n;
}

/* What one kind does with a checked row. */
struct import {
	struct csv c;
	struct progress pr;
	struct xerr first;
	int nerrors;
	long rows;
	int32_t today;
};

/* Reports a bad row; true while more may be reported. */
static bool bad_row(struct import *im, const struct xerr *e)
{
	if (im->nerrors == 0)
		im->first = *e;
	if (im->nerrors < IMPORT_ERRORS_MAX) {
		if (im->pr.tty)
			fputc('\n', stderr);
		fprintf(stderr, "xaso: %s\n", e->msg);
	}
	im->nerrors++;
	return im->nerrors < IMPORT_ERRORS_MAX;
}

/* A first extract found an ID number twice only when it ended: read the
 * file again for the lines of the two rows (row 1 is the first after the
 * header) and report the second at its pid column. */
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
			csv_error(&c, col, e, "the same ID number as line %d: a number appears once",
			          first_line);
			break;
		}
	}
	csv_close(&c);
	fclose(f);
}

/* Residents: rows of a population-database extract. */
static int import_residents(struct store *s, struct import *im, bool partial, const char *source,
                            struct people_import_stats *st, struct xerr *e)
{
	struct people_cols cols;
	int rc = people_extract_open(&im->c, &cols, e);
	if (rc)
		return rc;
	struct actor who;
	actor_system(&who, "import");
	struct people_import *pi;
	if ((rc = store_people_import_begin(s, &who, source, partial, &pi, e)) != 0)
		return rc;
	struct resident r;
	struct xerr re = {0};
	while ((rc = csv_next(&im->c, &re)) == 1) {
		im->rows++;
		int bad = people_row(&im->c, &cols, &r, &re);
		if (bad == 0 && im->nerrors == 0 && (bad = store_people_import_row(pi, &r, &re)) != 0)
			rec_row_error(&im->c, &re);
		if (bad && !bad_row(im, &re))
			break;
		progress_show(&im->pr, &im->c, im->rows, false);
	}
	if (rc < 0)
		bad_row(im, &re);
	progress_show(&im->pr, &im->c, im->rows, true);
	rc = store_people_import_end(pi, im->nerrors == 0, st, e);
	if (rc == XERR_INVALID && st->twice[1] > 0) {
		twice_lines(im->c.name, st->twice, e);
		bad_row(im, e);
		rc = 0;
	}
	return rc;
}

/* Records of the other kinds (core/records.h). */
static int import_records(struct store *s, struct import *im, const struct rec_kind *k,
                          const char *source, long *stored, long *dups, struct xerr *e)
{
	int idx[32];
	int rc = rec_columns(k, &im->c, idx, e);
	if (rc)
		return rc;
	struct actor who;
	actor_system(&who, "import");
	struct records_tx *tx;
	if ((rc = store_records_begin(s, &who, &tx, e)) != 0)
		return rc;
	void *rec = malloc(k->size);
	struct xerr re = {0};
	while (rec && (rc = csv_next(&im->c, &re)) == 1) {
		im->rows++;
		bool dup = false;
		int bad = rec_read_row(k, &im->c, idx, rec, im->today, &re);
		if (bad == 0 && im->nerrors == 0 && (bad = store_record_put(tx, k, rec, &dup, &re)))
			rec_row_error(&im->c, &re);
		if (bad && !bad_row(im, &re))
			break;
		*stored += !bad && !dup;
		*dups += dup;
		progress_show(&im->pr, &im->c, im->rows, false);
	}
	if (rc < 0)
		bad_row(im, &re);
	progress_show(&im->pr, &im->c, im->rows, true);
	free(rec);
	return store_records_end(tx, rec && im->nerrors == 0, k, source, *stored, e);
}

int cli_import_stream(struct store *s, const char *kind, const char *path, bool partial,
                      struct xerr *e)
{
	const struct rec_kind *k = rec_kind_find(kind);
	if (strcmp(kind, "residents") && !k)
		return xerr_set(e, XERR_INVALID, "kind",
		                "unknown import kind \"%s\" (see xaso import --help)", kind);
	FILE *f = fopen(path, "rb");
	if (!f)
		return xerr_set(e, XERR_IO, "file", "%s: cannot open the file", path);
	struct import *im = calloc(1, sizeof *im);
	if (!im) {
		fclose(f);
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	}
	struct stat sb;
	im->pr.tty = isatty(STDERR_FILENO);
	im->pr.size = fstat(fileno(f), &sb) == 0 ? (uint64_t)sb.st_size : 0;
	im->pr.t0 = now_s();
	im->today = cal_time_day(dossier_local_minutes((int64_t)time(NULL)));
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc = csv_open_stream(&im->c, path, file_read, f, NULL, e);
	struct people_import_stats st = {0};
	long stored = 0, dups = 0;
	if (rc == 0)
		rc = k ? import_records(s, im, k, base, &stored, &dups, e)
		       : import_residents(s, im, partial, base, &st, e);
	if (rc == 0 && im->nerrors) {
		/* The bad rows are printed above. */
		rc = xerr_set(e, im->first.code ? im->first.code : XERR_INVALID, im->first.field,
		              "%s: %d bad row%s%s; nothing was imported", path, im->nerrors,
		              im->nerrors > 1 ? "s" : "",
		              im->nerrors >= IMPORT_ERRORS_MAX ? " (the first ones shown)" : "");
	} else if (rc == 0 && k) {
		printf("%s: %ld rows, %ld %s stored%s", path, im->rows, stored, k->name,
		       dups ? "" : "\n");
		if (dups)
			printf(", %ld already stored (same id)\n", dups);
	} else if (rc == 0) {
		char d[11];
		cal_format_date(st.day, d);
		printf("%s: extract of %s: %ld rows, %ld added, %ld changed, %ld departed, %ld "
		       "unchanged\n",
		       path, d, st.rows, st.added, st.changed, st.departed, st.unchanged);
	}
	csv_close(&im->c);
	free(im);
	fclose(f);
	return rc;
}
