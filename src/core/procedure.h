/*
 * procedure.h: the administrative procedure catalogue (thủ tục hành chính)
 * as the program handles it, and the strict reading of its three CSV files
 * (pure: the caller supplies the bytes).
 *
 *   procedures.csv           code,name,field,level,time_value,time_unit,
 *                            fee_vnd,online_level,source[,result_signed];
 *                            optional, for the 766 index: decision_date,
 *                            basis_effective,public_date (YYYY-MM-DD),
 *                            paper_result,full_online_eligible (0 or 1)
 *   procedure-documents.csv  procedure_code,seq,name,original_or_copy,count,
 *                            reusable,source
 *   procedure-fields.csv     procedure_code,seq,name,label_vi,label_en,type,
 *                            required
 *
 * Errors name the file, line and column ("procedures.csv:12:5: ...").
 * Parsed arrays are malloc'ed; the caller frees them with free().
 */
#ifndef XASO_CORE_PROCEDURE_H
#define XASO_CORE_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum {
	PROC_CODE_MAX = 16,
	PROC_NAME_MAX = 2048,
	PROC_FIELD_MAX = 256,
	PROC_SOURCE_MAX = 1024,
};

/* How the legal processing time is counted (the portal's DonViTinh). */
enum proc_time_unit {
	PROC_TIME_NONE = 0,    /* not known: no appointment date is computed */
	PROC_TIME_WORKDAY,     /* N working days from the day after receipt */
	PROC_TIME_CALENDARDAY, /* N calendar days ("ngày") */
	PROC_TIME_SAMEDAY,     /* same working day, next one after 15:00 */
	PROC_TIME_WORKHOUR,    /* N office hours from receipt */
};

struct procedure {
	char code[PROC_CODE_MAX]; /* national database code, e.g. "1.001193" */
	char name[PROC_NAME_MAX];
	char field[PROC_FIELD_MAX]; /* lĩnh vực, e.g. "Hộ tịch" */
	char level[16];             /* "commune" or "province" */
	int time_value;             /* 0 with PROC_TIME_NONE or SAMEDAY */
	enum proc_time_unit time_unit;
	int64_t fee_vnd;  /* -1: not known */
	bool online_full; /* full-process online ("full") or partial */
	char source[PROC_SOURCE_MAX];
	/* The result is a document the unit issues and signs (a decision, an
	 * extract, a certificate): its move to "result ready" is a leader's
	 * approval, which signs it (core/dossier.h). The optional column
	 * result_signed (0 or 1) of procedures.csv; 1 when absent, as a
	 * commune's results are documents its chair signs. */
	bool result_signed;
	/* What the index of Decision 766 reads (core/index766.h, rows 1.1-1.3,
	 * 3.1-3.4, 4.1-4.2): the publication decision's date, the legal
	 * basis's latest effective date and the day xaso made it public, as
	 * Julian days (0: not known; a file without the column keeps what is
	 * stored); whether its result is a paper document and whether it is
	 * eligible for full online service (-1: not given, keep what is
	 * stored; stored defaults 1 and 0). */
	int32_t decision_day, basis_day, public_day;
	int paper_result, full_online_eligible;
};

struct procedure_document {
	char procedure[PROC_CODE_MAX];
	int seq;
	char name[512];
	char original_or_copy[20]; /* "original", "copy" or "original_or_copy" */
	int count;
	bool reusable; /* can be replaced by data from a national database */
	char source[512];
};

struct procedure_field {
	char procedure[PROC_CODE_MAX];
	int seq;
	char name[64]; /* key in the dossier's form data */
	char label_vi[256], label_en[256];
	char type[160]; /* text, textarea, date, number, pid, phone, select:a|b */
	bool required;
};

/* "workday", "calendarday", "sameday", "workhour" or "" and back (-1 for
 * an unknown name). */
const char *proc_time_unit_name(enum proc_time_unit u);
int proc_time_unit_parse(const char *s);

/* Checks a procedure code's shape: a digit, a dot, six digits. */
int procedure_check_code(const char *code, struct xerr *e);

int procedure_parse(const char *file, const char *data, size_t len, struct procedure **out,
                    size_t *n, struct xerr *e);
int procedure_documents_parse(const char *file, const char *data, size_t len,
                              struct procedure_document **out, size_t *n, struct xerr *e);
int procedure_fields_parse(const char *file, const char *data, size_t len,
                           struct procedure_field **out, size_t *n, struct xerr *e);

#endif
