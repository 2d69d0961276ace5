/*
 * index766.h: the index of Decision 766/QĐ-TTg (service to people and
 * businesses), its rule table as data and its scoring. Pure: no I/O.
 *
 * This module owns the RULE TABLE: dated profiles, each a list of
 * sub-indicators (rows) in six groups (transparency 18, progress 20, online
 * service 12, online payment 10, digitisation 22, satisfaction 18; 100),
 * each row with its code, names, scope (province, or province and
 * commune), maximum points, target, conversion, zero-denominator rule,
 * source (computed by xaso or an external reported figure) and the rule
 * text shown next to it with its source tag ([O] official, [S] secondary,
 * [P] the national portal's practice, [NF] not found). And it owns the
 * SCORING: counts in (struct idx766_counts), rate and points per row, per
 * group and in total out, "not applicable" distinct from 0.
 *
 * It does not own the counting: the store fills struct idx766_counts for a
 * unit and a period (on time through the rule book, core/dossier.h), and
 * an external figure comes from the reported figures. docs/index766.md is
 * the table as officials read it.
 *
 * Sources: ../shared/RULES-766-2026.md §1 (the portal's sheet "Công thức
 * 766.xlsx" METRICS and the point formulas fitted to its answers, GitHub
 * ChippedTopaz/qd766) and RULES.md §1.2-1.3. The official annex of the
 * decision (2022) was NOT FOUND: its profile is an empty slot.
 *
 * Memory: profiles and rows are static; results are caller-owned structs.
 */
#ifndef XASO_CORE_INDEX766_H
#define XASO_CORE_INDEX766_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xerr.h"

enum idx_group {
	IDX_TRANSPARENCY = 0, /* Công khai, minh bạch */
	IDX_PROGRESS,         /* Tiến độ giải quyết */
	IDX_ONLINE,           /* Dịch vụ công trực tuyến */
	IDX_PAYMENT,          /* Thanh toán trực tuyến */
	IDX_DIGITISATION,     /* Số hóa hồ sơ */
	IDX_SATISFACTION,     /* Mức độ hài lòng */
	IDX_GROUPS,
};

enum { IDX_ROWS_MAX = 32 };

/* A numerator over a denominator. NaN (either): not known, e.g. an
 * external figure nobody reported; 0 <= num <= den otherwise. */
struct idx_frac {
	double num, den;
};

/* What the store fills for one unit and one period: each row's numerator
 * and denominator. "In the period" means received in the period unless a
 * row says otherwise (the portal's reading, RULES.md §1.2-1.3). */
struct idx766_counts {
	/* 1. Transparency */
	struct idx_frac publish_on_time;       /* 1.1 procedures whose publication decision
	                                          came on time / procedures published */
	struct idx_frac public_update_on_time; /* 1.2 made public on time / to be made public */
	struct idx_frac public_content_full;   /* 1.3 public with every component / public */
	struct idx_frac dossier_sync;          /* 1.4 EXTERNAL: synced in real time / dossiers */
	/* 2. Progress */
	struct idx_frac on_time; /* 2.1 dossiers done or open within time / received and
	                            processed (rule book: core/dossier.h) */
	/* 3. Online service (composite: A + B + C) */
	struct idx_frac procedures_online;      /* 3.1 A: procedures offered online (partly or
	                                           fully) / procedures under the unit */
	struct idx_frac services_with_dossiers; /* 3.2 B: online services that received an
	                                           online dossier / online services */
	struct idx_frac online_dossiers;        /* 3.3 C: dossiers filed online / dossiers */
	struct idx_frac full_online_dossiers;   /* 3.4 tracked: full-online dossiers /
	                                           dossiers of procedures eligible for it */
	/* 4. Online payment (composite: A + B + C) */
	struct idx_frac paid_online;            /* 3.6 A: dossiers paid online / dossiers
	                                           with fees (minus those whose fees are 0) */
	struct idx_frac procedures_paid_online; /* 3.5b B: procedures with an online payment
	                                           / procedures with fees */
	struct idx_frac procedures_fee_synced;  /* 3.5 C: procedures with fee data on their
	                                           dossiers / procedures with fees */
	/* 5. Digitisation */
	struct idx_frac e_result;              /* 4.1 dossiers with an electronic result file /
	                                          dossiers of procedures with a paper result */
	struct idx_frac digitised;             /* 4.2 dossiers with attached documents (and the
	                                          e-result where a paper result is due) / dossiers */
	struct idx_frac certified_copy;        /* 4.6 EXTERNAL: communes offering electronic
	                                          certified copies / communes */
	struct idx_frac reused;                /* 4.3 dossiers with a reused component / dossiers */
	struct idx_frac personal_storage;      /* 4.4 EXTERNAL: dossiers with a component
	                                          from the national personal storage / dossiers */
	struct idx_frac population_dossiers;   /* 4.5b dossiers using population data /
	                                          dossiers */
	struct idx_frac population_procedures; /* 4.5a procedures with such dossiers /
	                                          procedures for citizens */
	/* 6. Satisfaction */
	struct idx_frac feedback_on_procedures; /* 5.1a tracked: feedback about rules and
	                                           procedures / feedback */
	struct idx_frac feedback_on_staff;      /* 5.1b tracked: feedback about staff /
	                                           feedback */
	struct idx_frac feedback_on_time;       /* 5.2 feedback handled on time / feedback */
	struct idx_frac feedback_satisfied;     /* 5.3 feedback minus disliked, late or
	                                           complained again / feedback */
	struct idx_frac dossier_satisfied;      /* 5.4 dossiers minus dissatisfied, complained
	                                           about or late / dossiers */
};

enum idx_scope {
	IDX_PROVINCE_ONLY = 1, /* "Tỉnh" */
	IDX_BOTH = 2,          /* "Tỉnh, xã" */
};

enum idx_convert {
	IDX_LINEAR = 1, /* max x rate */
	IDX_TARGET,     /* min(max, max x rate / target) */
	IDX_COMPONENT,  /* a term of the group's composite formula: max x rate / target */
	IDX_TRACKED,    /* shown, never scored (0 points) */
};

/* What a row scores when its denominator is 0. */
enum idx_zero {
	IDX_ZERO_NA = 1, /* not applicable: the row leaves the maximum */
	IDX_ZERO_NONE,   /* not applicable, 0 points, still in the maximum */
	IDX_ZERO_FULL,   /* not applicable, full points */
	IDX_ZERO_SPLIT,  /* not applicable, its points move in halves to split_to[] */
};

/* Rows whose rule is a choice where the sources conflict (struct idx_options). */
enum idx_option {
	IDX_OPT_NONE = 0,
	IDX_OPT_FEEDBACK_ZERO, /* the zero rule is options.feedback_zero */
	IDX_OPT_FEE_CAP,       /* capped unless options.fee_synced_uncapped */
};

enum idx_source {
	IDX_XASO = 1,     /* xaso computes it from its own records */
	IDX_EXTERNAL = 2, /* xaso cannot know it: taken from a reported figure */
};

struct idx_row {
	const char *code;     /* xaso's stable code: "2.1", "4.5a" */
	const char *api_code; /* the portal's metric code, "" when it has none */
	enum idx_group group;
	const char *name_vi, *name_en;
	const char *num_vi, *den_vi; /* what the numerator and denominator count */
	enum idx_scope scope;
	double max;
	double target; /* a fraction: 1 is 100 % */
	bool cap;      /* points never above max */
	enum idx_convert convert;
	enum idx_zero zero;
	const char *split_to[2]; /* row codes, for IDX_ZERO_SPLIT */
	enum idx_option option;  /* a choice of struct idx_options applies to the row */
	enum idx_source source;
	const char *figure_num, *figure_den; /* EXTERNAL: the reported figures (core/expr.h) */
	size_t counts;                 /* offsetof(struct idx766_counts, the row's fraction) */
	const char *rule_vi, *rule_en; /* shown next to the row, with source tags */
	/* The counts of a unit's subtree are the sums of its units' (dossiers,
	 * feedback, communes); false where they count procedures or services,
	 * which the store counts for the unit itself. */
	bool additive;
};

struct idx_group_def {
	const char *code; /* "transparency", ... stable */
	const char *name_vi, *name_en;
	double max;
	const char *formula; /* the composite formula's text, or NULL */
};

struct idx_profile {
	const char *id;                            /* "dvcqg-2026-09" */
	const char *name;                          /* shown */
	const char *tag;                           /* "[P]", "[O]" */
	const char *effective_from, *effective_to; /* "YYYY-MM-DD"; to NULL: open */
	bool found; /* false: the table was not found; the profile cannot score */
	const char *note_vi, *note_en;
	const struct idx_row *rows;
	size_t nrows;
	const struct idx_group_def *groups; /* IDX_GROUPS of them */
};

const struct idx_profile *idx_profiles(size_t *n);
const struct idx_profile *idx_profile_find(const char *id);
/* Among ps[0..n), the profile in force on `day` (Julian) whose table was
 * found, the latest to take effect. XERR_NOTFOUND when none. */
int idx_profile_for(const struct idx_profile *ps, size_t n, int32_t day,
                    const struct idx_profile **out, struct xerr *e);
const struct idx_row *idx_row_find(const struct idx_profile *p, const char *code);

/* Where sources disagree or are silent, xaso chooses; these options hold
 * the choices (idx_options_default: the portal's observed behaviour). */
enum idx_commune_rule {
	IDX_COMMUNE_NA = 1, /* rows for provinces only leave a commune's maximum */
	IDX_COMMUNE_FULL,   /* they score full points ("business requirement" in
	                       ChippedTopaz/qd766 docs/M1_NORMALIZATION.md, source unknown) */
};

struct idx_options {
	enum idx_commune_rule commune;
	enum idx_zero feedback_zero; /* 5.3 without feedback: FULL (observed) or SPLIT
	                                (the METRICS note, xaso's reading) */
	bool fee_synced_uncapped;    /* 3.5 as fitted, 2.5 x C without a cap */
};

void idx_options_default(struct idx_options *o);

enum idx_state {
	IDX_SCORED = 1,         /* rate and points */
	IDX_NOT_APPLICABLE = 2, /* denominator 0: points by the zero rule */
	IDX_OUT_OF_SCOPE = 3,   /* a row for provinces, at a commune */
	IDX_NO_DATA = 4,        /* an external figure not reported: 0 points so far */
	IDX_TRACKING = 5,       /* shown only */
};

struct idx_row_result {
	const struct idx_row *row;
	enum idx_state state;
	double num, den;
	double rate; /* num / den, NaN when not scored on a rate */
	double max;  /* after scope, splits and "not applicable" */
	double points;
	enum idx_zero zero; /* the rule applied when state is NOT_APPLICABLE */
};

struct idx_group_result {
	double points, max;
};

struct idx_result {
	const struct idx_profile *profile;
	struct idx_row_result rows[IDX_ROWS_MAX];
	size_t nrows;
	struct idx_group_result groups[IDX_GROUPS];
	double total, max;
	bool complete; /* false while an external figure is missing */
};

/* Scores one unit (level UNIT_PROVINCE or UNIT_COMMUNE of core/unit.h).
 * Refused: a profile whose table was not found (XERR_NOTFOUND), another
 * level, counts that are negative or a numerator above its denominator
 * (XERR_INVALID, field = the row's code). */
int idx_score(const struct idx_profile *p, int level, const struct idx766_counts *c,
              const struct idx_options *o, struct idx_result *out, struct xerr *e);

/* The index as indicators of the monitoring layer (criteria can read
 * them): "index766_total" and one per group ("index766_transparency", ...). */
enum { IDX_VALUES = IDX_GROUPS + 1 };
extern const char *const idx_value_names[IDX_VALUES];
void idx_values(const struct idx_result *r, double out[IDX_VALUES]);

#endif
