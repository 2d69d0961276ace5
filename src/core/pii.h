/*
 * pii.h: personal identification numbers and phone numbers (Decree
 * 13/2023 personal data): validation, normalisation and masking.
 *
 * A personal ID number is PPP G YY RRRRRR (Decree 137/2015 art. 13,
 * Circular 07/2016/TT-BCA): PPP the province of birth registration (one of
 * the 63 codes in force before the 2025 mergers, which never change), G the
 * century and gender, YY the last two digits of the birth year, then six
 * digits with no check digit. Rules and sources: ../shared/RULES.md §6.
 */
#ifndef XASO_CORE_PII_H
#define XASO_CORE_PII_H

#include <stdbool.h>
#include <stddef.h>

#include "core/xerr.h"

/* Checks a 12-digit ID. With birth_date ("YYYY-MM-DD", may be NULL) and
 * gender ('M', 'F' or 0 for unknown), also checks that G and YY agree with
 * them. Returns 0 or XERR_INVALID with a message saying which part is wrong
 * (e->field is `field`). */
int pid_check(const char *pid, const char *birth_date, char gender, const char *field,
              struct xerr *e);

/* True when s looks like an ID (12 digits) rather than a phone number. */
bool pid_like(const char *s);

/* Normalises a Vietnamese phone number ("+84 912 345 678", "0912.345.678")
 * to its national form ("0912345678") in out[cap]: mobile numbers have 10
 * digits and start with 03, 05, 07, 08 or 09; fixed lines 11 digits
 * starting with 02. Returns 0 or XERR_INVALID. */
int phone_normalise(const char *in, char *out, size_t cap, const char *field, struct xerr *e);

/* Checks and normalises a login into out[64]. A citizen signs in with a
 * phone number (normalised) or a personal ID number; staff logins are 3 to
 * 32 characters of a-z, 0-9, '.', '_' and '-' starting with a letter, so
 * they can never be taken for a phone or ID number. */
int login_normalise(bool citizen, const char *login, char out[64], struct xerr *e);

/* Masked forms for people who need not see the number: "*********123"
 * and "091****678". out must hold 16 bytes; "" for an empty input. */
void pid_mask(const char *pid, char out[16]);
void phone_mask(const char *phone, char out[16]);

#endif
