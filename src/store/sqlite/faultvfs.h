/*
 * faultvfs.h: a SQLite VFS shim that fails chosen writes and fsyncs, for
 * the fault-injection tests (tests/integration/test_faults.py). Part of the
 * SQLite back end only; nothing else knows of it.
 *
 * Off unless the environment variable XASO_FAULT_FILE names a control
 * file: then faultvfs_install() registers the shim as the default VFS,
 * wrapping the one SQLite had (unix), before the first connection opens.
 * Every write and sync asks the control file (re-read when it changes,
 * through one stat() per call) what to do; its first line is
 *
 *     off                 nothing fails (also: an empty or missing file)
 *     write [TARGET]      every write fails: SQLITE_IOERR_WRITE
 *     sync [TARGET]       every fsync fails: SQLITE_IOERR_FSYNC
 *     full [TARGET]       every write fails: SQLITE_FULL (the disk is full)
 *
 * with TARGET one of db (the database file), wal (its write-ahead log),
 * journal (a rollback journal) or any (the default). A test writes the
 * file to start a fault and writes "off" to clear it, while the server
 * runs: the server must answer 503 meanwhile and recover by itself after.
 *
 * Memory: the shim's state is static (one process, one control file);
 * each open file carries the real VFS's file right behind its own header.
 */
#ifndef XASO_STORE_SQLITE_FAULTVFS_H
#define XASO_STORE_SQLITE_FAULTVFS_H

/* Registers the shim when XASO_FAULT_FILE is set; call once, before the
 * first sqlite3_open. Returns 0 (also when not asked for), or an SQLite
 * error code. */
int faultvfs_install(void);

#endif
