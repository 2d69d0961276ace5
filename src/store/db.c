/*
 * db.c: the helpers every store file uses on top of a back end's table
 * (db.h): binding typed values, the one loop over rows, statements that
 * return no row or one integer, and transactions.
 */
#include "store/db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"

void db_text_copy(struct db_stmt *st, int i, char *dst, size_t cap)
{
	size_t n = 0;
	const char *t = st->m->column_text(st, i, &n);
	if (!t) {
		dst[0] = '\0';
		return;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, t, n);
	dst[n] = '\0';
}

static void bind_one(struct db_stmt *st, int i, const struct db_arg *a)
{
	const struct store_methods *m = st->m;
	switch (a->type) {
	case DB_A_INT: m->bind_int64(st, i, a->i); return;
	case DB_A_REAL: m->bind_double(st, i, a->r); return;
	case DB_A_TEXTN:
		if (a->s && *a->s)
			m->bind_text(st, i, a->s);
		else
			m->bind_null(st, i);
		return;
	case DB_A_TEXT:
		if (a->s)
			m->bind_text(st, i, a->s);
		else
			m->bind_null(st, i);
		return;
	case DB_A_TEXTREF:
		if (!a->s)
			m->bind_null(st, i);
		else if (m->bind_text_ref)
			m->bind_text_ref(st, i, a->s);
		else
			m->bind_text(st, i, a->s);
		return;
	case DB_A_NULL: m->bind_null(st, i); return;
	}
}

struct db_stmt *db_query(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                         struct xerr *e)
{
	struct db_stmt *st = c->m->prepare(c, sql, e);
	for (int i = 0; st && i < n; i++)
		bind_one(st, i + 1, &args[i]);
	return st;
}

int db_each(struct db_stmt *st, db_row_fn row, void *ctx, struct xerr *e)
{
	int rc, stop = 0;
	while ((rc = db_step(st, e)) == DB_ROW)
		if ((stop = row(st, ctx)) != 0)
			break;
	db_reset(st);
	return stop ? stop : rc;
}

int db_first(struct db_stmt *st, db_row_fn row, void *ctx, struct xerr *e)
{
	int rc = db_step(st, e);
	if (rc == DB_ROW && row) {
		int v = row(st, ctx);
		if (v)
			rc = v;
	}
	db_reset(st);
	return rc;
}

int db_query_each(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                  db_row_fn row, void *ctx, struct xerr *e)
{
	struct db_stmt *st = db_query(c, sql, args, n, e);
	return st ? db_each(st, row, ctx, e) : XERR_IO;
}

int db_query_first(struct db_conn *c, const char *sql, const struct db_arg *args, int n,
                   db_row_fn row, void *ctx, struct xerr *e)
{
	struct db_stmt *st = db_query(c, sql, args, n, e);
	return st ? db_first(st, row, ctx, e) : XERR_IO;
}

int db_run(struct db_conn *c, const char *sql, const struct db_arg *args, int n, struct xerr *e)
{
	int rc = db_query_first(c, sql, args, n, NULL, NULL, e);
	return rc < 0 ? rc : 0;
}

static int read_int(struct db_stmt *st, void *out)
{
	*(int64_t *)out = db_int(st, 0);
	return 0;
}

int db_query_int(struct db_conn *c, const char *sql, const struct db_arg *args, int n, int64_t *out,
                 struct xerr *e)
{
	return db_query_first(c, sql, args, n, read_int, out, e);
}

int db_begin(struct db_conn *c, enum db_tx mode, struct xerr *e)
{
	c->audit_known = false;
	int rc = c->m->begin(c, mode, e);
	c->writing = rc == 0 && mode == DB_WRITE;
	return rc;
}

int db_end(struct db_conn *c, bool ok, struct xerr *e)
{
	c->writing = false;
	c->audit_known = false;
	if (ok)
		return c->m->commit(c, e);
	c->m->rollback(c);
	return 0;
}

enum { MIGRATION_LISTS = 4, MIGRATIONS_MAX = 64 };

static struct {
	const char *dir;
	struct db_migration m[MIGRATIONS_MAX];
	size_t n;
} lists[MIGRATION_LISTS];
static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;

/* The embedded table is sorted by path, hence by version. */
const struct db_migration *db_migrations_of(const char *dir, size_t *n)
{
	pthread_mutex_lock(&lists_lock);
	int i = 0;
	while (i < MIGRATION_LISTS && lists[i].dir && strcmp(lists[i].dir, dir) != 0)
		i++;
	if (i == MIGRATION_LISTS) {
		pthread_mutex_unlock(&lists_lock);
		*n = 0;
		return NULL;
	}
	if (!lists[i].dir) {
		size_t dl = strlen(dir);
		for (const struct embedded_file *f = embedded_files(); f->path; f++)
			if (!strncmp(f->path, dir, dl) && lists[i].n < MIGRATIONS_MAX)
				lists[i].m[lists[i].n++] = (struct db_migration){
				    atoi(f->path + dl), f->path + dl, f->data};
		lists[i].dir = dir;
	}
	pthread_mutex_unlock(&lists_lock);
	*n = lists[i].n;
	return lists[i].m;
}
