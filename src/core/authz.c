/*
 * authz.c: the policy table, the one place that says which roles may run
 * which action. The unit (and ownership) half of the decision is made by
 * authz_unit_allows() from the record's unit chain, so a route needs both:
 * its action checked at entry, and the record's unit checked once known.
 */
#include "core/authz.h"

#include <string.h>

static const char *const names[] = {"",     "citizen",  "officer", "leader",
                                    "team", "province", "admin"};

const char *role_name(enum role r)
{
	return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "";
}

enum role role_parse(const char *name)
{
	for (unsigned i = 1; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return (enum role)i;
	return ROLE_NONE;
}

#define R(x)      (1u << (x))
#define STAFF     (R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM) | R(ROLE_PROVINCE) | R(ROLE_ADMIN))
#define ANYONE    (R(ROLE_NONE) | R(ROLE_CITIZEN) | STAFF)
#define SIGNED_IN (R(ROLE_CITIZEN) | STAFF)

/* Sorted by action (checked by the unit test). */
static const struct authz_rule rules[] = {
    {"account.manage", R(ROLE_PROVINCE) | R(ROLE_ADMIN),
     "create, list and disable staff accounts in one's subtree"},
    {"account.release", R(ROLE_OFFICER),
     "release an ID or phone number a citizen account claimed wrongly (at the counter, "
     "after seeing the person's papers)"},
    {"audit.read", R(ROLE_LEADER) | R(ROLE_PROVINCE) | R(ROLE_ADMIN),
     "read the audit log of one's subtree"},
    {"calendar.write", R(ROLE_PROVINCE) | R(ROLE_ADMIN), "import working-day decisions"},
    {"dossier.create", R(ROLE_CITIZEN) | R(ROLE_OFFICER), "file a dossier"},
    {"dossier.list", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "list dossiers (citizens: their own)"},
    {"dossier.rate", R(ROLE_CITIZEN), "rate the service for one's own dossier"},
    {"dossier.read", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "read a dossier with its applicant (citizens: their own)"},
    {"dossier.track", ANYONE, "track a dossier by its code, without personal data"},
    {"dossier.transition", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     "move a dossier through its statuses (citizens: withdraw, supplement)"},
    {"feedback.answer", R(ROLE_OFFICER) | R(ROLE_LEADER), "answer feedback and complaints"},
    {"feedback.create", ANYONE, "send feedback or a complaint"},
    {"feedback.read", R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "read feedback of one's subtree"},
    {"file.read", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     "download a dossier's attachment"},
    {"file.upload", R(ROLE_CITIZEN) | R(ROLE_OFFICER), "attach a document to a dossier"},
    {"person.read", R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM),
     "read a citizen's personal record"},
    {"procedure.write", R(ROLE_PROVINCE) | R(ROLE_ADMIN), "change the procedure catalogue"},
    {"public", ANYONE, "anyone, signed in or not"},
    {"session", SIGNED_IN, "any signed-in account (own profile, sign out)"},
    {"token.manage", R(ROLE_ADMIN), "create and revoke API tokens"},
    {"unit.write", R(ROLE_PROVINCE) | R(ROLE_ADMIN), "add villages and residential groups"},
};

const struct authz_rule *authz_rule(const char *action)
{
	if (!action)
		return NULL;
	size_t lo = 0, hi = sizeof rules / sizeof rules[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(action, rules[mid].action);
		if (c == 0)
			return &rules[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct authz_rule *authz_rules(size_t *n)
{
	*n = sizeof rules / sizeof rules[0];
	return rules;
}

bool authz_allows(enum role role, const char *action)
{
	const struct authz_rule *r = authz_rule(action);
	return r && (unsigned)role < 32 && (r->roles & R(role));
}

bool authz_unit_allows(const struct principal *p, const char *const *chain, int nchain)
{
	if (!p)
		return false;
	if (p->role == ROLE_ADMIN)
		return true;
	if (!p->unit[0])
		return false;
	for (int i = 0; i < nchain; i++)
		if (chain[i] && !strcmp(chain[i], p->unit))
			return true;
	return false;
}
