/*
 * office.h: pieces shared by the officer's pages (page_office.c,
 * page_office_actions.c, page_receive.c, page_forms.c): loading the
 * dossier a page is about with the caller's right checked, an error
 * inside the page frame, and dates written out in words as the paper
 * forms of Circular 01/2018/TT-VPCP have them.
 *
 * Everything returned lives in the request arena.
 */
#ifndef XASO_WEB_OFFICE_H
#define XASO_WEB_OFFICE_H

#include <stdbool.h>
#include <stdint.h>

#include "web/http.h"

/* The dossier named by the route's first {} after auth_unit(action) on its
 * unit; applicant_too lets its own applicant through (the receipt). On
 * failure the error page is answered and NULL returned. */
struct dossier *office_dossier(struct req *r, const char *action, bool applicant_too);

/* Answers an error inside the page frame: title, the message (escaped) and
 * a link back to `back` (may be NULL). Returns 0. */
int office_error(struct req *r, const struct xerr *e, const char *back);

/* "ngày 28 tháng 4 năm 2026" / "28 April 2026"; "16 giờ 00 phút, ngày ..."
 * / "16:00 on 28 April 2026". "—" for 0. */
void office_date_words(struct req *r, int64_t t);
void office_time_words(struct req *r, int64_t t);
/* "28/04/2026 16:00" for tables; "—" for 0. */
void office_time_short(struct req *r, int64_t t);

/* The unit's name ("Xã Ea Kar"), or its code when unknown. */
const char *office_unit_name(struct req *r, const char *unit);
/* An account's full name (its login when it has none), "" for 0. */
const char *office_person(struct req *r, int64_t account_id);
/* The procedure's name, or its code when unknown. */
const char *office_procedure_name(struct req *r, const char *code);

/* The head of a page about one dossier: its title (plain text), a link
 * back to the dossier, and error (may be NULL) as a notice. */
void office_page_head(struct req *r, const struct dossier *d, const char *title, const char *error);

/* A printed form of the one-stop shop (page_forms.c): the unit's name
 * beside the national motto, the dossier's code and the form's title
 * (title_key, in the catalogue), on an A5 or A4 sheet (size "a5", "a4");
 * then "..., ngày 28 tháng 4 năm 2026" with the two signatures (a key of
 * NULL leaves its side empty). */
void office_paper_begin(struct req *r, const struct dossier *d, const char *title_key,
                        const char *size);
void office_paper_end(struct req *r, const struct dossier *d, int64_t at, const char *left_key,
                      const char *left_name, const char *right_key, const char *right_name);

/* The links to the actions open from the dossier's status
 * (page_office_actions.c). */
void office_action_links(struct req *r, const struct dossier *d);

/* Now, in local minutes. */
int64_t office_now(void);

#endif
