/* authz.c: role names. The policy table comes with accounts. */
#include "core/authz.h"

#include <string.h>

static const char *const names[] = {"", "citizen", "officer", "leader", "team", "province", "admin"};

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
