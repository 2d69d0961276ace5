/*
 * store_procedures.h: the procedure catalogue. Part of the store.h contract.
 *
 * An import replaces the given procedures (matched by code) and, for every
 * procedure named in the document or field list, its whole list of
 * documents or fields; all in one transaction: on error nothing is stored.
 * Search ignores case and diacritics ("dang ky khai sinh" finds "Đăng ký
 * khai sinh"): every word of the query must appear in the folded name.
 */
#ifndef XASO_STORE_PROCEDURES_H
#define XASO_STORE_PROCEDURES_H

#include <stddef.h>

#include "core/procedure.h"
#include "core/xerr.h"

struct store;
struct actor;

/* Imports the lists (docs and fields may be NULL with n 0). *bad_list is
 * set to 0, 1 or 2 (procedures, documents, fields) and *bad to the index of
 * the row at fault when a row conflicts with stored data (e.g. a document
 * of an unknown procedure). */
int store_procedures_import(struct store *s, const struct actor *who, const struct procedure *p,
                            size_t np, const struct procedure_document *d, size_t nd,
                            const struct procedure_field *f, size_t nf, int *bad_list, size_t *bad,
                            struct xerr *e);

/* Sets what the 766 index reads of procedure p->code (decision_day,
 * basis_day, public_day, paper_result, full_online_eligible; 0 or -1
 * keeps the stored value), with its audit entry. XERR_NOTFOUND when there
 * is no such procedure. */
int store_procedure_set_766(struct store *s, const struct actor *who, const struct procedure *p,
                            struct xerr *e);

/* Loads the catalogue compiled into the binary (data/procedures.csv and
 * its document and field lists) when no procedure is stored yet. */
int store_procedures_seed(struct store *s, struct xerr *e);

/* One procedure by code; XERR_NOTFOUND when absent. */
int store_procedure_get(struct store *s, const char *code, struct procedure *out, struct xerr *e);

typedef int (*procedure_cb)(const struct procedure *p, void *ctx);
typedef int (*procedure_document_cb)(const struct procedure_document *d, void *ctx);
typedef int (*procedure_field_cb)(const struct procedure_field *f, void *ctx);

/* Procedures whose folded name contains every word of q (q NULL or "":
 * all), optionally only of one field (exact match), in code order, at most
 * limit, starting after the code `after` (NULL: from the start). */
int store_procedure_search(struct store *s, const char *q, const char *field, const char *after,
                           int limit, procedure_cb cb, void *ctx, struct xerr *e);

/* The documents and form fields of a procedure, by seq. */
int store_procedure_documents(struct store *s, const char *code, procedure_document_cb cb,
                              void *ctx, struct xerr *e);
int store_procedure_fields(struct store *s, const char *code, procedure_field_cb cb, void *ctx,
                           struct xerr *e);

/* Number of stored procedures. */
int store_procedure_count(struct store *s, long *n, struct xerr *e);

#endif
