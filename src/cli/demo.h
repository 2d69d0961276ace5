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

/* ---- files (demo_files.c) ---- */

enum { DEMO_FILE_DOCS = 3, DEMO_FILE_RESULTS = 2, DEMO_FILE_RECENT = 256 };

/* An applicant whose dossier got an electronic result, who may come back. */
struct demo_applicant {
	char name[DOSSIER_NAME_MAX], pid[13], phone[16];
	char result[65]; /* the result's SHA-256 */
	int64_t result_at;
};
struct demo_files {
	struct rng r; /* its own sequence: the rest of the demo draws as before */
	char document[DEMO_FILE_DOCS][65], result[DEMO_FILE_RESULTS][65];
	double p_document, p_result, p_reuse; /* the commune's shares */
	struct demo_applicant recent[DEMO_FILE_RECENT];
	size_t nrecent, next;
};
/* Stores the few shared PDFs (once each) and seeds the sequence. */
int demo_files_store(struct store *s, unsigned long seed, struct demo_files *f, struct xerr *e);
/* Draws a commune's shares and forgets the last commune's applicants. */
void demo_files_commune(struct demo_files *f);
/* Before a dossier's life: sometimes an earlier applicant with a result
 * comes back (d's applicant becomes theirs); their index, or -1. */
int demo_files_reuse(struct demo_files *f, struct dossier *d);
/* After it: the links of hh (documents, the reused result, a result). */
void demo_files_attach(struct demo_files *f, const struct procedure *p, int reused,
                       struct dossier_history *hh);

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
