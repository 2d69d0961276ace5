/*
 * arena.h: a region allocator for per-request (or per-command) work.
 *
 * Everything allocated from an arena is released at once by arena_free();
 * handlers never free individual fields. Allocation failure aborts.
 */
#ifndef XASO_CORE_ARENA_H
#define XASO_CORE_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n); /* 16-byte aligned, zeroed */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
