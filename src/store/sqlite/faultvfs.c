/*
 * faultvfs.c: the fault-injection VFS shim (see faultvfs.h). It forwards
 * every call to the VFS it wraps, except writes and syncs that the control
 * file says to fail. The control file is read again whenever its size,
 * time or inode changes; the rule read is kept under a mutex.
 */
#include "store/sqlite/faultvfs.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum fault_op { FAULT_OFF, FAULT_WRITE, FAULT_SYNC, FAULT_FULL };
enum fault_target { TARGET_ANY, TARGET_DB, TARGET_WAL, TARGET_JOURNAL, TARGET_OTHER };

struct fault_file {
	sqlite3_file base;
	enum fault_target kind;
	sqlite3_file *real; /* right behind this struct */
};

static sqlite3_vfs *real_vfs;
static const char *control;
static pthread_mutex_t rule_lock = PTHREAD_MUTEX_INITIALIZER;
static struct stat rule_seen;
static enum fault_op rule_op;
static enum fault_target rule_target;

#define REAL(f) (((struct fault_file *)(void *)(f))->real)

/* Reads the control file's first line into the rule. */
static void read_rule(void)
{
	char line[64] = "";
	FILE *f = fopen(control, "r");
	if (f) {
		if (!fgets(line, sizeof line, f))
			line[0] = '\0';
		fclose(f);
	}
	char op[16] = "", target[16] = "";
	if (sscanf(line, "%15s %15s", op, target) < 1)
		op[0] = '\0';
	rule_op = !strcmp(op, "write")  ? FAULT_WRITE
	          : !strcmp(op, "sync") ? FAULT_SYNC
	          : !strcmp(op, "full") ? FAULT_FULL
	                                : FAULT_OFF;
	rule_target = !strcmp(target, "db")        ? TARGET_DB
	              : !strcmp(target, "wal")     ? TARGET_WAL
	              : !strcmp(target, "journal") ? TARGET_JOURNAL
	                                           : TARGET_ANY;
}

/* The SQLite error for an operation on a file of this kind, or SQLITE_OK. */
static int fault_for(enum fault_target kind, bool sync)
{
	struct stat st;
	bool have = stat(control, &st) == 0;
	pthread_mutex_lock(&rule_lock);
	if (!have) {
		rule_op = FAULT_OFF;
		memset(&rule_seen, 0, sizeof rule_seen);
	} else if (st.st_ino != rule_seen.st_ino || st.st_size != rule_seen.st_size ||
	           st.st_mtim.tv_sec != rule_seen.st_mtim.tv_sec ||
	           st.st_mtim.tv_nsec != rule_seen.st_mtim.tv_nsec) {
		rule_seen = st;
		read_rule();
	}
	enum fault_op op = rule_op;
	bool aimed = rule_target == TARGET_ANY || rule_target == kind;
	pthread_mutex_unlock(&rule_lock);
	if (!aimed || op == FAULT_OFF)
		return SQLITE_OK;
	if (sync)
		return op == FAULT_SYNC ? SQLITE_IOERR_FSYNC : SQLITE_OK;
	return op == FAULT_WRITE ? SQLITE_IOERR_WRITE : op == FAULT_FULL ? SQLITE_FULL : SQLITE_OK;
}

/* ---- the file methods: forwarded, but for writes and syncs ---- */

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}
static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int rc = fault_for(((struct fault_file *)(void *)f)->kind, false);
	return rc ? rc : REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	int rc = fault_for(((struct fault_file *)(void *)f)->kind, true);
	return rc ? rc : REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}
static int f_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int f_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}
static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, out);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods fault_methods = {
    3,          f_close,       f_read,      f_write,   f_truncate, f_sync,   f_size,
    f_lock,     f_unlock,      f_reserved,  f_control, f_sector,   f_device, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch,   f_unfetch,
};

/* ---- the VFS: opens wrap the real file; the rest is the real VFS's ---- */

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	(void)vfs;
	struct fault_file *f = (struct fault_file *)(void *)file;
	f->real = (sqlite3_file *)(void *)(f + 1);
	f->kind = (flags & SQLITE_OPEN_MAIN_DB)        ? TARGET_DB
	          : (flags & SQLITE_OPEN_WAL)          ? TARGET_WAL
	          : (flags & SQLITE_OPEN_MAIN_JOURNAL) ? TARGET_JOURNAL
	                                               : TARGET_OTHER;
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out);
	/* The real file's methods set means it must be closed through ours. */
	f->base.pMethods = f->real->pMethods ? &fault_methods : NULL;
	return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int v_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}
static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, msg);
}
static void (*v_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, h, sym);
}
static void v_dl_close(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, h);
}
static int v_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}
static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}
static int v_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}
static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}
static int v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs fault_vfs = {
    .iVersion = 2,
    .zName = "xaso-fault",
    .xOpen = v_open,
    .xDelete = v_delete,
    .xAccess = v_access,
    .xFullPathname = v_full_path,
    .xDlOpen = v_dl_open,
    .xDlError = v_dl_error,
    .xDlSym = v_dl_sym,
    .xDlClose = v_dl_close,
    .xRandomness = v_random,
    .xSleep = v_sleep,
    .xCurrentTime = v_time,
    .xGetLastError = v_last_error,
    .xCurrentTimeInt64 = v_time64,
};

int faultvfs_install(void)
{
	const char *path = getenv("XASO_FAULT_FILE");
	if (!path || !*path)
		return SQLITE_OK;
	int rc = sqlite3_initialize();
	if (rc != SQLITE_OK)
		return rc;
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return SQLITE_ERROR;
	control = path;
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + real_vfs->szOsFile;
	fault_vfs.mxPathname = real_vfs->mxPathname;
	return sqlite3_vfs_register(&fault_vfs, 1);
}
