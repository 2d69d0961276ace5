/*
 * demo_fees.c: the fees of `xaso demo`. Each commune gets a receiving
 * account at one of the large banks; the payments its dossiers' lives make
 * (demo_dossiers.c decides them through core/fee.h) are collected here and
 * loaded after the commune's dossiers, in time order so that the receipts
 * of each year are numbered as a counter would have numbered them; a few
 * credits of the commune's account wait for an officer: a transfer without
 * a dossier code, one with a mistyped code, and, when a dossier still waits
 * for its fee, part of that fee.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"
#include "core/payref.h"
#include "core/text.h"

/* BINs of banks communes keep accounts with (NAPAS member list). */
static const char *const bins[] = {"970405", "970436", "970415", "970418"};

int demo_fee_setups(struct store *s, const struct unit *communes, size_t n, struct xerr *e)
{
	struct actor sys;
	actor_system(&sys, "demo");
	for (size_t i = 0; i < n; i++) {
		struct fee_setup f;
		memset(&f, 0, sizeof f);
		snprintf(f.bin, sizeof f.bin, "%s", bins[i % (sizeof bins / sizeof bins[0])]);
		snprintf(f.account, sizeof f.account, "52%.5s0%05u", communes[i].code,
		         (unsigned)(i + 1) % 100000u);
		struct buf name;
		buf_init(&name);
		buf_puts(&name, "UBND ");
		text_unaccent(communes[i].name, &name);
		for (size_t k = 0; k < name.len; k++)
			if (name.data[k] >= 'a' && name.data[k] <= 'z')
				name.data[k] = (char)(name.data[k] - 'a' + 'A');
		snprintf(f.holder, sizeof f.holder, "%s", name.data);
		buf_free(&name);
		struct xerr why;
		if (fee_setup_check(&f, &why) != 0) /* a long name: the code instead */
			snprintf(f.holder, sizeof f.holder, "UBND %s", communes[i].code);
		int rc = store_fee_setup_put(s, &sys, communes[i].code, &f, e);
		if (rc)
			return rc;
	}
	return 0;
}

void demo_fees_reset(struct demo_fees *f)
{
	f->n = 0;
	f->nwaiting = 0;
}

void demo_fees_free(struct demo_fees *f)
{
	free(f->p);
	f->p = NULL;
	f->n = f->cap = 0;
}

void demo_fee_paid(struct demo_fees *f, const struct dossier *d, int method, int64_t amount,
                   int64_t at)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct payment_load *p = realloc(f->p, cap * sizeof *p);
		if (!p)
			return; /* the demo goes on without this receipt */
		f->p = p;
		f->cap = cap;
	}
	struct payment_load *p = &f->p[f->n++];
	memset(p, 0, sizeof *p);
	snprintf(p->code, sizeof p->code, "%s", d->code);
	p->method = method;
	p->amount = amount;
	p->at = at;
	char purpose[DOSSIER_CODE_MAX];
	struct xerr e;
	if (payref_purpose(d->code, purpose, sizeof purpose, &e) == 0)
		snprintf(p->description, sizeof p->description, "%s", purpose);
}

void demo_fee_waiting(struct demo_fees *f, const struct dossier *d)
{
	if (f->nwaiting < (int)(sizeof f->waiting / sizeof f->waiting[0])) {
		snprintf(f->waiting[f->nwaiting].code, DOSSIER_CODE_MAX, "%s", d->code);
		f->waiting[f->nwaiting++].fee = d->fee_vnd;
	}
}

static int by_time(const void *a, const void *b)
{
	const struct payment_load *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

/* The credits that wait for an officer, as fee_credit_judge() judges them. */
static size_t held_credits(const struct unit *u, struct demo_fees *f, struct rng *r, int64_t now,
                           struct credit_load k[3])
{
	int32_t day = cal_time_day(now) - 1 - (int32_t)rng_below(r, 5);
	size_t n = 0;
	k[n] = (struct credit_load){day,          20000 + 10000 * (int64_t)rng_below(r, 3), "", "",
	                            STMT_NO_CODE, "the description names no dossier"};
	snprintf(k[n++].description, sizeof k[0].description, "NGUYEN VAN A CHUYEN TIEN");
	k[n] = (struct credit_load){
	    day, 10000, "", "", STMT_UNKNOWN_CODE, "no dossier of this unit has the code"};
	snprintf(k[n++].description, sizeof k[0].description, "%.5s 991231 0001 NOP PHI", u->code);
	if (f->nwaiting) {
		const struct demo_waiting *w = &f->waiting[rng_below(r, (unsigned)f->nwaiting)];
		char purpose[DOSSIER_CODE_MAX];
		struct xerr e;
		if (w->fee >= 2 && payref_purpose(w->code, purpose, sizeof purpose, &e) == 0) {
			k[n] = (struct credit_load){day, w->fee / 2,   "",
			                            "",  STMT_PARTIAL, "less than the fee due"};
			snprintf(k[n].description, sizeof k[0].description, "%s", purpose);
			snprintf(k[n++].code, DOSSIER_CODE_MAX, "%s", w->code);
		}
	}
	return n;
}

int demo_fees_load(struct store *s, const struct unit *u, struct demo_fees *f, struct rng *r,
                   int64_t now, struct xerr *e)
{
	struct actor sys;
	actor_system(&sys, "demo");
	qsort(f->p, f->n, sizeof *f->p, by_time);
	struct credit_load k[3];
	size_t nk = held_credits(u, f, r, now, k);
	return store_payments_load(s, &sys, u->code, "sao-ke-demo.csv", f->p, f->n, k, nk, e);
}
