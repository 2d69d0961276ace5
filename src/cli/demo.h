/* demo.h: parts of `xaso demo` kept in their own files. */
#ifndef XASO_CLI_DEMO_H
#define XASO_CLI_DEMO_H

#include <stdio.h>

#include "cli/cli.h"
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

#endif
