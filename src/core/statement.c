/* statement.c: bank statements in CSV: the header, the rows, the keys, and
 * the verdict on one credit. */
#include "core/statement.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/lunar.h"
#include "core/money.h"
#include "core/text.h"

enum role { R_UNKNOWN = -1, R_IGNORE, R_DATE, R_CREDIT, R_DEBIT, R_AMOUNT, R_DESC, R_REF, R_COUNT };

/* Column names, folded (no diacritics, lower case), as Vietnamese banks'
 * exports and xaso's own format write them. A header cell may hold several
 * names separated by '/' or a line break ("Số tiền ghi có/ Credit"); the
 * first one known decides. R_IGNORE names are known columns xaso does not
 * read (STT/No. is the row number, not Nợ). */
static const struct {
	const char *name;
	enum role role;
} names[] = {
    {"stt", R_IGNORE},
    {"so thu tu", R_IGNORE},
    {"no.", R_IGNORE},
    {"so du", R_IGNORE},
    {"balance", R_IGNORE},
    {"ngay", R_DATE},
    {"ngay giao dich", R_DATE},
    {"ngay gd", R_DATE},
    {"ngay hach toan", R_DATE},
    {"ngay hieu luc", R_DATE},
    {"ngay ghi so", R_DATE},
    {"ngay gio giao dich", R_DATE},
    {"thoi gian", R_DATE},
    {"thoi gian giao dich", R_DATE},
    {"date", R_DATE},
    {"transaction date", R_DATE},
    {"tnx date", R_DATE},
    {"txn date", R_DATE},
    {"trans date", R_DATE},
    {"posting date", R_DATE},
    {"value date", R_DATE},
    {"effective date", R_DATE},
    {"booking date", R_DATE},
    {"accounting date", R_DATE},
    {"co", R_CREDIT},
    {"ghi co", R_CREDIT},
    {"so tien ghi co", R_CREDIT},
    {"phat sinh co", R_CREDIT},
    {"ps co", R_CREDIT},
    {"tien vao", R_CREDIT},
    {"so tien vao", R_CREDIT},
    {"credit", R_CREDIT},
    {"credit amount", R_CREDIT},
    {"deposit", R_CREDIT},
    {"money in", R_CREDIT},
    {"no", R_DEBIT},
    {"ghi no", R_DEBIT},
    {"so tien ghi no", R_DEBIT},
    {"phat sinh no", R_DEBIT},
    {"ps no", R_DEBIT},
    {"tien ra", R_DEBIT},
    {"so tien ra", R_DEBIT},
    {"debit", R_DEBIT},
    {"debit amount", R_DEBIT},
    {"withdrawal", R_DEBIT},
    {"money out", R_DEBIT},
    {"so tien", R_AMOUNT},
    {"so tien giao dich", R_AMOUNT},
    {"amount", R_AMOUNT},
    {"transaction amount", R_AMOUNT},
    {"noi dung", R_DESC},
    {"noi dung giao dich", R_DESC},
    {"noi dung chi tiet", R_DESC},
    {"noi dung chuyen khoan", R_DESC},
    {"dien giai", R_DESC},
    {"mo ta", R_DESC},
    {"mo ta giao dich", R_DESC},
    {"chi tiet giao dich", R_DESC},
    {"description", R_DESC},
    {"transaction description", R_DESC},
    {"details", R_DESC},
    {"transaction details", R_DESC},
    {"transactions in detail", R_DESC},
    {"narrative", R_DESC},
    {"remark", R_DESC},
    {"remarks", R_DESC},
    {"content", R_DESC},
    {"so tham chieu", R_REF},
    {"ma tham chieu", R_REF},
    {"ma giao dich", R_REF},
    {"ma gd", R_REF},
    {"so giao dich", R_REF},
    {"so gd", R_REF},
    {"so but toan", R_REF},
    {"so ct", R_REF},
    {"so chung tu", R_REF},
    {"reference", R_REF},
    {"reference number", R_REF},
    {"reference no", R_REF},
    {"ref", R_REF},
    {"ref no", R_REF},
    {"transaction id", R_REF},
    {"transaction no", R_REF},
    {"transaction number", R_REF},
    {"doc no", R_REF},
    {"trace", R_REF},
};

/* The role of one name: folded, without "(VND)" and without the trailing
 * footnote digits or colon of "Ngày1:" */
static enum role name_role(const char *raw, size_t n)
{
	char part[128];
	struct buf b;
	if (n >= sizeof part)
		return R_UNKNOWN;
	memcpy(part, raw, n);
	part[n] = '\0';
	char *paren = strchr(part, '(');
	if (paren)
		*paren = '\0';
	buf_init(&b);
	enum role role = R_UNKNOWN;
	if (text_fold(part, &b) == 0) {
		while (b.len && strchr("0123456789:* ", b.data[b.len - 1]))
			b.data[--b.len] = '\0';
		for (size_t i = 0; i < sizeof names / sizeof names[0] && role == R_UNKNOWN; i++)
			if (!strcmp(b.data, names[i].name))
				role = names[i].role;
	}
	buf_free(&b);
	return role;
}

static enum role header_role(const char *cell)
{
	for (const char *p = cell;;) {
		size_t n = strcspn(p, "/\n\r|");
		enum role role = name_role(p, n);
		if (role != R_UNKNOWN || !p[n])
			return role;
		p += n + 1;
	}
}

/* Fills col[] from a candidate header row; true when it is one. */
static bool header_columns(const struct csv *c, int col[R_COUNT])
{
	for (int r = 0; r < R_COUNT; r++)
		col[r] = -1;
	for (size_t i = 0; i < c->ncols; i++) {
		enum role r = header_role(c->header[i]);
		if (r > R_IGNORE && col[r] < 0)
			col[r] = (int)i;
	}
	if (col[R_CREDIT] >= 0)
		col[R_AMOUNT] = -1;
	return col[R_DATE] >= 0 && col[R_DESC] >= 0 && (col[R_CREDIT] >= 0 || col[R_AMOUNT] >= 0);
}

/* The first `cap` bytes of [p, end), cut after a line break. */
static size_t window(const char *p, const char *end, size_t cap)
{
	size_t n = (size_t)(end - p);
	if (n <= cap)
		return n;
	while (cap && p[cap - 1] != '\n')
		cap--;
	return cap;
}

/* Opens c on the header row: tries each separator, and each of the first
 * lines as the header's first line (a header cell may span lines). The
 * header is looked for in the next 64 KB, then c reads from it to the end. */
static int find_header(const char *name, const char *data, size_t len, struct csv *c,
                       int col[R_COUNT], struct xerr *e)
{
	static const char seps[] = {',', ';', '\t'};
	size_t bad;
	if (!text_valid_utf8(data, len, &bad))
		return csv_open(c, name, data, len, NULL, e); /* names the line and column */
	for (size_t s = 0; s < sizeof seps; s++) {
		const char *p = data, *end = data + len;
		for (int line = 1; line <= STATEMENT_HEADER_LINES && p < end; line++) {
			struct xerr ignored;
			bool found = csv_open_sep(c, name, seps[s], p, window(p, end, 65536), NULL,
			                          &ignored) == 0 &&
			             header_columns(c, col);
			csv_close(c);
			if (found) {
				csv_open_sep(c, name, seps[s], p, (size_t)(end - p), NULL, e);
				c->line += line - 1;
				c->row_line += line - 1;
				return 0;
			}
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		}
	}
	memset(c, 0, sizeof *c);
	return xerr_set(e, XERR_INVALID, "file",
	                "%s:1:1: no header row with a date, an amount (or credit) and a "
	                "description column in the first %d lines (see docs/payments.md)",
	                name, STATEMENT_HEADER_LINES);
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static const char *trimmed(struct arena *a, const char *s)
{
	s += strspn(s, " \t\r\n");
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* Reads up to 4 digits; their count, or 0. */
static int number(const char **p, int *v)
{
	int n = 0;
	for (*v = 0; n < 5 && **p >= '0' && **p <= '9'; (*p)++, n++)
		*v = *v * 10 + (**p - '0');
	return n > 4 ? 0 : n;
}

/* "DD/MM/YYYY" (also '-' or '.'; one-digit day and month) or
 * "YYYY-MM-DD", optionally followed by a time and other text, which *rest
 * gets (a bank's document number, in Vietcombank's date column). */
static bool parse_day(const char *s, int32_t *day, const char **rest)
{
	const char *p = s + strspn(s, " \t");
	int v[3], w[3];
	char sep = 0;
	for (int k = 0; k < 3; k++) {
		w[k] = number(&p, &v[k]);
		if (!w[k])
			return false;
		if (k == 2)
			break;
		if (!strchr("/-.", *p) || !*p || (sep && *p != sep))
			return false;
		sep = *p++;
	}
	int y, m, d;
	if (w[0] == 4 && w[1] <= 2 && w[2] <= 2)
		y = v[0], m = v[1], d = v[2];
	else if (w[0] <= 2 && w[1] <= 2 && w[2] == 4)
		d = v[0], m = v[1], y = v[2];
	else
		return false;
	if (*p && !strchr(" \tT\r\n", *p))
		return false;
	if (lunar_check_civil(y, m, d, "date", day, NULL) != 0)
		return false;
	p += strspn(p, " \tT\r\n");
	if (*p >= '0' && *p <= '9' && strchr(p, ':')) /* a time: 10:22 or 10:22:05 */
		p += strspn(p, "0123456789:");
	*rest = p + strspn(p, " \t\r\n");
	return true;
}

/* The amount of the current row: a credit, minus a debit, or the signed
 * amount column. */
static int row_amount(const struct csv *c, const int col[R_COUNT], int64_t *amount, struct xerr *e)
{
	struct xerr why;
	int64_t credit = 0, debit = 0;
	if (col[R_AMOUNT] >= 0) {
		if (money_parse(csv_field(c, col[R_AMOUNT]), "amount", amount, &why))
			return csv_error(c, col[R_AMOUNT], e, "%s", why.msg);
		return 0;
	}
	const char *cs = csv_field(c, col[R_CREDIT]), *ds = csv_field(c, col[R_DEBIT]);
	if (!blank(cs) && money_parse(cs, "credit", &credit, &why))
		return csv_error(c, col[R_CREDIT], e, "%s", why.msg);
	if (credit < 0)
		return csv_error(c, col[R_CREDIT], e, "a credit is not negative");
	if (col[R_DEBIT] >= 0 && !blank(ds) && money_parse(ds, "debit", &debit, &why))
		return csv_error(c, col[R_DEBIT], e, "%s", why.msg);
	if (credit && debit)
		return csv_error(c, col[R_DEBIT], e, "a row is a credit or a debit, not both");
	*amount = credit ? credit : (debit < 0 ? debit : -debit);
	return 0;
}

/* One row into l: 0; ROW_EMPTY or ROW_NO_DATE for a row that is not a
 * transaction; or an error. */
enum { ROW_EMPTY = 1, ROW_NO_DATE = 2 };

static int read_row(const struct csv *c, const int col[R_COUNT], struct arena *a,
                    struct statement_line *l, struct xerr *e)
{
	bool empty = true;
	for (size_t i = 0; i < c->nfields; i++)
		empty = empty && blank(c->field[i]);
	const char *date = csv_field(c, col[R_DATE]), *rest = "";
	if (empty)
		return ROW_EMPTY;
	if (!date[strcspn(date, "0123456789")]) /* "", "Tổng cộng", "Số dư cuối kỳ" */
		return ROW_NO_DATE;
	memset(l, 0, sizeof *l);
	l->line = c->row_line;
	if (!parse_day(date, &l->day, &rest))
		return csv_error(c, col[R_DATE], e,
		                 "\"%.40s\" is not a date (DD/MM/YYYY or YYYY-MM-DD)", date);
	int rc = row_amount(c, col, &l->amount, e);
	if (rc)
		return rc;
	l->description = trimmed(a, csv_field(c, col[R_DESC]));
	l->reference = trimmed(a, col[R_REF] >= 0 ? csv_field(c, col[R_REF]) : rest);
	l->ncodes = payref_find(l->description, l->codes, PAYREF_MAX_CODES);
	return 0;
}

struct keyed {
	unsigned char h[16];
	size_t i;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = memcmp(x->h, y->h, sizeof x->h);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Each line's key: BLAKE2b of (date, amount, reference, description), then
 * of that and the number of earlier lines with the same four. */
static void make_keys(struct statement *st)
{
	struct keyed *k = calloc(st->n ? st->n : 1, sizeof *k);
	if (!k)
		abort();
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < st->n; i++) {
		const struct statement_line *l = &st->line[i];
		buf_reset(&b);
		buf_printf(&b, "%d|%lld|%zu:%s|%zu:%s", (int)l->day, (long long)l->amount,
		           strlen(l->reference), l->reference, strlen(l->description),
		           l->description);
		crypto_generichash(k[i].h, sizeof k[i].h, (const unsigned char *)b.data, b.len,
		                   NULL, 0);
		k[i].i = i;
	}
	qsort(k, st->n, sizeof *k, keyed_cmp);
	uint32_t occurrence = 0;
	for (size_t j = 0; j < st->n; j++) {
		occurrence = j && !memcmp(k[j].h, k[j - 1].h, sizeof k[j].h) ? occurrence + 1 : 0;
		unsigned char in[20], out[16];
		memcpy(in, k[j].h, 16);
		for (int s = 0; s < 4; s++)
			in[16 + s] = (unsigned char)(occurrence >> (8 * s));
		crypto_generichash(out, sizeof out, in, sizeof in, NULL, 0);
		sodium_bin2hex(st->line[k[j].i].key, sizeof st->line[0].key, out, sizeof out);
	}
	buf_free(&b);
	free(k);
}

int statement_parse(const char *name, const char *data, size_t len, struct arena *a,
                    struct statement *st, struct xerr *e)
{
	memset(st, 0, sizeof *st);
	if (sodium_init() < 0)
		abort();
	struct csv c;
	int col[R_COUNT] = {0};
	int rc = find_header(name, data, len, &c, col, e);
	if (rc) {
		csv_close(&c);
		return rc;
	}
	st->header_line = c.row_line;
	st->sep = c.sep;
	struct buf lines; /* struct statement_line[], copied to the arena at the end */
	buf_init(&lines);
	size_t skipped = 0;
	while ((rc = csv_next(&c, e)) == 1) {
		struct statement_line l;
		rc = read_row(&c, col, a, &l, e);
		if (rc < 0)
			break;
		if (rc == 0)
			buf_add(&lines, &l, sizeof l);
		skipped += rc == ROW_NO_DATE;
	}
	csv_close(&c);
	if (rc < 0) {
		buf_free(&lines);
		memset(st, 0, sizeof *st);
		return rc;
	}
	st->n = lines.len / sizeof(struct statement_line);
	st->line = arena_alloc(a, lines.len ? lines.len : 1);
	if (lines.len)
		memcpy(st->line, lines.data, lines.len);
	st->skipped = skipped;
	buf_free(&lines);
	make_keys(st);
	return 0;
}

enum statement_verdict statement_classify(const struct statement_line *l, int64_t fee, int64_t paid)
{
	if (l->amount <= 0)
		return STMT_NOT_CREDIT;
	if (l->ncodes == 0)
		return STMT_NO_CODE;
	if (fee < 0)
		return STMT_UNKNOWN_CODE;
	int64_t due = fee - paid;
	if (due <= 0)
		return paid > 0 ? STMT_DUPLICATE : STMT_EXCESS;
	if (l->amount == due)
		return STMT_MATCH;
	return l->amount < due ? STMT_PARTIAL : STMT_EXCESS;
}

const char *statement_verdict_name(enum statement_verdict v)
{
	static const char *const n[] = {"match",        "partial", "excess",    "duplicate",
	                                "unknown_code", "no_code", "not_credit"};
	return (unsigned)v < sizeof n / sizeof n[0] ? n[v] : "";
}
