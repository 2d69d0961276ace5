/*
 * authz.h: who may do what, and where (pure policy, no I/O).
 *
 * A principal is the signed-in account (or the account behind an API
 * token): a role and the administrative unit it is bound to. Staff may act
 * only within their unit's subtree; a citizen only on their own records.
 * Two tables in authz.c are the one place that decides:
 *
 *   - the policy table: each action and the roles that may run it (fail
 *     closed: an unknown action is denied);
 *   - the role table: what each role is (bound to a unit or deciding by
 *     ownership, acting everywhere, needing a second factor, the roles
 *     whose accounts it manages, the channels it files dossiers through).
 *
 * authz_decide() is the one decision for a record: the caller, the action,
 * the record's chain of units (the record's unit, its parent, ...) and its
 * owner. The web layer only fetches the chain; nothing outside this module
 * compares roles.
 */
#ifndef XASO_CORE_AUTHZ_H
#define XASO_CORE_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

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
 * principal's own unit is on the chain (its subtree) or the principal acts
 * everywhere (an admin). Citizens are decided by ownership, not by unit:
 * false. */
bool authz_unit_allows(const struct principal *p, const char *const *chain, int nchain);

/* The one decision: may p run action on a record whose unit chain is
 * chain[0..nchain) and whose owner is the account `owner` (0: none)? 0, or
 * XERR_AUTH (not signed in) or XERR_FORBIDDEN (the role may not, the
 * record is not the citizen's, or it belongs to a unit outside the staff
 * member's subtree), with e saying which. */
int authz_decide(const struct principal *p, const char *action, const char *const *chain,
                 int nchain, int64_t owner, struct xerr *e);

/* What a role is (the role table). */
bool authz_role_valid(enum role r);          /* a role an account can have */
bool authz_by_ownership(enum role r);        /* decided by ownership: no unit */
bool authz_everywhere(enum role r);          /* acts on every unit */
bool authz_needs_second_factor(enum role r); /* signs in with a TOTP code too */
/* May p create and disable the accounts of role target? (Their unit is
 * then decided with action "account.manage".) */
bool authz_manages(const struct principal *p, enum role target);
/* Is r a commune's official (officer, leader): the accounts that may hold
 * a personal certificate, counted by the monitoring figure of officials
 * with a valid certificate? */
bool authz_is_official(enum role r);
/* Does role r file dossiers through channel c (enum dossier_channel),
 * and the one it files through when it names none (0 if it files none). */
bool authz_files_through(enum role r, int channel);
int authz_usual_channel(enum role r);
/* Does p own the record of account owner (a citizen's own dossier)? */
bool authz_owns(const struct principal *p, int64_t owner);

/* The role's name ("officer") and back; ROLE_NONE for an unknown name. */
const char *role_name(enum role r);
enum role role_parse(const char *name);

#endif
