/*
 * secret.h: passwords, session and API tokens, and TOTP second factors.
 *
 * Passwords are hashed with Argon2id (libsodium) at the cost of
 * PASSWORD_HASH_OPS passes over PASSWORD_HASH_MEM bytes with one lane; the
 * hash string records its own cost ("$argon2id$v=19$m=19456,t=2,p=1$..."),
 * so hashes made at another cost (libsodium's interactive limits, 64 MiB,
 * before 2026) still verify, and password_needs_rehash() tells the
 * sign-in path to store a new hash at the current cost. Passwords
 * must be at least PASSWORD_MIN characters and not guessable: zxcvbn's
 * estimate, with its dictionaries of common passwords, English words and
 * names plus a Vietnamese list and the account's own login and name, must
 * reach PASSWORD_MIN_BITS. Tokens are 256 random bits, given out in
 * URL-safe base64 and stored only as their SHA-256. TOTP is RFC 6238
 * (30-second steps, 6 digits, SHA-1) through liboath.
 */
#ifndef XASO_CORE_SECRET_H
#define XASO_CORE_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum {
	PASSWORD_MIN = 10,
	PASSWORD_MAX = 128,
	PASSWORD_MIN_BITS = 36,
	PASSWORD_HASH_LEN = 128, /* crypto_pwhash_STRBYTES */
	TOKEN_LEN = 44,          /* 43 base64url characters and NUL */
	TOKEN_HASH_LEN = 65,     /* hex SHA-256 and NUL */
	TOTP_SECRET_LEN = 33,    /* 32 base32 characters (160 bits) and NUL */
	PUBLIC_ID_LEN = 17,      /* 16 base32 characters (80 bits) and NUL */
};

/* The cost of a new password hash. OWASP Password Storage Cheat Sheet
 * (cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html):
 * "Argon2id with a minimum configuration of 19 MiB of memory, an iteration
 * count of 2, and 1 degree of parallelism". Memory is what bounds the
 * server under many sign-ins at once: each hash being computed holds
 * PASSWORD_HASH_MEM bytes (libsodium's interactive limits held 64 MiB). */
enum {
	PASSWORD_HASH_OPS = 2,
	PASSWORD_HASH_MEM = 19 * 1024 * 1024,
};

/* Initialises libsodium and liboath once; call before anything else. */
int secret_init(struct xerr *e);

/* Checks the password policy; login and full_name (may be NULL) are
 * treated as guessable words. XERR_INVALID with a reason otherwise. */
int password_check(const char *password, const char *login, const char *full_name, struct xerr *e);

/* Argon2id hash string of password into out, at the current cost. */
int password_hash(const char *password, char out[PASSWORD_HASH_LEN], struct xerr *e);
/* True when password matches the stored hash, whatever its cost. */
bool password_verify(const char *password, const char *hash);
/* True when a stored hash was not made at the current cost (or is not an
 * Argon2id hash string at all): after a successful sign-in, hash the
 * password again and store the new hash. */
bool password_needs_rehash(const char *hash);
/* A hash of a random secret, for spending the same time when the login
 * does not exist (no user enumeration by timing). */
const char *password_dummy_hash(void);

/* A new random token, and the hex SHA-256 under which it is stored. */
void token_new(char out[TOKEN_LEN]);
void token_hash(const char *token, char out[TOKEN_HASH_LEN]);

/* A short random name for a public address printed as a QR code (the
 * verification page of a signed result, /verify/ID): 80 random bits in
 * lower-case Crockford base32 (no i, l, o, u), so the address cannot be
 * guessed from another one. public_id_valid() checks the shape. */
void public_id_new(char out[PUBLIC_ID_LEN]);
bool public_id_valid(const char *s);

/* A new random TOTP secret (base32). */
int totp_new_secret(char out[TOTP_SECRET_LEN], struct xerr *e);
/* The base32 form of a raw 20-byte secret (demo accounts derive theirs
 * from the demo seed, so their logins can be printed again). */
int totp_encode_secret(const unsigned char raw[20], char out[TOTP_SECRET_LEN], struct xerr *e);
/* The code for time `now` (tests, enrolment checks). */
int totp_code(const char *secret_b32, int64_t now, char out[7], struct xerr *e);
/* Checks code against the secret at `now`, one step either side; *step is
 * the matched time step. A step not greater than last_step is refused
 * (a code cannot be used twice). Returns 0 or XERR_AUTH. */
int totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                int64_t *step, struct xerr *e);

#endif
