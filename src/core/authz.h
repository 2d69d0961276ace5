/*
 * authz.h: who may do what, and where (pure policy, no I/O).
 *
 * A principal is the signed-in account (or the account behind an API
 * token): a role and the administrative unit it is bound to. Staff may act
 * only within their unit's subtree; a citizen only on their own records.
 * The policy table in authz.c is the one place that decides, and the web
 * layer asks it on every route (fail closed: an unknown action is denied).
 */
#ifndef XASO_CORE_AUTHZ_H
#define XASO_CORE_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_NONE = 0,     /* anonymous */
	ROLE_CITIZEN,
	ROLE_OFFICER,      /* one-stop shop of a commune */
	ROLE_LEADER,       /* commune leader */
	ROLE_TEAM,         /* village community digital team member */
	ROLE_PROVINCE,     /* provincial department */
	ROLE_ADMIN,
};

struct principal {
	int64_t account_id;
	enum role role;
	char login[64];
	char unit[16];      /* the unit the account is bound to ("" for citizens) */
	bool via_token;     /* authenticated by an API token */
};

/* The role's name ("officer") and back; ROLE_NONE for an unknown name. */
const char *role_name(enum role r);
enum role role_parse(const char *name);

#endif
