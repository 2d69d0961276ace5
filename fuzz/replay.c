/*
 * replay.c: a main() for the fuzz harnesses without libFuzzer, so that the
 * checked-in corpora run in `make test` with the ordinary compiler, in the
 * normal build and under AddressSanitizer and UndefinedBehaviorSanitizer.
 *
 * Each argument is a file or a directory; every regular file of a
 * directory (not its subdirectories), in name order so that runs are
 * repeatable, is read whole into a buffer of exactly its size (so reads
 * past the end are caught by the sanitizers, as under libFuzzer) and given
 * once to LLVMFuzzerTestOneInput. A harness that finds a broken property
 * aborts, which fails the test. An argument that gives no input at all
 * fails too: a harness whose corpus went missing would otherwise pass
 * while testing nothing.
 *
 * Memory: each input is malloc'ed, fed and freed before the next one.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads path whole; returns 0, or -1 with a message on stderr. */
static int feed_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
		perror(path);
		fclose(f);
		return -1;
	}
	size_t size = (size_t)st.st_size;
	/* malloc(0) may return NULL: keep one byte so the pointer is valid. */
	uint8_t *data = malloc(size ? size : 1);
	if (!data || fread(data, 1, size, f) != size) {
		fprintf(stderr, "%s: cannot read %zu bytes\n", path, size);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every regular file of dir; returns how many, or -1. */
static int feed_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	char **paths = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
		if (ent->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **grown = realloc(paths, cap * sizeof *paths);
			if (!grown) {
				rc = -1;
				break;
			}
			paths = grown;
		}
		size_t len = strlen(dir) + strlen(ent->d_name) + 2;
		char *p = malloc(len);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, len, "%s/%s", dir, ent->d_name);
		struct stat st;
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		paths[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(paths, n, sizeof *paths, by_name);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && feed_file(paths[i]) != 0)
			rc = -1;
		free(paths[i]);
	}
	free(paths);
	return rc < 0 ? -1 : (int)n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			n = feed_dir(argv[i]);
		else
			n = feed_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		if (n == 0) {
			fprintf(stderr, "%s: no inputs (every harness keeps a seed corpus)\n",
			        argv[i]);
			return 1;
		}
		total += n;
	}
	printf("%ld inputs replayed\n", total);
	return 0;
}
