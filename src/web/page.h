/*
 * page.h: server-rendered HTML pages: the message catalogue (Vietnamese
 * first, English), and the common page frame. All text written through
 * page_text()/buf_html() is escaped; only literal markup of the program
 * goes through buf_html_trusted().
 */
#ifndef XASO_WEB_PAGE_H
#define XASO_WEB_PAGE_H

#include <stdbool.h>

#include "web/http.h"

/* The catalogue text for key in the request's language (the key itself
 * when missing, so a gap shows instead of crashing). */
const char *tr(const struct req *r, const char *key);

/* Opens the page: doctype, head, the site header with the language switch
 * and a breadcrumb area. title is plain text (escaped here). */
void page_begin(struct req *r, const char *title);
/* Closes the page and sets a 200 HTML response (or status). */
int page_end(struct req *r, int status);

/* Appends the escaped catalogue text for key. */
void page_text(struct req *r, const char *key);
/* Appends v with `decimals` digits after the decimal mark, a comma in
 * Vietnamese ("58,9") and a point in English ("58.9"); "—" for NaN. */
void page_decimal(struct req *r, double v, int decimals);

/* Appends a link "<a href=...>text</a>" with href built from a trusted
 * prefix and an URL-encoded value, and escaped text. The lang parameter is
 * carried along when English is selected. */
void page_link(struct req *r, const char *prefix, const char *value, const char *text);
/* The same with a trusted suffix after the value ("/receipt", "?a=1&b=2":
 * escaped here, so write & plainly); lang is appended with & when the
 * suffix has a query. */
void page_link_path(struct req *r, const char *prefix, const char *value, const char *suffix,
                    const char *text);

/* Form pieces. Every value is escaped. */
/* <input type=hidden name=... value=...> */
void page_hidden(struct req *r, const char *name, const char *value);
/* The session's CSRF token as a hidden field: every form that changes
 * data while signed in needs it. */
void page_csrf(struct req *r);
/* A labelled input: <label>text<input name type autocomplete value></label>. */
void page_input(struct req *r, const char *name, const char *type, const char *label_key,
                const char *value, const char *autocomplete, bool required);
/* A notice above a form: cls "error" or "ok"; text is escaped. */
void page_message(struct req *r, const char *cls, const char *text);
/* One term of a <dl class="facts">: the catalogue text for key, then the
 * value (escaped; "—" when empty). */
void page_fact(struct req *r, const char *key, const char *value);
/* The absolute address of a path of this site ("/track/CODE"), for QR
 * codes printed on paper: the configured public_url when set (behind a
 * proxy the Host header may name an internal address), else the address
 * the request came to. In the arena. */
const char *page_site_url(struct req *r, const char *path);

/* 303 See Other to a path of this site (after a form has changed data). */
int page_redirect(struct req *r, const char *to);
/* Why the route's form body could not be read (in_form_error(), http.h),
 * in the reader's language and naming the field at fault; NULL when it
 * could. *status gets 400 or 413. Handlers of lenient form routes call it
 * first, so an unreadable body is not taken for a stale form or an empty
 * field. */
const char *page_form_problem(struct req *r, int *status);

#endif
