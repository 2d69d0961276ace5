/*
 * memo.c: answers derived from one dossier, kept in memory until the
 * dossier changes (store_dossiers.h, store_memo_get).
 *
 * The table is direct-mapped: a dossier code hashes to one slot, which holds
 * that dossier's answers (one per variant, e.g. per language); a new code
 * simply takes the slot over. Memory is bounded by MEMO_SLOTS times the
 * largest answer kept (MEMO_ANSWER_MAX).
 *
 * Freshness:
 *  - a change made by this process (dossier_change.c) forgets the dossier
 *    right after its commit;
 *  - a change made by another process (another server, the CLI) is seen
 *    through the dossier_event table, which every change appends to: at
 *    most once a second, and only when the back end says something was
 *    committed since (store_methods.changed), the events added since the
 *    last look are read and their dossiers forgotten;
 *  - every answer also carries its own expiry, set by whoever built it.
 *
 * A reader that builds an answer from a snapshot taken before a change
 * must not store it after the change has been forgotten. Each stripe of
 * slots has a generation, bumped by every forget; store_memo_get hands the
 * generation to the reader as a ticket, and store_memo_put refuses an
 * answer whose ticket is older than its stripe.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/text.h"
#include "store/store_int.h"
#include "store/store_dossiers.h"

enum {
	MEMO_SLOTS = 8192,          /* power of two */
	MEMO_STRIPES = 64,          /* locks, each for MEMO_SLOTS / MEMO_STRIPES slots */
	MEMO_ANSWER_MAX = 8 * 1024, /* bytes; a longer answer (some 80 steps) is not kept */
	MEMO_POLL_BATCH = 1000,     /* more events than this since the last look: forget all */
};

struct memo_answer {
	char *data; /* malloc'd; NULL: none */
	size_t len;
	int64_t expires; /* unix seconds */
};

struct memo_slot {
	char code[DOSSIER_CODE_MAX];
	struct memo_answer a[MEMO_VARIANTS];
};

struct memo_stripe {
	pthread_mutex_t lock;
	uint64_t gen;
} __attribute__((aligned(64)));

struct memo {
	struct memo_slot slot[MEMO_SLOTS];
	struct memo_stripe stripe[MEMO_STRIPES];
	/* The look at other processes' changes. */
	pthread_mutex_t poll_lock;
	int64_t last_event; /* dossier_event.id seen; -1 before the first look */
	int64_t polled_at;  /* monotonic seconds */
	uint64_t stamp;     /* the back end's change stamp at the last look */
};

static size_t memo_hash(const char *code)
{
	uint64_t h = text_hash(code);
	return (size_t)(h ^ (h >> 29)) & (MEMO_SLOTS - 1);
}

static struct memo_stripe *stripe_of(struct memo *m, size_t slot)
{
	return &m->stripe[slot % MEMO_STRIPES];
}

static int64_t mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

int st_memo_init(struct store *s)
{
	struct memo *m = calloc(1, sizeof *m);
	if (!m)
		return -1;
	for (int i = 0; i < MEMO_STRIPES; i++)
		pthread_mutex_init(&m->stripe[i].lock, NULL);
	pthread_mutex_init(&m->poll_lock, NULL);
	m->last_event = -1;
	s->memo = m;
	return 0;
}

static void slot_clear(struct memo_slot *sl)
{
	for (int v = 0; v < MEMO_VARIANTS; v++) {
		free(sl->a[v].data);
		sl->a[v].data = NULL;
	}
	sl->code[0] = '\0';
}

void st_memo_free(struct store *s)
{
	struct memo *m = s->memo;
	if (!m)
		return;
	for (size_t i = 0; i < MEMO_SLOTS; i++)
		slot_clear(&m->slot[i]);
	for (int i = 0; i < MEMO_STRIPES; i++)
		pthread_mutex_destroy(&m->stripe[i].lock);
	pthread_mutex_destroy(&m->poll_lock);
	free(m);
	s->memo = NULL;
}

void st_memo_forget(struct store *s, const char *code)
{
	struct memo *m = s->memo;
	size_t i = memo_hash(code);
	struct memo_stripe *st = stripe_of(m, i);
	pthread_mutex_lock(&st->lock);
	st->gen++;
	if (!strcmp(m->slot[i].code, code))
		slot_clear(&m->slot[i]);
	pthread_mutex_unlock(&st->lock);
}

static void forget_all(struct memo *m)
{
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		struct memo_stripe *st = stripe_of(m, i);
		pthread_mutex_lock(&st->lock);
		st->gen++;
		slot_clear(&m->slot[i]);
		pthread_mutex_unlock(&st->lock);
	}
}

struct changed_ctx {
	struct store *s;
	int n;
};

static int changed_row(struct db_stmt *st, void *ctx)
{
	struct changed_ctx *x = ctx;
	__atomic_store_n(&x->s->memo->last_event, db_int(st, 0), __ATOMIC_RELEASE);
	st_memo_forget(x->s, db_text(st, 1));
	x->n++;
	return 0;
}

/* Forgets the dossiers that gained events since the last look; returns
 * the number of events read, or -1 on a database error. */
static int forget_changed(struct store *s, struct db_conn *c)
{
	static const char sql_max[] = "SELECT coalesce(max(id), 0) FROM dossier_event";
	static const char sql[] = "SELECT e.id, d.code FROM dossier_event e "
	                          "JOIN dossier d ON d.id = e.dossier "
	                          "WHERE e.id > ?1 ORDER BY e.id LIMIT ?2";
	struct memo *m = s->memo;
	struct xerr ignored = {0};
	if (m->last_event < 0) {
		int64_t last = 0;
		if (db_query_int(c, sql_max, DB_NOARGS, &last, &ignored) != 1)
			return -1;
		__atomic_store_n(&m->last_event, last, __ATOMIC_RELEASE);
		return 0;
	}
	struct changed_ctx x = {s, 0};
	if (db_query_each(c, sql, DB_ARGS(DB_INT(m->last_event), DB_INT(MEMO_POLL_BATCH)),
	                  changed_row, &x, &ignored) != 0)
		return -1;
	if (x.n == MEMO_POLL_BATCH) {
		/* A bulk change: forget everything and start from the newest event. */
		forget_all(m);
		__atomic_store_n(&m->last_event, -1, __ATOMIC_RELEASE);
		return forget_changed(s, c);
	}
	return x.n;
}

/* At most once a second, one thread looks at other processes' changes;
 * the others go on without waiting for it. */
static void memo_poll(struct store *s)
{
	struct memo *m = s->memo;
	int64_t now = mono_seconds();
	if (__atomic_load_n(&m->polled_at, __ATOMIC_RELAXED) == now &&
	    __atomic_load_n(&m->last_event, __ATOMIC_ACQUIRE) >= 0)
		return;
	if (pthread_mutex_trylock(&m->poll_lock) != 0)
		return;
	if (m->polled_at != now || m->last_event < 0) {
		/* Nothing committed anywhere since the last look: nothing to read. */
		if (s->m->changed(s->db, &m->stamp) || m->last_event < 0) {
			struct db_conn *c = st_get(s);
			if (forget_changed(s, c) < 0)
				forget_all(m); /* cannot tell what changed: keep nothing */
			st_put(s, c);
		}
		__atomic_store_n(&m->polled_at, now, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&m->poll_lock);
}

bool store_memo_get(struct store *s, const char *code, int variant, int64_t now, struct buf *out,
                    uint64_t *ticket)
{
	struct memo *m = s->memo;
	*ticket = UINT64_MAX;
	if (variant < 0 || variant >= MEMO_VARIANTS)
		return false;
	memo_poll(s);
	size_t i = memo_hash(code);
	struct memo_stripe *st = stripe_of(m, i);
	bool hit = false;
	pthread_mutex_lock(&st->lock);
	const struct memo_answer *a = &m->slot[i].a[variant];
	if (a->data && now < a->expires && !strcmp(m->slot[i].code, code)) {
		buf_add(out, a->data, a->len);
		hit = true;
	}
	*ticket = st->gen;
	pthread_mutex_unlock(&st->lock);
	/* Before the first look at the event table the memo cannot tell other
	 * processes' changes: nothing is kept until then. */
	if (__atomic_load_n(&m->last_event, __ATOMIC_ACQUIRE) < 0)
		*ticket = UINT64_MAX;
	return hit;
}

void store_memo_put(struct store *s, const char *code, int variant, const char *data, size_t len,
                    int64_t expires, uint64_t ticket)
{
	struct memo *m = s->memo;
	if (variant < 0 || variant >= MEMO_VARIANTS || len > MEMO_ANSWER_MAX ||
	    ticket == UINT64_MAX || strlen(code) >= DOSSIER_CODE_MAX)
		return;
	char *copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, data, len);
	size_t i = memo_hash(code);
	struct memo_stripe *st = stripe_of(m, i);
	pthread_mutex_lock(&st->lock);
	if (st->gen != ticket) {
		/* The dossier (or one sharing its stripe) changed meanwhile. */
		pthread_mutex_unlock(&st->lock);
		free(copy);
		return;
	}
	struct memo_slot *sl = &m->slot[i];
	if (strcmp(sl->code, code) != 0) {
		slot_clear(sl);
		memcpy(sl->code, code, strlen(code) + 1);
	}
	struct memo_answer *a = &sl->a[variant];
	free(a->data);
	a->data = copy;
	a->len = len;
	a->expires = expires;
	pthread_mutex_unlock(&st->lock);
}
