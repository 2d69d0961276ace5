/*
 * auth.c: the authorisation hook every route passes through. This first
 * version knows only public routes: anything else is refused (fail closed)
 * until accounts and sessions exist.
 */
#include <stdio.h>
#include <string.h>

#include "web/server_int.h"

int auth_route(struct req *r, const struct route *rt, struct xerr *e)
{
	(void)r;
	if (rt->action && !strcmp(rt->action, "public"))
		return 0;
	return xerr_set(e, XERR_AUTH, NULL, "sign in first");
}

int auth_unit(struct req *r, const char *action, const char *unit, int64_t owner_account,
              struct xerr *e)
{
	(void)action;
	(void)unit;
	(void)owner_account;
	if (!r->who)
		return xerr_set(e, XERR_AUTH, NULL, "sign in first");
	return xerr_set(e, XERR_FORBIDDEN, NULL, "not allowed");
}

void req_actor(const struct req *r, struct actor *a)
{
	memset(a, 0, sizeof *a);
	if (r->who) {
		a->account_id = r->who->account_id;
		snprintf(a->login, sizeof a->login, "%s", r->who->login);
		snprintf(a->role, sizeof a->role, "%s", role_name(r->who->role));
		snprintf(a->unit, sizeof a->unit, "%s", r->who->unit);
	} else {
		snprintf(a->login, sizeof a->login, "anonymous");
		snprintf(a->role, sizeof a->role, "anonymous");
	}
	snprintf(a->address, sizeof a->address, "%s", r->client_ip ? r->client_ip : "");
}
