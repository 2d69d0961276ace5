/* embedded.c: lookup in the table of files compiled into the binary. */
#include "core/embedded.h"

#include <string.h>

const char *embedded_find(const char *path, size_t *len)
{
	for (const struct embedded_file *f = embedded_files(); f->path; f++) {
		if (strcmp(f->path, path) == 0) {
			if (len)
				*len = embedded_len(f);
			return f->data;
		}
	}
	return NULL;
}
