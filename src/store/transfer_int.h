/*
 * transfer_int.h: the tables of a move (transfer_tables.c), as the copier
 * (transfer.c) reads them. Only those two files include it.
 *
 * Each table is described by its statements, all with the same
 * parameters: ?1 the unit whose subtree moves, ?2 1 when the whole source
 * moves (0 otherwise), ?3 the last source id copied and ?4 the page size
 * (tables with ids are read in pages of their ids).
 */
#ifndef XASO_STORE_TRANSFER_INT_H
#define XASO_STORE_TRANSFER_INT_H

#include <stdbool.h>

/* The unit's subtree: itself, its children, their children. */
#define XFER_SUBTREE                                                                               \
	"code = ?1 OR parent = ?1 OR parent IN (SELECT code FROM unit WHERE parent = ?1)"
#define XFER_IN_UNIT(col) col " IN (SELECT code FROM unit WHERE " XFER_SUBTREE ")"
/* The same for a column of unit keys (core/unit.h unit_key: "1" and the
 * code's digits, as an integer). */
#define XFER_IN_UNIT_KEY(col)                                                                      \
	col " IN (SELECT CAST('1' || code AS BIGINT) FROM unit WHERE " XFER_SUBTREE ")"

/* The id maps: a source id to the target's. */
enum xfer_map {
	XM_NONE,
	XM_ACCOUNT,
	XM_TOKEN,
	XM_HOUSEHOLD,
	XM_RESIDENT,
	XM_DOSSIER,
	XM_FEEDBACK,
	XM_EXTRACT,
	XM_BUSINESS,
	XM_TEAM,
	XM_MEMBER,
	XM_CAMPAIGN,
	XM_ACTIVITY,
	XM_PRODUCT,
	XM_REPORT,
	XM_STATEMENT,
	XM_CREDIT,
	XM_FILE,
	XM_CERT,
	XM_COUNT
};

/* What a reference becomes when its row did not move. */
enum xfer_miss {
	XMISS_FAIL,  /* the move is refused (a dossier's event without its dossier) */
	XMISS_NULL,  /* NULL (a dossier filed by an account that did not move) */
	XMISS_ZERO,  /* 0, "nobody" (an event's account id; its login stays) */
	XMISS_FIRST, /* the value of the first reference (a token's creator: its owner) */
};

enum { XFER_REFS_MAX = 7 }; /* references of a row, and the end of the list */

struct xfer_ref {
	int col; /* index among the value columns; map XM_NONE ends the list */
	enum xfer_map map;
	enum xfer_miss miss;
};

struct xfer_table {
	const char *name;
	/* The source's rows: the id first when `paged` (read in pages of ids)
	 * or when `ids`, then the values in the order of `kinds` ('i' integer,
	 * 'd' real, 't' text; each may be NULL). `ids` is the map the row's id goes into
	 * (XM_NONE: none refers to it). */
	const char *select;
	const char *kinds;
	bool paged;
	enum xfer_map ids;
	struct xfer_ref refs[XFER_REFS_MAX];
	/* Shared rows: the target's row with the same first nkey values (its
	 * id when `ids`); such a row is kept. NULL: the unit's own rows. */
	const char *find;
	int nkey;
	/* The values, in that order; RETURNING id when `ids`. */
	const char *insert;
	/* Blobs: the file is copied before its row is written. */
	bool files;
	/* The unit's rows written with natural keys (?1 only), compared on
	 * both sides afterwards; NULL: not compared. */
	const char *sum;
	const char *sum_kinds;
};

/* The tables in the order they are copied (parents first), and those of
 * the schema that are not copied as rows (NULL-terminated). */
extern const struct xfer_table xfer_tables[];
extern const int xfer_ntables;
extern const char *const xfer_not_moved[];
/* The audit entries that concern the unit (all of them when the whole
 * source moves), with the columns of st_audit_read, paged. */
extern const char xfer_audit_select[];

#endif
