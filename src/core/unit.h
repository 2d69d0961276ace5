/*
 * unit.h: an administrative unit as the program handles it, and the reading
 * of the official unit lists (pure: the caller supplies the file's bytes).
 *
 * Levels: province (2-digit GSO code) -> commune, ward or special zone
 * (5-digit code) -> village or residential group (commune code + local
 * sequence). Parsed arrays are malloc'ed; the caller frees them with free().
 */
#ifndef XASO_CORE_UNIT_H
#define XASO_CORE_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum unit_level {
	UNIT_PROVINCE = 1,
	UNIT_COMMUNE = 2, /* xã, phường, đặc khu */
	UNIT_VILLAGE = 3, /* thôn, bản, buôn, tổ dân phố, ... */
};

enum { UNIT_CODE_MAX = 16, UNIT_NAME_MAX = 160, UNIT_TYPE_MAX = 48 };

struct unit {
	char code[UNIT_CODE_MAX];
	char name[UNIT_NAME_MAX];       /* full official name, e.g. "Xã Ea Kar" */
	char short_name[UNIT_NAME_MAX]; /* provinces: "Đắk Lắk"; others as name */
	char type[UNIT_TYPE_MAX]; /* "Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", "Thôn"... */
	char parent[UNIT_CODE_MAX]; /* "" for a province */
	int level;
	int child_count;     /* filled by store_unit_get and listings */
	char valid_from[11]; /* YYYY-MM-DD */
	char valid_to[11];   /* YYYY-MM-DD it ceased to exist; "" while in force */
};

/* The official lists in the format of data/vn-provinces-2025.csv and
 * data/vn-units-2025.csv. */
int unit_parse_provinces(const char *name, const char *data, size_t len, struct unit **out,
                         size_t *n, struct xerr *e);
int unit_parse_communes(const char *name, const char *data, size_t len, struct unit **out,
                        size_t *n, struct xerr *e);

/* A village list: columns code,name,type,parent_code (type optional:
 * "Thôn" when absent). Codes are 6 to 12 digits and start with the parent's
 * code. Duplicate codes in the file are rejected with line and column. */
int unit_parse_villages(const char *name, const char *data, size_t len, struct unit **out,
                        size_t *n, struct xerr *e);

/* Checks a code's shape for its level; returns 0 or XERR_INVALID. */
int unit_check_code(const char *code, int level, struct xerr *e);

/* A unit's code as an integer key, for tables of millions of rows that
 * count by unit (residents): the code's digits behind a leading 1, so
 * that leading zeros survive ("22015001" is 122015001, "00004" 100004).
 * -1 when code is not 2 to 12 digits. unit_key_code() writes the code
 * back ("" for a key that is not one). */
int64_t unit_key(const char *code);
void unit_key_code(int64_t key, char out[UNIT_CODE_MAX]);

#endif
