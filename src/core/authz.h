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
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_NONE = 0, /* anonymous */
	ROLE_CITIZEN,
	ROLE_OFFICER,  /* one-stop shop of a commune */
	ROLE_LEADER,   /* commune leader */
	ROLE_TEAM,     /* village community digital team member */
	ROLE_PROVINCE, /* provincial department */
	ROLE_ADMIN,
};

struct principal {
	int64_t account_id;
	enum role role;
	char login[64];
	char unit[16];  /* the unit the account is bound to ("" for citizens) */
	bool via_token; /* authenticated by an API token */
};

/* One line of the policy table: an action and the roles that may run it
 * (bit 1 << role; bit 0 is the anonymous caller). */
struct authz_rule {
	const char *action;
	unsigned roles;
	const char *what;
};

/* The rule for an action, or NULL (an unknown action: deny). */
const struct authz_rule *authz_rule(const char *action);
/* Every rule, sorted by action. */
const struct authz_rule *authz_rules(size_t *n);
/* May the role run the action at all? */
bool authz_allows(enum role role, const char *action);
/* May the staff principal act on a record whose unit chain (the record's
 * unit, its parent, its grandparent...) is chain[0..nchain)? True when the
 * principal's own unit is on the chain (its subtree) or the principal is
 * an admin. Citizens are decided by ownership, not by unit: false. */
bool authz_unit_allows(const struct principal *p, const char *const *chain, int nchain);

/* The role's name ("officer") and back; ROLE_NONE for an unknown name. */
const char *role_name(enum role r);
enum role role_parse(const char *name);

#endif
