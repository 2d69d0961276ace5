/* secret.c: passwords (libsodium Argon2id, zxcvbn), tokens, TOTP (liboath). */
#include "core/secret.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zxcvbn.h>

#include "core/text.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc;
static char dummy_hash[PASSWORD_HASH_LEN];

static void init_all(void)
{
	if (sodium_init() < 0 || oath_init() != OATH_OK) {
		init_rc = -1;
		return;
	}
	unsigned char r[32];
	char pw[65];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(pw, sizeof pw, r, sizeof r);
	/* At the current cost, so that a login that does not exist costs what
	 * a real one costs. */
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), PASSWORD_HASH_OPS, PASSWORD_HASH_MEM) !=
	    0)
		init_rc = -1;
}

int secret_init(struct xerr *e)
{
	pthread_once(&init_once, init_all);
	if (init_rc != 0)
		return xerr_set(e, XERR_IO, NULL, "cannot initialise the cryptographic libraries");
	return 0;
}

/* Words Vietnamese users pick that zxcvbn's English lists do not know. */
static const char *const vn_words[] = {
    "matkhau", "anhyeuem", "emyeuanh", "yeuem",     "yeuanh", "iloveyou",  "xinchao",
    "vietnam", "hanoi",    "saigon",   "hochiminh", "daklak", "daklak",    "buonmathuot",
    "xaso",    "xaphuong", "congan",   "ubnd",      "motcua", "hanhchinh", "dichvucong",
    "quantri", "admin",    "nguyen",   "tran",      "pham",   "hoang",     "huynh",
    "phan",    "vu",       "vo",       "dang",      "bui",    "do",        "ho",
    "ngo",     "duong",    "ly",       "minh",      "anh",    "linh",      "huong",
    "thanh",   "tuan",     "hung",     "dung",      "hoa",    "mai",       "lan",
    "nam",     "long",     "phuong",   "trang",     "thao",   "ngoc",      "quang",
    "cuong",
};

int password_check(const char *password, const char *login, const char *full_name, struct xerr *e)
{
	size_t bad;
	if (!password || !text_valid_utf8(password, strlen(password), &bad))
		return xerr_set(e, XERR_INVALID, "password", "the password must be UTF-8 text");
	size_t n = text_length(password);
	if (n < PASSWORD_MIN)
		return xerr_set(e, XERR_INVALID, "password",
		                "the password must have at least %d characters", PASSWORD_MIN);
	if (strlen(password) > PASSWORD_MAX)
		return xerr_set(e, XERR_INVALID, "password",
		                "the password must have at most %d bytes", PASSWORD_MAX);
	/* zxcvbn works on ASCII: compare the folded form (no diacritics). */
	char *folded = text_fold_dup(password);
	char *lfp = login ? text_fold_dup(login) : NULL;
	char *nfp = full_name ? text_fold_dup(full_name) : NULL;
	char lf[128], nf[128];
	snprintf(lf, sizeof lf, "%s", lfp ? lfp : "");
	snprintf(nf, sizeof nf, "%s", nfp ? nfp : "");
	free(lfp);
	free(nfp);
	if (!folded)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	const char *dict[sizeof vn_words / sizeof vn_words[0] + 8];
	size_t k = 0;
	for (size_t i = 0; i < sizeof vn_words / sizeof vn_words[0]; i++)
		dict[k++] = vn_words[i];
	if (lf[0])
		dict[k++] = lf;
	/* Each part of the name, and the name without spaces. */
	char parts[128];
	snprintf(parts, sizeof parts, "%s", nf);
	char joined[128];
	size_t j = 0;
	for (const char *p = nf; *p && j + 1 < sizeof joined; p++)
		if (*p != ' ')
			joined[j++] = *p;
	joined[j] = 0;
	if (joined[0])
		dict[k++] = joined;
	char *save = NULL;
	for (char *w = strtok_r(parts, " ", &save); w && k + 1 < sizeof dict / sizeof dict[0];
	     w = strtok_r(NULL, " ", &save))
		dict[k++] = w;
	dict[k] = NULL;
	double bits = ZxcvbnMatch(folded, dict, NULL);
	sodium_memzero(folded, strlen(folded));
	free(folded);
	if (bits < PASSWORD_MIN_BITS)
		return xerr_set(e, XERR_INVALID, "password",
		                "the password is too easy to guess (a common password, a name or "
		                "a simple pattern): use a longer phrase of unrelated words");
	return 0;
}

int password_hash(const char *password, char out[PASSWORD_HASH_LEN], struct xerr *e)
{
	if (secret_init(e) != 0)
		return e->code;
	if (crypto_pwhash_str(out, password, strlen(password), PASSWORD_HASH_OPS,
	                      PASSWORD_HASH_MEM) != 0)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory hashing the password");
	return 0;
}

bool password_verify(const char *password, const char *hash)
{
	if (!password || !hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool password_needs_rehash(const char *hash)
{
	if (!hash)
		return true;
	/* 0: the current cost; 1: another cost; -1: not an Argon2id string. */
	return crypto_pwhash_str_needs_rehash(hash, PASSWORD_HASH_OPS, PASSWORD_HASH_MEM) != 0;
}

const char *password_dummy_hash(void)
{
	pthread_once(&init_once, init_all);
	return dummy_hash;
}

void token_new(char out[TOKEN_LEN])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2base64(out, TOKEN_LEN, r, sizeof r, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(r, sizeof r);
}

void token_hash(const char *token, char out[TOKEN_HASH_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, TOKEN_HASH_LEN, h, sizeof h);
}

static const char crockford[] = "0123456789abcdefghjkmnpqrstvwxyz";

void public_id_new(char out[PUBLIC_ID_LEN])
{
	unsigned char r[10];
	pthread_once(&init_once, init_all);
	randombytes_buf(r, sizeof r);
	/* 80 bits, five at a time, most significant first. */
	for (int i = 0; i < PUBLIC_ID_LEN - 1; i++) {
		int bit = 5 * i, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)r[byte] << 8 | (byte + 1 < 10 ? r[byte + 1] : 0);
		out[i] = crockford[(v >> (11 - shift)) & 31];
	}
	out[PUBLIC_ID_LEN - 1] = '\0';
	sodium_memzero(r, sizeof r);
}

bool public_id_valid(const char *s)
{
	return s && strlen(s) == PUBLIC_ID_LEN - 1 && strspn(s, crockford) == PUBLIC_ID_LEN - 1;
}

int totp_new_secret(char out[TOTP_SECRET_LEN], struct xerr *e)
{
	if (secret_init(e) != 0)
		return e->code;
	unsigned char raw[20];
	randombytes_buf(raw, sizeof raw);
	int rc = totp_encode_secret(raw, out, e);
	sodium_memzero(raw, sizeof raw);
	return rc;
}

int totp_encode_secret(const unsigned char raw[20], char out[TOTP_SECRET_LEN], struct xerr *e)
{
	if (secret_init(e) != 0)
		return e->code;
	char *b32 = NULL;
	size_t len = 0;
	if (oath_base32_encode((const char *)raw, 20, &b32, &len) != OATH_OK ||
	    len >= TOTP_SECRET_LEN) {
		free(b32);
		return xerr_set(e, XERR_NOMEM, NULL, "cannot encode the TOTP secret");
	}
	memcpy(out, b32, len);
	out[len] = 0;
	free(b32);
	return 0;
}

static int decode(const char *b32, char **raw, size_t *len, struct xerr *e)
{
	if (secret_init(e) != 0)
		return e->code;
	if (!b32 || oath_base32_decode(b32, strlen(b32), raw, len) != OATH_OK)
		return xerr_set(e, XERR_INVALID, "totp_secret", "the TOTP secret is not base32");
	return 0;
}

int totp_code(const char *secret_b32, int64_t now, char out[7], struct xerr *e)
{
	char *raw = NULL;
	size_t len = 0;
	if (decode(secret_b32, &raw, &len, e) != 0)
		return e->code;
	int rc = oath_totp_generate(raw, len, (time_t)now, 30, 0, 6, out);
	free(raw);
	if (rc != OATH_OK)
		return xerr_set(e, XERR_INVALID, "totp", "cannot compute the code");
	return 0;
}

int totp_verify(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                int64_t *step, struct xerr *e)
{
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return xerr_set(e, XERR_AUTH, "totp", "the one-time code has 6 digits");
	char *raw = NULL;
	size_t len = 0;
	if (decode(secret_b32, &raw, &len, e) != 0)
		return e->code;
	int pos = 0;
	uint64_t counter = 0;
	int rc = oath_totp_validate3(raw, len, (time_t)now, 30, 0, 1, &pos, &counter, code);
	sodium_memzero(raw, len);
	free(raw);
	if (rc < 0)
		return xerr_set(e, XERR_AUTH, "totp", "the one-time code is wrong or expired");
	if ((int64_t)counter <= last_step)
		return xerr_set(e, XERR_AUTH, "totp", "this one-time code was already used");
	*step = (int64_t)counter;
	return 0;
}
