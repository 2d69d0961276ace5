/*
 * pdf_diff.c: does a later revision of a PDF only add signatures to an
 * earlier one?
 *
 * Both revisions are opened with qpdf (the earlier one is the file cut at
 * the end of its signed bytes). Every object reachable from the catalog in
 * the later revision is compared with the object of the same number and
 * generation in the earlier one: qpdf's text of both (for a stream, its
 * dictionary and raw data). Equal text means equal references too, so the
 * walk goes on through the later object's references, each object once.
 * Three places may differ, as adding a signature needs:
 *   - the catalog's /AcroForm: its /Fields may gain signature fields,
 *     /SigFlags change, its default resources /DR change (a visible
 *     signature brings its font), and /DA appear when there was no
 *     AcroForm;
 *     the fields it had are compared like any object;
 *   - a page's /Annots may gain widgets of signature fields;
 *   - an empty signature field (no /V) may be filled: /V and /AP set.
 * The new signature objects themselves are not compared: nothing else
 * points at them. Anything else (content streams, fonts, images, pages,
 * the page tree, metadata, other fields) must be the same object with the
 * same bytes, or the earlier signatures are reported as altered.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf_int.h"

enum { MAX_DEPTH = 64, MAX_VISITS = 2000000 };

struct ref {
	int id, gen;
};

struct walk {
	struct pdf o, n; /* the earlier and the later revision */
	uint64_t *seen;  /* open addressing set of (id, gen) + 1; 0 is empty */
	size_t seen_cap, seen_n;
	struct ref *todo;
	size_t ntodo, todo_cap;
	bool altered;
	char *why;
	size_t why_cap;
};

static void differ(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void differ(struct walk *w, const char *fmt, ...)
{
	if (w->altered)
		return;
	w->altered = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->why, w->why_cap, fmt, ap);
	va_end(ap);
}

/* Adds (id, gen) to the set; false when it was there already. */
static bool seen_add(struct walk *w, int id, int gen)
{
	if (2 * (w->seen_n + 1) > w->seen_cap) {
		size_t cap = w->seen_cap ? 2 * w->seen_cap : 1024;
		uint64_t *s = calloc(cap, sizeof *s);
		if (!s) {
			differ(w, "out of memory");
			return false;
		}
		for (size_t i = 0; i < w->seen_cap; i++)
			if (w->seen[i]) {
				size_t h = (size_t)(w->seen[i] * 0x9E3779B97F4A7C15ull) & (cap - 1);
				while (s[h])
					h = (h + 1) & (cap - 1);
				s[h] = w->seen[i];
			}
		free(w->seen);
		w->seen = s;
		w->seen_cap = cap;
	}
	uint64_t key = ((uint64_t)(unsigned)id << 16 | (unsigned)(gen & 0xffff)) + 1;
	size_t h = (size_t)(key * 0x9E3779B97F4A7C15ull) & (w->seen_cap - 1);
	for (; w->seen[h]; h = (h + 1) & (w->seen_cap - 1))
		if (w->seen[h] == key)
			return false;
	w->seen[h] = key;
	w->seen_n++;
	return true;
}

static void todo_push(struct walk *w, qpdf_data q, qpdf_oh oh)
{
	int id = qpdf_oh_get_object_id(q, oh), gen = qpdf_oh_get_generation(q, oh);
	if (!seen_add(w, id, gen))
		return;
	if (w->seen_n > MAX_VISITS) {
		differ(w, "too many objects to compare");
		return;
	}
	if (w->ntodo == w->todo_cap) {
		size_t cap = w->todo_cap ? 2 * w->todo_cap : 256;
		struct ref *t = realloc(w->todo, cap * sizeof *t);
		if (!t) {
			differ(w, "out of memory");
			return;
		}
		w->todo = t;
		w->todo_cap = cap;
	}
	w->todo[w->ntodo++] = (struct ref){id, gen};
}

/* The keys of a dictionary, copied (qpdf iterates one at a time). */
static char **dict_keys(qpdf_data q, qpdf_oh dict, int *n)
{
	char **keys = NULL;
	int cap = 0;
	*n = 0;
	qpdf_oh_begin_dict_key_iter(q, dict);
	while (qpdf_oh_dict_more_keys(q)) {
		const char *k = qpdf_oh_dict_next_key(q);
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			char **more = realloc(keys, (size_t)cap * sizeof *keys);
			if (!more)
				break;
			keys = more;
		}
		keys[(*n)++] = strdup(k);
	}
	return keys;
}

static void children_push(struct walk *w, qpdf_oh oh, int depth);

static void child_push(struct walk *w, qpdf_oh oh, int depth)
{
	if (qpdf_oh_is_indirect(w->n.q, oh))
		todo_push(w, w->n.q, oh);
	else
		children_push(w, oh, depth + 1);
}

/* Queues the objects the later revision's object oh refers to. */
static void children_push(struct walk *w, qpdf_oh oh, int depth)
{
	qpdf_data q = w->n.q;
	if (depth > MAX_DEPTH) {
		differ(w, "objects nested too deeply to compare");
		return;
	}
	if (qpdf_oh_is_stream(q, oh))
		oh = qpdf_oh_get_dict(q, oh);
	if (qpdf_oh_is_array(q, oh)) {
		int n = qpdf_oh_get_array_n_items(q, oh);
		for (int i = 0; i < n; i++)
			child_push(w, qpdf_oh_get_array_item(q, oh, i), depth);
	} else if (qpdf_oh_is_dictionary(q, oh)) {
		int n;
		char **keys = dict_keys(q, oh, &n);
		for (int i = 0; i < n; i++) {
			if (keys[i])
				child_push(w, qpdf_oh_get_key(q, oh, keys[i]), depth);
			free(keys[i]);
		}
		free(keys);
	}
}

/* qpdf's text of an object; for a stream, its dictionary's. */
static char *obj_text(struct pdf *d, qpdf_oh oh)
{
	if (qpdf_oh_is_stream(d->q, oh))
		return pdf_unparse(d, qpdf_oh_get_dict(d->q, oh));
	return pdf_unparse(d, oh);
}

static bool same_stream_data(struct walk *w, qpdf_oh a, qpdf_oh b)
{
	unsigned char *x = NULL, *y = NULL;
	size_t nx = 0, ny = 0;
	bool same = qpdf_oh_get_stream_data(w->o.q, a, qpdf_dl_none, NULL, &x, &nx) == 0 &&
	            qpdf_oh_get_stream_data(w->n.q, b, qpdf_dl_none, NULL, &y, &ny) == 0 &&
	            nx == ny && (nx == 0 || memcmp(x, y, nx) == 0);
	free(x);
	free(y);
	return same;
}

/* Same text (after the caller removed the keys that may differ) and, for
 * streams, same data. */
static bool same_object(struct walk *w, qpdf_oh a, qpdf_oh b)
{
	char *x = obj_text(&w->o, a), *y = obj_text(&w->n, b);
	bool same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	if (same && qpdf_oh_is_stream(w->o.q, a))
		same = qpdf_oh_is_stream(w->n.q, b) && same_stream_data(w, a, b);
	return same;
}

static void keys_drop(struct pdf *d, qpdf_oh oh, const char *const *keys)
{
	if (qpdf_oh_is_dictionary(d->q, oh))
		for (; *keys; keys++)
			qpdf_oh_remove_key(d->q, oh, *keys);
}

/* A signature field: /FT /Sig on it or on its parent (a widget kid). */
static bool sig_field(struct pdf *d, qpdf_oh oh)
{
	if (!qpdf_oh_is_dictionary(d->q, oh))
		return false;
	if (pdf_key_is(d, oh, "/FT", "/Sig"))
		return true;
	return pdf_key_is(d, qpdf_oh_get_key(d->q, oh, "/Parent"), "/FT", "/Sig");
}

/* The items of array a in the earlier revision must all be in array b of
 * the later one (they are compared through the walk); b's other items
 * must be signature fields or their widgets (not walked). */
static void grown_array(struct walk *w, qpdf_oh a, qpdf_oh b, const char *what)
{
	/* Handle 0 (no array in the earlier revision) must not reach qpdf. */
	int na = a && qpdf_oh_is_array(w->o.q, a) ? qpdf_oh_get_array_n_items(w->o.q, a) : 0;
	int nb = qpdf_oh_is_array(w->n.q, b) ? qpdf_oh_get_array_n_items(w->n.q, b) : 0;
	char **old = calloc((size_t)na + 1, sizeof *old);
	bool *kept = calloc((size_t)na + 1, sizeof *kept);
	for (int i = 0; old && i < na; i++)
		old[i] = pdf_ref_text(&w->o, qpdf_oh_get_array_item(w->o.q, a, i));
	for (int j = 0; old && kept && j < nb && !w->altered; j++) {
		qpdf_oh item = qpdf_oh_get_array_item(w->n.q, b, j);
		char *t = pdf_ref_text(&w->n, item);
		int found = -1;
		for (int i = 0; t && i < na && found < 0; i++)
			if (!kept[i] && old[i] && strcmp(old[i], t) == 0)
				found = i;
		if (found >= 0) {
			kept[found] = true;
			child_push(w, item, 0);
		} else if (!qpdf_oh_is_indirect(w->n.q, item) || !sig_field(&w->n, item)) {
			differ(w, "%s gained an entry that is not a signature", what);
		}
		free(t);
	}
	for (int i = 0; old && kept && i < na && !w->altered; i++)
		if (!kept[i])
			differ(w, "%s lost an entry", what);
	if (!old || !kept)
		differ(w, "out of memory");
	for (int i = 0; old && i < na; i++)
		free(old[i]);
	free(old);
	free(kept);
}

static void acroform_compare(struct walk *w, qpdf_oh a, qpdf_oh b)
{
	bool had = qpdf_oh_is_dictionary(w->o.q, a);
	if (!qpdf_oh_is_dictionary(w->n.q, b)) {
		if (had)
			differ(w, "the form (AcroForm) was removed");
		return;
	}
	if (qpdf_oh_is_indirect(w->n.q, b))
		seen_add(w, qpdf_oh_get_object_id(w->n.q, b), qpdf_oh_get_generation(w->n.q, b));
	grown_array(w, had ? qpdf_oh_get_key(w->o.q, a, "/Fields") : 0,
	            qpdf_oh_get_key(w->n.q, b, "/Fields"), "the form's field list");
	/* /DR gains the font of a visible signature's appearance (poppler's). */
	static const char *const drop[] = {"/Fields", "/SigFlags", "/DR", NULL};
	static const char *const drop_new[] = {"/Fields", "/SigFlags", "/DA", "/DR", NULL};
	keys_drop(&w->n, b, had ? drop : drop_new);
	if (had) {
		keys_drop(&w->o, a, drop);
		if (!same_object(w, a, b))
			differ(w, "the form (AcroForm) was changed");
	} else {
		char *t = obj_text(&w->n, b);
		if (!t || strcmp(t, "<< >>") != 0)
			differ(w, "a form (AcroForm) was added with more than signatures");
		free(t);
	}
	children_push(w, b, 0);
}

static void catalog_compare(struct walk *w, qpdf_oh a, qpdf_oh b)
{
	static const char *const drop[] = {"/AcroForm", NULL};
	acroform_compare(w, qpdf_oh_get_key(w->o.q, a, "/AcroForm"),
	                 qpdf_oh_get_key(w->n.q, b, "/AcroForm"));
	keys_drop(&w->o, a, drop);
	keys_drop(&w->n, b, drop);
	if (!same_object(w, a, b))
		differ(w, "the document catalog was changed");
	children_push(w, b, 0);
}

static void page_compare(struct walk *w, int id, qpdf_oh a, qpdf_oh b)
{
	static const char *const drop[] = {"/Annots", NULL};
	grown_array(w, qpdf_oh_get_key(w->o.q, a, "/Annots"), qpdf_oh_get_key(w->n.q, b, "/Annots"),
	            "a page's annotations");
	keys_drop(&w->o, a, drop);
	keys_drop(&w->n, b, drop);
	if (!same_object(w, a, b))
		differ(w, "page object %d was changed", id);
	children_push(w, b, 0);
}

static void object_compare(struct walk *w, struct ref r)
{
	qpdf_oh a = qpdf_get_object_by_id(w->o.q, r.id, r.gen);
	qpdf_oh b = qpdf_get_object_by_id(w->n.q, r.id, r.gen);
	if (qpdf_oh_is_null(w->o.q, a) != qpdf_oh_is_null(w->n.q, b)) {
		differ(w, "object %d was added or removed", r.id);
		return;
	}
	if (pdf_key_is(&w->o, a, "/Type", "/Page") && pdf_key_is(&w->n, b, "/Type", "/Page")) {
		page_compare(w, r.id, a, b);
		return;
	}
	/* An empty signature field may be filled by a later signature. */
	if (pdf_key_is(&w->o, a, "/FT", "/Sig") && !qpdf_oh_has_key(w->o.q, a, "/V")) {
		static const char *const drop[] = {"/V", "/AP", NULL};
		keys_drop(&w->o, a, drop);
		keys_drop(&w->n, b, drop);
	}
	if (!same_object(w, a, b))
		differ(w, "object %d was changed", r.id);
	children_push(w, b, 0);
}

int pdf_revision_diff(const unsigned char *data, size_t old_len, size_t new_len, char *why,
                      size_t cap)
{
	struct walk w;
	memset(&w, 0, sizeof w);
	w.why = why;
	w.why_cap = cap;
	struct xerr e;
	if (pdf_open(&w.o, data, old_len, false, &e) != 0) {
		snprintf(why, cap, "the signed revision cannot be read");
		return 1;
	}
	if (pdf_open(&w.n, data, new_len, false, &e) != 0) {
		pdf_close(&w.o);
		snprintf(why, cap, "the later revision cannot be read");
		return 1;
	}
	qpdf_oh a = qpdf_get_root(w.o.q), b = qpdf_get_root(w.n.q);
	if (qpdf_oh_get_object_id(w.o.q, a) != qpdf_oh_get_object_id(w.n.q, b) ||
	    qpdf_oh_get_generation(w.o.q, a) != qpdf_oh_get_generation(w.n.q, b))
		differ(&w, "the document catalog was replaced");
	else {
		seen_add(&w, qpdf_oh_get_object_id(w.n.q, b), qpdf_oh_get_generation(w.n.q, b));
		catalog_compare(&w, a, b);
	}
	while (w.ntodo && !w.altered) {
		struct ref r = w.todo[--w.ntodo];
		object_compare(&w, r);
		if (pdf_failed(&w.o) || pdf_failed(&w.n))
			differ(&w, "object %d cannot be read in both revisions", r.id);
		qpdf_oh_release_all(w.o.q);
		qpdf_oh_release_all(w.n.q);
	}
	pdf_close(&w.o);
	pdf_close(&w.n);
	free(w.seen);
	free(w.todo);
	return w.altered ? 1 : 0;
}
