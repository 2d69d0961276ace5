/*
 * input.c: declared inputs (http.h, struct param). Before a handler runs,
 * input_read() finds each parameter its route declares (in the query, in
 * the path's {} segments in order, or in the form body), checks it with
 * its validator and limit, and keeps the typed value in r->in; the
 * handler reads only those (in_str, in_int, in_field, in_files).
 * input_check_route() makes the server refuse to start with a route whose
 * {} segments are not all declared.
 */
#include <assert.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/dossier.h"
#include "core/procedure.h"
#include "core/text.h"
#include "web/form.h"
#include "web/server_int.h"

int input_check_route(const struct route *rt, struct xerr *e)
{
	int segments = 0, declared = 0;
	for (const char *p = rt->pattern; (p = strstr(p, "{}")); p += 2)
		segments++;
	for (const struct param *p = rt->in; p && p->name; p++)
		declared += p->from == IN_PATH;
	if (segments != declared)
		return xerr_set(e, XERR_INVALID, "route",
		                "route %s %s declares %d of its %d path parameters; refusing to "
		                "start",
		                rt->method, rt->pattern, declared, segments);
	return 0;
}

static bool word_in(const char *words, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = words; n && p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (!strncmp(p, v, n) && (p[n] == '|' || p[n] == 0))
			return true;
	return false;
}

/* A whole number, all of v, in [lo, hi]. */
static bool whole(const char *v, long long lo, long long hi, int64_t *out)
{
	char *end;
	long long x = strtoll(v, &end, 10);
	if (!*v || *end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

int input_check(const struct param *p, const char *v, int64_t *num, struct xerr *e)
{
	const char *n = p->name;
	size_t len = strlen(v);
	int32_t day;
	switch ((enum in_kind)p->kind) {
	case IN_TEXT:
	case IN_FIELDS:
		if (!text_valid_utf8(v, len, NULL))
			return xerr_set(e, XERR_INVALID, n, "%s must be text", n);
		if (p->kind == IN_TEXT && (long long)text_length(v) < p->min)
			return xerr_set(e, XERR_INVALID, n, "%s must not be empty", n);
		if (p->max && (long long)(p->kind == IN_TEXT ? text_length(v) : len) > p->max)
			return xerr_set(e, XERR_INVALID, n, "%s must be at most %lld %s", n, p->max,
			                p->kind == IN_TEXT ? "characters" : "bytes");
		return 0;
	case IN_INT:
		if (!whole(v, p->min, p->max, num))
			return xerr_set(e, XERR_INVALID, n,
			                "%s must be a whole number from %lld to %lld", n, p->min,
			                p->max);
		return 0;
	case IN_DIGITS:
		if (text_digits(v, (size_t)p->min, (size_t)p->max))
			return 0;
		if (p->min == p->max)
			return xerr_set(e, XERR_INVALID, n, "%s must be %lld digits", n, p->max);
		return xerr_set(e, XERR_INVALID, n, "%s must be %lld to %lld digits", n, p->min,
		                p->max);
	case IN_WORD:
		if (!word_in(p->words, v))
			return xerr_set(e, XERR_INVALID, n, "%s must be one of %s", n, p->words);
		return 0;
	case IN_DATE:
		if (cal_parse_date(v, n, &day, e))
			return XERR_INVALID;
		*num = cal_time(day, 0);
		return 0;
	case IN_TIME:
		if (len == 10 && cal_parse_date(v, n, &day, e) == 0) {
			*num = cal_time(day, 0);
			return 0;
		}
		return cal_parse_time(v, n, num, e) ? XERR_INVALID : 0;
	case IN_DOSSIER:
		if (!dossier_code_valid(v))
			return xerr_set(e, XERR_INVALID, n,
			                "%s must be a dossier code like 66001-260428-0001", n);
		return 0;
	case IN_PROCEDURE:
		if (procedure_check_code(v, e)) {
			e->field = n;
			return XERR_INVALID;
		}
		return 0;
	case IN_CHECK:
		if (len > (size_t)p->max)
			return xerr_set(e, XERR_INVALID, n, "%s must be at most %lld bytes", n,
			                p->max);
		if (p->check(v, num, e) != 0) {
			e->field = n;
			return XERR_INVALID;
		}
		return 0;
	case IN_FILES: return 0;
	}
	return xerr_set(e, XERR_INVALID, n, "%s: no such kind of input", n);
}

/* The form body, when the route declares form inputs and the body is a
 * form by its Content-Type; NULL otherwise (a file sent as itself). A
 * form that cannot be read is refused like a value: *fe names the field
 * at fault (a value that is not text, or too long) or the body. */
static const struct form *form_of(struct req *r, struct xerr *fe)
{
	struct form f;
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!r->body || !ct ||
	    !(req_media_is(ct, "application/x-www-form-urlencoded") ||
	      req_media_is(ct, "multipart/form-data")) ||
	    form_parse(r, &f, fe) != 0)
		return NULL;
	return r->form;
}

/* Every field (IN_FIELDS) or file (IN_FILES) whose name starts with p's. */
static int gather(struct req *r, const struct param *p, const struct form *f, struct in_value *v,
                  struct xerr *e)
{
	size_t pl = strlen(p->name);
	if (p->kind == IN_FIELDS) {
		for (int i = 0; f && i < f->nfields; i++)
			if (!strncmp(f->fields[i].name, p->name, pl) &&
			    input_check(p, f->fields[i].value, &v->num, e) != 0) {
				e->field = arena_strdup(&r->arena, f->fields[i].name);
				return XERR_INVALID;
			}
		return 0;
	}
	v->files = arena_alloc(&r->arena, sizeof *v->files * (size_t)(f ? f->nfiles + 1 : 1));
	for (int i = 0; f && i < f->nfiles; i++) {
		const struct form_file *ff = &f->files[i];
		if (strncmp(ff->field, p->name, pl) || (!ff->len && !ff->filename[0]))
			continue; /* another field, or an input left empty */
		if (v->nfiles == p->max)
			return xerr_set(e, XERR_LIMIT, p->name, "at most %lld files", p->max);
		v->files[v->nfiles++] = *ff;
	}
	return 0;
}

/* A query value as decoded, with its length: a %00 in it would end the
 * C string there, so it is refused instead of read cut short. */
static const char *query_value(struct req *r, const struct param *p, struct xerr *e)
{
	const char *v = NULL;
	size_t n = 0;
	if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, p->name, strlen(p->name),
	                                  &v, &n) != MHD_YES ||
	    !v)
		return NULL;
	if (memchr(v, '\0', n))
		xerr_set(e, XERR_INVALID, p->name, "%s must be text without a NUL character (%%00)",
		         p->name);
	return v;
}

static const char *raw_value(struct req *r, const struct param *p, int *path_at,
                             const struct form *f, struct xerr *e)
{
	switch ((enum in_from)p->from) {
	case IN_QUERY: return query_value(r, p, e);
	case IN_PATH: return *path_at < r->nparams ? r->params[(*path_at)++] : NULL;
	case IN_FORM: return f ? form_get(f, p->name) : NULL;
	}
	return NULL;
}

/* Checks one declared parameter into v; 0 or the error in *pe. */
static int read_one(struct req *r, const struct param *p, const struct form *f, int *path_at,
                    struct in_value *v, struct xerr *pe)
{
	if (p->kind == IN_FIELDS || p->kind == IN_FILES)
		return gather(r, p, f, v, pe);
	const char *raw = raw_value(r, p, path_at, f, pe);
	if (pe->code)
		return pe->code;
	/* An empty form input or query value is no value, but for text,
	 * where "" says something ("no note"). */
	if (raw && !*raw && p->kind != IN_TEXT)
		raw = NULL;
	int rc = raw           ? input_check(p, raw, &v->num, pe)
	         : p->required ? xerr_set(pe, XERR_INVALID, p->name, "%s is required", p->name)
	                       : 0;
	if (raw && rc == 0)
		v->text = raw;
	return rc;
}

/* Keeps the first refusal: in *e, and in r for in_error(). */
static void refuse(struct req *r, int *rc, const struct xerr *pe, struct xerr *e)
{
	if (*rc)
		return;
	*rc = pe->code;
	*e = *pe;
	struct xerr *kept = arena_alloc(&r->arena, sizeof *kept);
	*kept = *pe;
	r->in_err = kept;
}

int input_read(struct req *r, struct xerr *e)
{
	const struct route *rt = r->route;
	int n = 0, path_at = 0, rc = 0;
	bool wants_form = false;
	for (const struct param *p = rt->in; p && p->name; p++, n++)
		wants_form |= p->from == IN_FORM;
	r->in = arena_alloc(&r->arena, sizeof *r->in * (size_t)(n + 1));
	struct xerr fe = {0};
	const struct form *f = wants_form ? form_of(r, &fe) : NULL;
	if (fe.code) {
		/* An unreadable form: none of its values is read. */
		refuse(r, &rc, &fe, e);
		r->form_err = r->in_err;
	}
	for (int i = 0; i < n; i++) {
		struct xerr pe = {0};
		if (read_one(r, &rt->in[i], f, &path_at, &r->in[i], &pe) != 0) {
			r->in[i].refused = true;
			refuse(r, &rc, &pe, e);
		}
	}
	return rt->lenient ? 0 : rc;
}

/* The declaration and value of `name` on r's route. A name may be
 * declared twice, in the query and in the form (a page's GET form and its
 * POST form): the first one given counts. */
static const struct in_value *value_of(const struct req *r, const char *name,
                                       const struct param **decl)
{
	const struct in_value *found = NULL;
	int i = 0;
	for (const struct param *p = r->route && r->in ? r->route->in : NULL; p && p->name;
	     p++, i++)
		if (!strcmp(p->name, name) && (!found || (!found->text && !found->refused))) {
			if (decl)
				*decl = p;
			found = &r->in[i];
		}
#ifndef NDEBUG
	if (!found)
		fprintf(stderr, "xaso: %s %s reads \"%s\", which it does not declare\n",
		        r->route ? r->route->method : "?", r->route ? r->route->pattern : "?",
		        name);
#endif
	assert(found && "a handler reads an input its route does not declare");
	return found;
}

const char *in_str(const struct req *r, const char *name)
{
	const struct in_value *v = value_of(r, name, NULL);
	return v ? v->text : NULL;
}

int64_t in_int(const struct req *r, const char *name, int64_t dflt)
{
	const struct in_value *v = value_of(r, name, NULL);
	return v && v->text ? v->num : dflt;
}

bool in_refused(const struct req *r, const char *name)
{
	const struct in_value *v = value_of(r, name, NULL);
	return v && v->refused;
}

const struct xerr *in_error(const struct req *r)
{
	return r->in_err;
}

const struct xerr *in_form_error(const struct req *r)
{
	return r->form_err;
}

const char *in_field(struct req *r, const char *prefix, const char *key)
{
	const struct param *p = NULL;
	const struct in_value *v = value_of(r, prefix, &p);
	if (!v || v->refused || !r->form)
		return NULL;
	return form_get(r->form, arena_printf(&r->arena, "%s%s", prefix, key));
}

const struct form_file *in_files(const struct req *r, const char *name, int *n)
{
	const struct in_value *v = value_of(r, name, NULL);
	*n = v ? v->nfiles : 0;
	return v ? v->files : NULL;
}
