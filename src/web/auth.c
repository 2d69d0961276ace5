/*
 * auth.c: the authorisation hook every route passes through. This first
 * version knows only public routes: anything else is refused (fail closed)
 * until accounts and sessions exist.
 */
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
