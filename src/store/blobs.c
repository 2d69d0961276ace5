/*
 * blobs.c: attachment files under the data directory and their rows
 * (see store_blobs.h for the contract).
 *
 * Order of a put, chosen so that a crash at any point loses nothing that
 * was acknowledged and never leaves a row without its file:
 *   1. hash the bytes;
 *   2. unless <dir>/ab/cdef... already exists with the right size, write
 *      <dir>/ab/.tmp-XXXXXX (0600), fsync it, rename it to
 *      <dir>/ab/cdef..., fsync <dir>/ab (and <dir> when ab was created);
 *   3. one transaction: the row (if absent), the uploader's ownership row
 *      (blob_owner, migration 009) and the audit entry.
 * Two threads putting the same bytes both rename identical content onto
 * the same name, which is harmless; the row is inserted once.
 */
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/filetype.h"

bool blob_sha256_valid(const char *h)
{
	if (!h)
		return false;
	size_t n = 0;
	for (; h[n]; n++)
		if (!((h[n] >= '0' && h[n] <= '9') || (h[n] >= 'a' && h[n] <= 'f')))
			return false;
	return n == 64;
}

int store_set_blob_dir(struct store *s, const char *dir, struct xerr *e)
{
	if (!dir || !*dir)
		return xerr_set(e, XERR_INVALID, "data", "the data directory must not be empty");
	char *copy = strdup(dir);
	if (!copy)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	free(s->blob_dir);
	s->blob_dir = copy;
	return 0;
}

const char *store_blob_dir(const struct store *s)
{
	return s->blob_dir;
}

int store_blob_path(const struct store *s, const char *sha256, char *dst, size_t cap,
                    struct xerr *e)
{
	if (!blob_sha256_valid(sha256))
		return xerr_set(e, XERR_INVALID, "sha256", "a file is named by 64 hex digits");
	int n = snprintf(dst, cap, "%s/%.2s/%s", s->blob_dir, sha256, sha256 + 2);
	if (n < 0 || (size_t)n >= cap)
		return xerr_set(e, XERR_IO, "data", "data directory path too long");
	return 0;
}

/* A failed system call on the data directory: a full disk or an I/O error
 * is the machine's, for now (XERR_UNAVAILABLE, 503: nothing was stored, the
 * same upload can succeed later); anything else is XERR_IO. No path in the
 * message: it may reach an HTTP client. */
static int disk_err(int err, const char *what, struct xerr *e)
{
	if (err == ENOSPC || err == EDQUOT)
		return xerr_set(e, XERR_UNAVAILABLE, "data",
		                "the server's disk is full: the file was not stored; its operator "
		                "must free some space, then try again");
	if (err == EIO)
		return xerr_set(e, XERR_UNAVAILABLE, "data",
		                "the server's disk could not write (I/O error): the file was not "
		                "stored; try again later");
	return xerr_set(e, XERR_IO, "data", "%s: %s", what, strerror(err));
}

static int fsync_dir(const char *path, struct xerr *e)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return disk_err(errno, "cannot open data directory", e);
	int rc = fsync(fd);
	int err = errno;
	close(fd);
	if (rc != 0)
		return disk_err(err, "cannot sync data directory", e);
	return 0;
}

/* mkdir that tolerates an existing directory; *made tells if it was new. */
static int ensure_dir(const char *path, bool *made, struct xerr *e)
{
	*made = false;
	if (mkdir(path, 0700) == 0) {
		*made = true;
		return 0;
	}
	int err = errno;
	struct stat st;
	if (err == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return disk_err(err, "cannot create the data directory", e);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Makes <dir>/ab/cdef... hold the bytes durably (steps 2 of the header);
 * *made tells whether this call put the file there. */
static int write_file(struct store *s, const char *sha, const unsigned char *bytes, size_t len,
                      bool *made, struct xerr *e)
{
	*made = false;
	char sub[4096], final[4096], tmp[4096 + 16];
	if (store_blob_path(s, sha, final, sizeof final, e))
		return e->code;
	/* final is longer than both: they fit. */
	snprintf(sub, sizeof sub, "%s/%.2s", s->blob_dir, sha);
	snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", sub);

	struct stat st;
	if (stat(final, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
		return 0; /* left by an earlier put whose row was not committed */

	bool made_root, made_sub;
	if (ensure_dir(s->blob_dir, &made_root, e) || ensure_dir(sub, &made_sub, e))
		return e->code;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return disk_err(errno, "cannot create a file in the data directory", e);
	int rc = 0;
	if (write_all(fd, bytes, len) != 0 || fsync(fd) != 0) {
		rc = disk_err(errno, "cannot write to the data directory", e);
		close(fd);
		goto fail;
	}
	if (close(fd) != 0) {
		rc = disk_err(errno, "cannot write to the data directory", e);
		goto fail;
	}
	if (rename(tmp, final) != 0) {
		rc = disk_err(errno, "cannot rename in the data directory", e);
		goto fail;
	}
	*made = true;
	if ((rc = fsync_dir(sub, e)) != 0)
		return rc;
	if (made_sub && (rc = fsync_dir(s->blob_dir, e)) != 0)
		return rc;
	return 0;
fail:
	unlink(tmp);
	return rc;
}

int st_blob_copy(struct store *from, struct store *to, const char *sha256, int64_t size,
                 struct xerr *e)
{
	if (!from->blob_dir || !to->blob_dir)
		return xerr_set(e, XERR_INVALID, "data",
		                "attachments move too: both databases need their data directory");
	if (size <= 0 || size > BLOB_MAX_SIZE)
		return xerr_set(e, XERR_INVALID, "size", "stored file %.12s... has a bad size",
		                sha256);
	char path[4096];
	int rc = store_blob_path(from, sha256, path, sizeof path, e);
	if (rc)
		return rc;
	unsigned char *bytes = malloc((size_t)size);
	if (!bytes)
		return xerr_set(e, XERR_NOMEM, NULL, "out of memory");
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t got = 0, n = 0;
	while (fd >= 0 && got < (ssize_t)size &&
	       ((n = read(fd, bytes + got, (size_t)(size - got))) > 0 || (n < 0 && errno == EINTR)))
		got += n > 0 ? n : 0;
	if (fd >= 0)
		close(fd);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, bytes, got > 0 ? (unsigned long long)got : 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	if (got != (ssize_t)size || strcmp(hex, sha256) != 0)
		rc = xerr_set(e, XERR_IO, "data", "stored file %s is missing or damaged", path);
	else {
		/* Left behind if the move is not committed: a stray file, which
		 * `xaso files strays` lists. */
		bool made = false;
		rc = write_file(to, sha256, bytes, (size_t)size, &made, e);
	}
	free(bytes);
	return rc;
}

/* Takes back a file whose row was not committed (best effort: a file left
 * is a stray, which `xaso files strays` lists). */
static void unlink_blob(struct store *s, const char *sha)
{
	char path[4096];
	struct xerr ignored = {0};
	if (store_blob_path(s, sha, path, sizeof path, &ignored) == 0 && unlink(path) == 0) {
		char *slash = strrchr(path, '/');
		*slash = '\0';
		fsync_dir(path, &ignored);
	}
}

static const char sql_get[] = "SELECT sha256, size, mime, created_at FROM blob WHERE sha256 = ?1";

static int meta_row(struct db_stmt *st, void *p)
{
	struct blob_meta *m = p;
	memset(m, 0, sizeof *m);
	db_text_copy(st, 0, m->sha256, sizeof m->sha256);
	m->size = db_int(st, 1);
	db_text_copy(st, 2, m->mime, sizeof m->mime);
	m->created_at = db_int(st, 3);
	return 0;
}

/* Reads the row on c; 0, XERR_NOTFOUND or XERR_IO. */
static int row_get(struct db_conn *c, const char *sha, struct blob_meta *m, struct xerr *e)
{
	int rc = db_query_first(c, sql_get, DB_ARGS(DB_TEXT(sha)), meta_row, m, e);
	if (rc == 0)
		return xerr_set(e, XERR_NOTFOUND, "sha256", "no stored file with this hash");
	return rc < 0 ? rc : 0;
}

struct put_ctx {
	const struct actor *who;
	const char *sha, *mime;
	size_t len;
	bool have_row, inserted;
};

static int put_tx(struct db_conn *c, void *ctx, struct xerr *e)
{
	static const char sql_insert[] =
	    "INSERT INTO blob (sha256, size, mime, created_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (sha256) DO NOTHING RETURNING sha256";
	static const char sql_owner[] =
	    "INSERT INTO blob_owner (sha256, account_id, created_at) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT (sha256, account_id) DO NOTHING";
	struct put_ctx *x = ctx;
	if (!x->have_row) {
		int rc = db_query_first(
		    c, sql_insert,
		    DB_ARGS(DB_TEXT(x->sha), DB_INT(x->len), DB_TEXT(x->mime), DB_INT(time(NULL))),
		    NULL, NULL, e);
		if (rc < 0)
			return rc;
		x->inserted = rc == 1;
	}
	/* The uploader may link the file from now on (an account's upload;
	 * the operator's tools upload as no account). */
	if (x->who && x->who->account_id > 0) {
		int rc = db_run(
		    c, sql_owner,
		    DB_ARGS(DB_TEXT(x->sha), DB_INT(x->who->account_id), DB_INT(time(NULL))), e);
		if (rc)
			return rc;
	}
	/* Audit objects are short (struct audit_entry keeps 63 bytes): the
	 * object names the blob by a prefix, the detail in full. */
	char object[32], detail[160];
	snprintf(object, sizeof object, "blob:%.16s", x->sha);
	snprintf(detail, sizeof detail, "sha256 %s, %zu bytes, %s%s", x->sha, x->len, x->mime,
	         x->inserted ? "" : ", already stored");
	return st_audit_append(c, x->who, "blob.put", object, detail, e);
}

int store_blob_put(struct store *s, const struct actor *who, const void *bytes, size_t len,
                   const char *mime, char out_sha256[65], bool *created, struct xerr *e)
{
	if (created)
		*created = false;
	if (!bytes || len == 0)
		return xerr_set(e, XERR_INVALID, "file", "the file is empty");
	if (len > BLOB_MAX_SIZE)
		return xerr_set(e, XERR_LIMIT, "file", "the file is larger than %d MB",
		                BLOB_MAX_SIZE / (1024 * 1024));
	if (filetype_from_mime(mime) == FILETYPE_NONE)
		return xerr_set(e, XERR_INVALID, "mime", "only PDF, JPEG and PNG files are stored");

	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, bytes, len);
	char sha[65];
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);

	/* Puts of the same bytes take turns (the lock of their hash's first
	 * byte), so a put that fails can take back the file it made without
	 * taking it from under another put of the same file. */
	pthread_mutex_t *lock = &s->blob_lock[h[0] % STORE_BLOB_LOCKS];
	pthread_mutex_lock(lock);
	struct db_conn *c = st_get(s);
	struct blob_meta m;
	int rc = row_get(c, sha, &m, e);
	st_put(s, c);
	struct put_ctx x = {who, sha, mime, len, rc == 0, false};
	bool made = false;
	if (rc != 0 && rc != XERR_NOTFOUND)
		goto done;
	/* The file is made durable before its row exists. When both exist
	 * this is one stat(); when the row's file was lost (a restore without
	 * the data directory), the same bytes uploaded again put it back. */
	if ((rc = write_file(s, sha, bytes, len, &made, e)) != 0 ||
	    (rc = st_write(s, put_tx, &x, e)) != 0)
		goto done;
	memcpy(out_sha256, sha, sizeof sha);
	if (created)
		*created = x.inserted;
done:
	/* Not stored (a full disk, an I/O error): no file without its row is
	 * left behind by this put. */
	if (rc && made && !x.have_row)
		unlink_blob(s, sha);
	pthread_mutex_unlock(lock);
	return rc;
}

int store_blob_get(struct store *s, const char *sha256, struct blob_meta *meta, struct xerr *e)
{
	if (!blob_sha256_valid(sha256))
		return xerr_set(e, XERR_INVALID, "sha256", "a file is named by 64 hex digits");
	struct db_conn *c = st_get(s);
	int rc = row_get(c, sha256, meta, e);
	st_put(s, c);
	return rc;
}

int store_blob_open(struct store *s, const char *sha256, struct blob_meta *meta, int *fd,
                    struct xerr *e)
{
	*fd = -1;
	int rc = store_blob_get(s, sha256, meta, e);
	if (rc)
		return rc;
	char path[4096];
	if ((rc = store_blob_path(s, sha256, path, sizeof path, e)) != 0)
		return rc;
	int f = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (f < 0 || fstat(f, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != meta->size) {
		if (f >= 0)
			close(f);
		/* The row promises the file: a missing or resized one is damage
		 * to the data directory (a restore without it, a disk fault). */
		return xerr_set(e, XERR_IO, "data", "stored file %.12s... is missing or damaged",
		                sha256);
	}
	*fd = f;
	return 0;
}

struct list_ctx {
	int (*cb)(const struct blob_meta *, void *);
	void *ctx;
};

static int list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *l = ctx;
	struct blob_meta m;
	meta_row(st, &m);
	return l->cb(&m, l->ctx);
}

int store_blob_list(struct store *s, int (*cb)(const struct blob_meta *, void *), void *ctx,
                    struct xerr *e)
{
	static const char sql[] =
	    "SELECT sha256, size, mime, created_at FROM blob ORDER BY created_at, sha256";
	struct list_ctx l = {cb, ctx};
	return st_each(s, sql, DB_NOARGS, list_row, &l, e);
}

int store_blob_verify(struct store *s, const struct blob_meta *m, struct xerr *e)
{
	char path[4096];
	int rc = store_blob_path(s, m->sha256, path, sizeof path, e);
	if (rc)
		return rc;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? xerr_set(e, XERR_NOTFOUND, "data", "missing: %s", path)
		                       : xerr_set(e, XERR_IO, "data", "cannot read %s: %s", path,
		                                  strerror(errno));
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	unsigned char chunk[1 << 16];
	int64_t total = 0;
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		crypto_hash_sha256_update(&hs, chunk, (unsigned long long)n);
		total += n;
	}
	int err = errno;
	close(fd);
	if (n < 0)
		return xerr_set(e, XERR_IO, "data", "cannot read %s: %s", path, strerror(err));
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&hs, h);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	if (total != m->size)
		return xerr_set(e, XERR_CONFLICT, "data", "damaged: %s has %lld bytes, not %lld",
		                path, (long long)total, (long long)m->size);
	if (strcmp(hex, m->sha256))
		return xerr_set(e, XERR_CONFLICT, "data", "damaged: %s has other content", path);
	return 0;
}

static bool hex_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

/* One subdirectory <dir>/ab of the data directory. */
static int strays_in(struct store *s, const char *sub, const char *ab,
                     int (*cb)(const char *, bool, void *), void *ctx, struct xerr *e)
{
	DIR *d = opendir(sub);
	if (!d)
		return xerr_set(e, XERR_IO, "data", "cannot read %s: %s", sub, strerror(errno));
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		char path[4096];
		int pl = snprintf(path, sizeof path, "%s/%s", sub, n);
		if (pl < 0 || (size_t)pl >= sizeof path)
			continue; /* no stray of ours has such a name */
		bool ours = !strncmp(n, ".tmp-", 5);
		if (!ours && hex_name(n, 62)) {
			char sha[65];
			memcpy(sha, ab, 2);
			memcpy(sha + 2, n, 62);
			sha[64] = '\0';
			struct blob_meta m;
			struct xerr ge;
			int g = store_blob_get(s, sha, &m, &ge);
			if (g == 0)
				continue;
			if (g != XERR_NOTFOUND) {
				*e = ge;
				rc = g;
				break;
			}
			ours = true;
		}
		rc = cb(path, ours, ctx);
	}
	closedir(d);
	return rc;
}

int store_blob_strays(struct store *s, int (*cb)(const char *path, bool ours, void *), void *ctx,
                      struct xerr *e)
{
	DIR *d = opendir(s->blob_dir);
	if (!d) {
		if (errno == ENOENT)
			return 0; /* nothing uploaded yet */
		return xerr_set(e, XERR_IO, "data", "cannot read %s: %s", s->blob_dir,
		                strerror(errno));
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		char path[4096];
		int pl = snprintf(path, sizeof path, "%s/%s", s->blob_dir, n);
		if (pl < 0 || (size_t)pl >= sizeof path)
			continue;
		struct stat st;
		if (hex_name(n, 2) && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = strays_in(s, path, n, cb, ctx, e);
		else
			rc = cb(path, false, ctx);
	}
	closedir(d);
	return rc;
}

int st_blob_owners_recover(struct db_conn *c, struct xerr *e)
{
	/* Files already linked to dossiers keep belonging to those dossiers
	 * (their dossier_file rows). Files uploaded before version 9 get
	 * their uploaders back from the audit log, whose "blob.put" entries
	 * name the account and the whole hash ("sha256 <64 hex>, N bytes,
	 * type"); a file with neither a dossier nor such an entry (uploaded by
	 * no account) is unreachable from now on, as docs/attachments.md
	 * says. */
	static const char sql[] =
	    "INSERT INTO blob_owner (sha256, account_id, created_at) "
	    "SELECT substr(a.detail, 8, 64), a.account_id, min(a.at) FROM audit a "
	    "WHERE a.action = 'blob.put' AND a.account_id > 0 "
	    "AND substr(a.detail, 1, 7) = 'sha256 ' "
	    "AND substr(a.detail, 8, 64) IN (SELECT sha256 FROM blob) "
	    "GROUP BY substr(a.detail, 8, 64), a.account_id "
	    "ON CONFLICT DO NOTHING";
	return db_run(c, sql, DB_NOARGS, e);
}
