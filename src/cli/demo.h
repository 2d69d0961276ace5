/* demo.h: parts of `xaso demo` kept in their own files. */
#ifndef XASO_CLI_DEMO_H
#define XASO_CLI_DEMO_H

#include <stdio.h>

#include "cli/cli.h"
#include "core/rng.h"
#include "core/secret.h"

/* The one password of every demo account. */
extern const char demo_password[];

/* Store-iteration callback keeping the first two units (or the first
 * village) in a {struct unit *u; int n;} context. */
int demo_pick2(const struct unit *u, void *ctx);

/* Creates one account per role (and a second officer, of another commune)
 * for the demo province and prints the logins to f. */
int demo_accounts(struct store *s, const char *province, unsigned long seed, FILE *f,
                  struct xerr *e);
/* Prints the same logins again, with current second-factor codes. */
int demo_print_logins(struct store *s, const char *province, unsigned long seed, FILE *f,
                      struct xerr *e);

/* Residents of the communes with nine months of history (four extracts,
 * the last a week before `today`, a Julian day); *residents and
 * *households get how many were made. */
int demo_people(struct store *s, const struct unit *communes, size_t ncommunes,
                const char *province, unsigned long seed, double scale, int32_t today,
                long *residents, long *households, struct xerr *e);

/* The teams of every village and commune with their members and a year
 * of activities, a campaign, businesses, products and a year of reported
 * figures (some awaiting approval); the demo team account (made before)
 * is a member of its village's team. summary says how many. */
int demo_digital(struct store *s, const struct unit *communes, size_t ncommunes,
                 const char *province, unsigned long seed, double scale, int32_t today,
                 char *summary, size_t cap, struct xerr *e);

/* About a year of dossiers (to `now`, local minutes) for each of the
 * communes, 3,000 a commune at scale 1; *count gets how many. */
int demo_dossiers(struct store *s, const struct unit *communes, size_t ncommunes,
                  unsigned long seed, double scale, int64_t now, long *count, struct xerr *e);

/* The catalogue's publication history (demo_catalogue.c): decisions,
 * legal bases and publication days before and during the year before
 * `today` (a Julian day), a few late. */
int demo_catalogue(struct store *s, unsigned long seed, int32_t today, struct xerr *e);

/* ---- fees (demo_fees.c) ---- */

/* A receiving account for each commune, at one of the large banks. */
int demo_fee_setups(struct store *s, const struct unit *communes, size_t n, struct xerr *e);

/* The payments of one commune's dossiers, collected as their lives make
 * them, and the dossiers still waiting for their fee. */
struct demo_waiting {
	char code[DOSSIER_CODE_MAX];
	int64_t fee;
};
struct demo_fees {
	struct payment_load *p;
	size_t n, cap;
	struct demo_waiting waiting[8];
	int nwaiting;
};
void demo_fees_reset(struct demo_fees *f);
void demo_fees_free(struct demo_fees *f);
void demo_fee_paid(struct demo_fees *f, const struct dossier *d, int method, int64_t amount,
                   int64_t at);
void demo_fee_waiting(struct demo_fees *f, const struct dossier *d);
/* Loads commune u's payments in time order and a few credits waiting for
 * an officer (store_payments_load). */
struct rng;
int demo_fees_load(struct store *s, const struct unit *u, struct demo_fees *f, struct rng *r,
                   int64_t now, struct xerr *e);

#endif
