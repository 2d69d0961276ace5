/*
 * register.h: citizens' own accounts, for the API (POST /api/v1/register)
 * and the registration page (/register), and the counter's remedy when a
 * number was claimed wrongly (POST /api/v1/accounts/release, /office/
 * release).
 *
 * Anyone may register with a phone number: it cannot be checked here, and
 * a phone taken wrongly is released at the counter. A personal ID number is
 * checked against the population data (store_people.h): the resident with
 * that number must have the full name (compared folded) and the birth date
 * given, otherwise nothing is created and the attempt is in the audit log.
 * So a real resident's number cannot be taken first by someone who does not
 * know who that resident is.
 */
#ifndef XASO_WEB_REGISTER_H
#define XASO_WEB_REGISTER_H

#include "web/http.h"

/* Creates the citizen account a (login, full_name, pid, phone and
 * password_hash filled by the caller; role citizen). When a->pid is set,
 * birth_date (YYYY-MM-DD) must be given and match, with the name, the
 * population record. XERR_INVALID naming birth_date, XERR_UNPROCESSABLE
 * naming pid when the record does not match (or there is none: the same
 * answer), XERR_CONFLICT when the login or number is taken. */
int register_citizen(struct req *r, struct account *a, const char *birth_date, struct xerr *e);

/* Releases a number (12 digits: an ID number; otherwise a phone number,
 * normalised) claimed by citizen accounts (store_account_release); the
 * caller's action (account.release) is checked by the route. *count gets
 * how many accounts lost it. field names the input in errors. */
int release_number(struct req *r, const char *number, const char *field, int *count,
                   struct xerr *e);

#endif
