/*
 * store_audit.h: the tamper-evident audit log. Part of the store.h contract.
 *
 * Every change to stored data, and every read of a citizen's personal
 * record, appends one entry inside the same transaction as the change:
 * who (account, login, role, unit), from which address, the action, the
 * object and a short detail. Each entry carries the SHA-256 of the previous
 * entry's hash and its own fields, so editing or deleting a row breaks the
 * chain from that row on. The schema refuses UPDATE and DELETE on the table
 * (triggers); nothing in the program can change an entry once written.
 *
 * Entries never contain passwords, tokens, personal ID numbers or phone
 * numbers: objects are named by internal ids or dossier codes.
 */
#ifndef XASO_STORE_AUDIT_H
#define XASO_STORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/xerr.h"

struct store;

/* Who makes a change. account_id 0 with login "system" is the program
 * itself (xaso init, import, demo run by the operator). */
struct actor {
	int64_t account_id;
	char login[64];
	char role[16];
	char unit[16];
	char address[48];
};

/* The operator at the command line. */
void actor_system(struct actor *a, const char *what);

struct audit_entry {
	int64_t id;
	int64_t at; /* unix seconds */
	int64_t account_id;
	char login[64], role[16], unit[16], address[48];
	char action[48], object[64], detail[160];
	char prev[65], hash[65]; /* hex SHA-256 */
};

/* Appends one entry in its own transaction (for events that change
 * nothing else, such as reading a personal record or a failed login). */
int store_audit_record(struct store *s, const struct actor *who, const char *action,
                       const char *object, const char *detail, struct xerr *e);

/* Walks the chain from the first entry. Returns 0 when intact (*count
 * entries); XERR_CONFLICT when an entry's stored hash or link is wrong,
 * with *bad the id of the first broken entry and e saying what broke. */
int store_audit_verify(struct store *s, int64_t *count, int64_t *bad, struct xerr *e);

/* Newest first, at most limit entries with id < before (0: from the end),
 * only entries whose unit is within `unit`'s subtree (NULL: all). */
int store_audit_list(struct store *s, const char *unit, int64_t before, int limit,
                     int (*cb)(const struct audit_entry *, void *), void *ctx, struct xerr *e);

#endif
