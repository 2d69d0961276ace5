/*
 * bench_blobs.c: storing uploaded documents, in MB/s.
 *
 * For 1 MB and 10 MB files of distinct random bytes, store_blob_put()
 * does everything an upload does after parsing: SHA-256 (libsodium), a
 * temporary file written and fsync'd, the rename, the directory fsync, and
 * the row plus its audit entry committed with synchronous=FULL. The
 * ceiling, measured in the same run on the same disk with the same bytes,
 * is a plain write of the file and one fsync; hashing alone and putting
 * bytes already stored (deduplicated: hash and a lookup) are shown too.
 *
 * Usage: bench_blobs [DIR]   (default: the current directory; give a
 * directory on the disk the data directory will live on, not a tmpfs)
 */
#include <fcntl.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill(unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)x;
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int plain_write(const char *path, const unsigned char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, p + off, n - off);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	char db[512], blobs[560], plain[560];
	snprintf(db, sizeof db, "%s/bench-blobs-%d.db", dir, (int)getpid());
	snprintf(blobs, sizeof blobs, "%s.files", db);
	snprintf(plain, sizeof plain, "%s.plain", db);
	struct store *s;
	struct xerr e = {0};
	if (sodium_init() < 0 || store_open(db, STORE_CREATE | STORE_MIGRATE, &s, &e) != 0) {
		fprintf(stderr, "bench_blobs: %s\n", e.msg);
		return 1;
	}
	struct actor who;
	actor_system(&who, "bench");
	printf("directory: %s\n", dir);
	printf("%-6s %5s %12s %12s %12s %12s %8s\n", "size", "files", "hash MB/s", "put MB/s",
	       "again MB/s", "ceiling MB/s", "put/ceil");
	static const size_t sizes[] = {1u << 20, 10u << 20};
	static const int counts[] = {40, 8};
	for (int k = 0; k < 2; k++) {
		size_t n = sizes[k];
		int files = counts[k];
		unsigned char *buf = malloc(n * (size_t)files);
		for (int i = 0; i < files; i++)
			fill(buf + n * (size_t)i, n, (uint64_t)(k * 1000 + i + 1));
		double mb = (double)n * files / (1024.0 * 1024.0);

		unsigned char h[crypto_hash_sha256_BYTES];
		double t0 = now();
		for (int i = 0; i < files; i++)
			crypto_hash_sha256(h, buf + n * (size_t)i, n);
		double t_hash = now() - t0;

		char sha[65];
		t0 = now();
		for (int i = 0; i < files; i++)
			if (store_blob_put(s, &who, buf + n * (size_t)i, n, "application/pdf", sha,
			                   NULL, &e) != 0) {
				fprintf(stderr, "bench_blobs: %s\n", e.msg);
				return 1;
			}
		double t_put = now() - t0;

		t0 = now();
		for (int i = 0; i < files; i++)
			store_blob_put(s, &who, buf + n * (size_t)i, n, "application/pdf", sha,
			               NULL, &e);
		double t_again = now() - t0;

		t0 = now();
		for (int i = 0; i < files; i++)
			if (plain_write(plain, buf + n * (size_t)i, n) != 0) {
				perror("bench_blobs: plain write");
				return 1;
			}
		double t_plain = now() - t0;
		unlink(plain);

		printf("%-6s %5d %12.0f %12.0f %12.0f %12.0f %8.2f\n", k ? "10 MB" : "1 MB", files,
		       mb / t_hash, mb / t_put, mb / t_again, mb / t_plain, t_plain / t_put);
		free(buf);
	}
	store_close(s);
	nftw(blobs, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s%s", db, suffix[i]);
		unlink(p);
	}
	return 0;
}
