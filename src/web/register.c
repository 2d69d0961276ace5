/* register.c: citizen registration checked against the population data,
 * and the release of a wrongly claimed number (see register.h). */
#include "web/register.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/people.h"
#include "core/pii.h"

/* Is the resident with a->pid the person registering? The read is in the
 * audit log ("person.check"), a refusal too. */
static int check_resident(struct req *r, const struct account *a, const char *birth_date,
                          struct xerr *e)
{
	int32_t day;
	if (!birth_date || !*birth_date)
		return xerr_set(e, XERR_INVALID, "birth_date",
		                "give your birth date (YYYY-MM-DD) with your ID number");
	if (cal_parse_date(birth_date, "birth_date", &day, e) != 0)
		return e->code;
	struct actor who;
	req_actor(r, &who);
	struct person *p = arena_alloc(&r->arena, sizeof *p);
	struct xerr pe = {0};
	int rc = store_person_check(r->store, &who, a->pid, p, &pe);
	if (rc && rc != XERR_NOTFOUND) {
		*e = pe;
		return rc;
	}
	if (rc == 0 && people_identity_matches(&p->r, a->full_name, birth_date))
		return 0;
	/* Unknown number or another person's: one answer, recorded. */
	struct xerr ae = {0};
	store_audit_record(r->store, &who, "account.register_refused", "",
	                   "ID number, name and birth date do not match the population data", &ae);
	return xerr_set(e, XERR_UNPROCESSABLE, "pid",
	                "the ID number, full name and birth date do not match the population "
	                "data: check them, or register at the commune's one-stop shop");
}

int register_citizen(struct req *r, struct account *a, const char *birth_date, struct xerr *e)
{
	a->role = ROLE_CITIZEN;
	a->unit[0] = '\0';
	if (a->pid[0] && check_resident(r, a, birth_date, e) != 0)
		return e->code;
	struct actor who;
	req_actor(r, &who);
	return store_account_add(r->store, &who, a, e);
}

int release_number(struct req *r, const char *number, const char *field, int *count, struct xerr *e)
{
	char phone[16];
	bool is_pid = pid_like(number);
	*count = 0;
	if (is_pid) {
		if (pid_check(number, NULL, 0, field, e) != 0)
			return e->code;
	} else if (phone_normalise(number, phone, sizeof phone, field, e) != 0) {
		return e->code;
	}
	struct actor who;
	req_actor(r, &who);
	return store_account_release(r->store, &who, is_pid ? number : phone, is_pid, count, e);
}
