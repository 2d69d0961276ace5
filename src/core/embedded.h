/*
 * embedded.h: data files compiled into the binary (reference data under
 * data/ and the schema migrations under src/store/sqlite/migrations/).
 *
 * The table is generated at build time by cmake/embed.cmake. Contents are
 * read-only, live for the whole process and end with a NUL byte that is not
 * counted in the length. Nothing here is freed.
 */
#ifndef XASO_CORE_EMBEDDED_H
#define XASO_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* relative to the source tree, e.g. "data/vn-units-2025.csv" */
	const char *data;
	int index;
};

/* The table, terminated by an entry whose path is NULL. */
const struct embedded_file *embedded_files(void);
size_t embedded_len(const struct embedded_file *f);

/* Looks a file up by its path; returns NULL when absent. */
const char *embedded_find(const char *path, size_t *len);

#endif
