/*
 * authz.c: the policy table (which roles may run which action), the role
 * table (what each role is), and the one decision made from both with a
 * record's unit chain and owner (authz_decide). A route needs both halves:
 * its action checked at entry, and the record's unit and owner checked
 * once the record is known.
 */
#include "core/authz.h"

#include <string.h>

#include "core/dossier.h"

#define R(x)      (1u << (x))
#define CH(c)     (1u << (c))
#define STAFF     (R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM) | R(ROLE_PROVINCE) | R(ROLE_ADMIN))
#define ANYONE    (R(ROLE_NONE) | R(ROLE_CITIZEN) | STAFF)
#define SIGNED_IN (R(ROLE_CITIZEN) | STAFF)

/* What each role is. Staff are bound to a unit and act within its subtree;
 * the one-stop-shop officers and the leaders are the commune's officials,
 * whose personal certificates the monitoring layer counts;
 * a citizen has no unit and is decided by ownership. Province and admin
 * accounts reach many communes' personal data: they sign in with a second
 * factor. A province department manages the staff accounts of its subtree
 * (not admins, not citizens); an admin manages any account. Citizens file
 * online from their account; the one-stop-shop officer files at the
 * counter and by post (the first listed channel is the usual one). */
static const struct role_row {
	const char *name;
	bool by_unit, everywhere, second_factor;
	unsigned manages;
	unsigned channels;
	bool official; /* a commune's official (cán bộ, công chức): holds a certificate */
} roles[] = {
    [ROLE_NONE] = {"", false, false, false, 0, 0, false},
    [ROLE_CITIZEN] = {"citizen", false, false, false, 0, CH(DC_ONLINE), false},
    [ROLE_OFFICER] = {"officer", true, false, false, 0, CH(DC_COUNTER) | CH(DC_POST), true},
    [ROLE_LEADER] = {"leader", true, false, false, 0, 0, true},
    [ROLE_TEAM] = {"team", true, false, false, 0, 0, false},
    [ROLE_PROVINCE] = {"province", true, false, true,
                       R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM) | R(ROLE_PROVINCE), 0,
                       false},
    [ROLE_ADMIN] = {"admin", true, true, true, SIGNED_IN, 0, false},
};
enum { NROLES = sizeof roles / sizeof roles[0] };

static const struct role_row *role_of(enum role r)
{
	return (unsigned)r < NROLES ? &roles[r] : &roles[ROLE_NONE];
}

const char *role_name(enum role r)
{
	return role_of(r)->name;
}

enum role role_parse(const char *name)
{
	for (unsigned i = 1; i < NROLES; i++)
		if (!strcmp(name, roles[i].name))
			return (enum role)i;
	return ROLE_NONE;
}

bool authz_role_valid(enum role r)
{
	return r != ROLE_NONE && (unsigned)r < NROLES;
}

bool authz_by_ownership(enum role r)
{
	return authz_role_valid(r) && !role_of(r)->by_unit;
}

bool authz_everywhere(enum role r)
{
	return role_of(r)->everywhere;
}

bool authz_needs_second_factor(enum role r)
{
	return role_of(r)->second_factor;
}

bool authz_manages(const struct principal *p, enum role target)
{
	return p && authz_role_valid(target) && (role_of(p->role)->manages & R(target));
}

bool authz_is_official(enum role r)
{
	return role_of(r)->official;
}

bool authz_files_through(enum role r, int channel)
{
	return channel > 0 && channel < 32 && (role_of(r)->channels & CH(channel));
}

int authz_usual_channel(enum role r)
{
	for (int c = 1; c < 32; c++)
		if (role_of(r)->channels & CH(c))
			return c;
	return 0;
}

bool authz_owns(const struct principal *p, int64_t owner)
{
	return p && authz_by_ownership(p->role) && owner && owner == p->account_id;
}

/* Issue 13: who works with the population and digital-transformation
 * records (docs/population.md, "Who sees what"). */
#define STAFF_READ (R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM) | R(ROLE_PROVINCE))
#define COMMUNE    (R(ROLE_OFFICER) | R(ROLE_LEADER))

/* Sorted by action (checked by the unit test). */
static const struct authz_rule rules[] = {
    {"account.manage", R(ROLE_PROVINCE) | R(ROLE_ADMIN),
     "create, list and disable staff accounts in one's subtree"},
    {"account.release", R(ROLE_OFFICER),
     "release an ID or phone number a citizen account claimed wrongly (at the counter, "
     "after seeing the person's papers)"},
    {"activity.create", R(ROLE_TEAM) | COMMUNE,
     "log help given by a community digital team (a member: their own team's)"},
    {"activity.read", STAFF_READ, "read the activity logs of the teams of one's subtree"},
    {"audit.read", R(ROLE_LEADER) | R(ROLE_PROVINCE) | R(ROLE_ADMIN),
     "read the audit log of one's subtree"},
    {"business.read", STAFF_READ, "read the businesses and household businesses of one's subtree"},
    {"business.write", COMMUNE | R(ROLE_PROVINCE),
     "record businesses and household businesses, their e-invoices and cashless payments"},
    {"calendar.write", R(ROLE_PROVINCE) | R(ROLE_ADMIN), "import working-day decisions"},
    {"campaign.read", STAFF_READ, "read campaigns, their targets and what is reached"},
    {"campaign.write", R(ROLE_LEADER) | R(ROLE_PROVINCE), "set up campaigns and their targets"},
    {"dossier.approve", R(ROLE_LEADER),
     "approve a result whose procedure issues a signed document, and sign it"},
    {"dossier.create", R(ROLE_CITIZEN) | R(ROLE_OFFICER), "file a dossier"},
    {"dossier.list", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "list dossiers (citizens: their own)"},
    {"dossier.process", R(ROLE_OFFICER) | R(ROLE_LEADER),
     "act on dossiers as the receiving unit: the office's actions, apologies, results"},
    {"dossier.rate", R(ROLE_CITIZEN), "rate the service for one's own dossier"},
    {"dossier.read", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "read a dossier with its applicant (citizens: their own)"},
    {"dossier.track", ANYONE, "track a dossier by its code, without personal data"},
    {"dossier.transition", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     "move a dossier through its statuses (citizens: withdraw, supplement)"},
    {"fee.collect", R(ROLE_OFFICER),
     "record fees paid: cash at the counter with its receipt, bank statements read, held "
     "credits paid to a dossier or dismissed"},
    {"fee.read", R(ROLE_OFFICER) | R(ROLE_LEADER),
     "read one's unit's bank statements, held credits and fee setup"},
    {"fee.set", R(ROLE_OFFICER) | R(ROLE_LEADER),
     "set a dossier's fee for the case, with a reason"},
    {"fee.setup", R(ROLE_LEADER),
     "set the commune's account for fees and how its receipts write amounts in words"},
    {"feedback.answer", R(ROLE_OFFICER) | R(ROLE_LEADER), "answer feedback and complaints"},
    {"feedback.create", ANYONE, "send feedback or a complaint"},
    {"feedback.rate", R(ROLE_CITIZEN), "like or dislike the answer to one's own feedback"},
    {"feedback.read", R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "read feedback of one's subtree"},
    {"file.read", R(ROLE_CITIZEN) | R(ROLE_OFFICER) | R(ROLE_LEADER),
     "download a dossier's attachment"},
    {"file.upload", R(ROLE_CITIZEN) | R(ROLE_OFFICER), "attach a document to a dossier"},
    {"index766.dossiers", R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "list the dossiers that cost a unit points of the 766 index (staff of its subtree)"},
    {"index766.read", ANYONE,
     "the 766 index's scores, breakdown and rankings: public aggregates without personal data"},
    {"indicator.read", ANYONE,
     "read monitoring indicators, their values, rankings and units' status (aggregates of "
     "public services and population figures, no personal data)"},
    {"indicator.write", R(ROLE_PROVINCE),
     "define indicators, targets, thresholds and criteria sets"},
    {"people.count", STAFF_READ,
     "read counts of residents, e-ID and e-health coverage (no personal data)"},
    {"person.export", COMMUNE, "export the residents of one's subtree (audited)"},
    {"person.import", R(ROLE_OFFICER) | R(ROLE_PROVINCE) | R(ROLE_ADMIN),
     "load extracts of the population database"},
    {"person.list", COMMUNE | R(ROLE_TEAM),
     "list the residents of a village of one's subtree (audited; ID numbers masked "
     "unless pii.full)"},
    {"person.read", R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_TEAM),
     "read a citizen's personal record"},
    {"pii.full", R(ROLE_OFFICER),
     "see personal ID and phone numbers in full, in one's subtree (others see them masked)"},
    {"procedure.write", R(ROLE_PROVINCE) | R(ROLE_ADMIN), "change the procedure catalogue"},
    {"product.read", ANYONE, "read the local products and where they are sold online"},
    {"product.write", COMMUNE | R(ROLE_TEAM) | R(ROLE_PROVINCE),
     "record local products and their listings online"},
    {"public", ANYONE, "anyone, signed in or not"},
    {"report.approve", R(ROLE_LEADER) | R(ROLE_PROVINCE),
     "approve or reject reported figures (a commune's leader; the province its own)"},
    {"report.read", COMMUNE | R(ROLE_PROVINCE), "read the figures units report"},
    {"report.write", COMMUNE | R(ROLE_PROVINCE), "report figures for approval"},
    {"session", SIGNED_IN, "any signed-in account (own profile, sign out)"},
    {"task.read", STAFF_READ, "read the plan tasks of one's subtree"},
    {"task.write", R(ROLE_PROVINCE), "assign plan tasks to units and record their progress"},
    {"team.read", STAFF_READ, "read community digital teams and their members"},
    {"team.write", R(ROLE_LEADER) | R(ROLE_PROVINCE), "set up teams and record their members"},
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
	if (!p || !role_of(p->role)->by_unit)
		return false;
	if (role_of(p->role)->everywhere)
		return true;
	if (!p->unit[0])
		return false;
	for (int i = 0; i < nchain; i++)
		if (chain[i] && !strcmp(chain[i], p->unit))
			return true;
	return false;
}

int authz_decide(const struct principal *p, const char *action, const char *const *chain,
                 int nchain, int64_t owner, struct xerr *e)
{
	if (!p)
		return xerr_set(e, XERR_AUTH, NULL, "sign in first");
	if (!authz_allows(p->role, action))
		return xerr_set(e, XERR_FORBIDDEN, NULL, "your role may not do this");
	if (authz_by_ownership(p->role))
		return authz_owns(p, owner)
		           ? 0
		           : xerr_set(e, XERR_FORBIDDEN, NULL, "this record is not yours");
	if (authz_unit_allows(p, chain, nchain))
		return 0;
	return xerr_set(e, XERR_FORBIDDEN, "unit", "this record belongs to another unit");
}
