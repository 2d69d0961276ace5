/* What every parsed form must satisfy (form.h), checked by the fuzz
 * harnesses of the form readers after a successful parse: the limits, the
 * terminators, text that is UTF-8 without NUL, file names without a path,
 * and every entry found again by its name. A broken promise traps. */
#ifndef XASO_FUZZ_FORM_INVARIANTS_H
#define XASO_FUZZ_FORM_INVARIANTS_H

#include <stdbool.h>
#include <string.h>

#include "core/text.h"
#include "web/form.h"

static inline void form_check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static inline void form_check_invariants(const struct form *f, const struct form_limits *lim)
{
	form_check(f->nfields <= lim->max_fields && f->nfiles <= lim->max_files);
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *x = &f->fields[i];
		form_check(x->len <= lim->max_field_len && x->value[x->len] == '\0');
		form_check(strlen(x->value) == x->len && text_valid_utf8(x->value, x->len, NULL));
		form_check(form_get(f, x->name) != NULL);
	}
	for (int i = 0; i < f->nfiles; i++) {
		const struct form_file *x = &f->files[i];
		form_check(x->len <= lim->max_file_len);
		form_check(!strchr(x->filename, '/') && !strchr(x->filename, '\\'));
		form_check(text_valid_utf8(x->filename, strlen(x->filename), NULL));
		form_check(form_file(f, x->field) != NULL);
	}
}

#endif
