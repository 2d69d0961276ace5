/* vietqr.c: VietQR payloads: the writer, the checking reader, the CRC.
 *
 * The reader walks the payload once, level by level: each data object is
 * looked up in the table of EMVCo's data objects (rules[]) by its path,
 * checked there (length in characters, character set) and, when it is a
 * template, walked in turn. The VietQR-specific values (NAPAS GUID, 704,
 * VN, the BIN, the service codes) are checked as the objects are met, what
 * must be present after the walk, and the CRC last: a payload that is
 * broken in its structure is named by the object at fault, one that is
 * whole but altered by its CRC. */
#include "core/vietqr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

/* EMVCo MPM (QRCPS v1.1) formats: N digits; ANS printable ASCII; TEXT the
 * same but UTF-8 from other generators tolerated (and reported); S any
 * Unicode (the language template); ANY the data of templates EMVCo leaves
 * to others; TPL a template. */
enum fmt { F_N, F_ANS, F_TEXT, F_S, F_ANY, F_TPL };

struct rule {
	const char *id; /* path, or a range for the generic rules */
	const char *name;
	unsigned char fmt, min, max; /* max characters */
	bool generic;                /* one of several IDs; its data is not looked into */
};

/* The data objects of EMVCo MPM v1.1 that VietQR uses or allows (lengths
 * from its tables; 38 is NAPAS's template, RULES.md section 7). */
static const struct rule rules[] = {
    {"00", "Payload Format Indicator", F_N, 2, 2},
    {"01", "Point of Initiation Method", F_N, 2, 2},
    {"38", "Merchant Account Information (NAPAS)", F_TPL, 1, 99},
    {"38-00", "Globally Unique Identifier", F_ANS, 1, 32},
    {"38-01", "Beneficiary Organization", F_TPL, 1, 99},
    {"38-01-00", "Acquirer ID (bank BIN)", F_N, 6, 6},
    {"38-01-01", "Consumer ID (account or card number)", F_ANS, 1, VIETQR_ACCOUNT_MAX},
    {"38-02", "Service Code", F_ANS, 1, 10},
    {"52", "Merchant Category Code", F_N, 4, 4},
    {"53", "Transaction Currency", F_N, 3, 3},
    {"54", "Transaction Amount", F_ANS, 1, 13},
    {"55", "Tip or Convenience Indicator", F_N, 2, 2},
    {"56", "Value of Convenience Fee Fixed", F_ANS, 1, 13},
    {"57", "Value of Convenience Fee Percentage", F_ANS, 1, 5},
    {"58", "Country Code", F_ANS, 2, 2},
    {"59", "Merchant Name", F_TEXT, 1, VIETQR_TEXT_MAX},
    {"60", "Merchant City", F_TEXT, 1, 15},
    {"61", "Postal Code", F_ANS, 1, 10},
    {"62", "Additional Data Field Template", F_TPL, 1, 99},
    {"62-01", "Bill Number", F_TEXT, 1, 25},
    {"62-02", "Mobile Number", F_TEXT, 1, 25},
    {"62-03", "Store Label", F_TEXT, 1, 25},
    {"62-04", "Loyalty Number", F_TEXT, 1, 25},
    {"62-05", "Reference Label", F_TEXT, 1, 25},
    {"62-06", "Customer Label", F_TEXT, 1, 25},
    {"62-07", "Terminal Label", F_TEXT, 1, 25},
    {"62-08", "Purpose of Transaction", F_TEXT, 1, VIETQR_TEXT_MAX},
    {"62-09", "Additional Consumer Data Request", F_ANS, 1, 3},
    {"62-10", "Merchant Tax ID", F_ANS, 1, 20},
    {"62-11", "Merchant Channel", F_ANS, 3, 3},
    {"63", "CRC", F_ANS, 4, 4},
    {"64", "Merchant Information - Language Template", F_TPL, 1, 99},
    {"64-00", "Language Preference", F_ANS, 2, 2},
    {"64-01", "Merchant Name - Alternate Language", F_S, 1, 25},
    {"64-02", "Merchant City - Alternate Language", F_S, 1, 15},
};

static const struct rule mai_primitive = {"02-25", "Merchant Account Information", F_ANS, 1, 99,
                                          true};
static const struct rule mai_template = {"26-51", "Merchant Account Information", F_TPL, 1, 99,
                                         true};
static const struct rule unreserved = {"80-99", "Unreserved Template", F_TPL, 1, 99, true};
static const struct rule system_template = {
    "62-50-99", "Payment System Specific Template", F_TPL, 1, 99, true};
static const struct rule template_data = {"", "Template Data", F_ANY, 1, 99, true};

static const char NAPAS_GUID[] = "A000000727";
/* Transfers to an account or a card (what xaso issues), and the other
 * services of NAPAS's GUID (RULES.md section 7). */
static const char *const services[] = {"QRIBFTTA", "QRIBFTTC", "QRPUSH", "QRCASH", NULL};

uint16_t vietqr_crc16(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint16_t crc = 0xFFFF;
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc =
			    (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

/* ---- writing ---- */

static void tlv(struct buf *b, const char *id, const char *value)
{
	buf_printf(b, "%s%02zu%s", id, strlen(value), value);
}

/* s without diacritics into dst; printable ASCII of at most 25 characters. */
static int ascii_text(const char *s, const char *field, char *dst, struct xerr *e)
{
	struct buf b;
	buf_init(&b);
	int rc = 0;
	if (text_unaccent(s, &b) != 0) {
		rc = xerr_set(e, XERR_INVALID, field, "%s is not valid UTF-8", field);
		goto out;
	}
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 || (unsigned char)b.data[i] > 0x7E) {
			rc = xerr_set(e, XERR_INVALID, field,
			              "%s has a character that cannot be written without "
			              "diacritics (byte %zu)",
			              field, i);
			goto out;
		}
	if (b.len > VIETQR_TEXT_MAX) {
		rc = xerr_set(e, XERR_INVALID, field,
		              "%s is %zu characters long without diacritics; at most %d", field,
		              b.len, VIETQR_TEXT_MAX);
		goto out;
	}
	memcpy(dst, b.data, b.len + 1);
out:
	buf_free(&b);
	return rc;
}

static bool alnum_text(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z')))
			return false;
	return true;
}

int vietqr_encode(const struct vietqr *q, struct buf *out, struct xerr *e)
{
	char purpose[VIETQR_TEXT_BYTES] = "", name[VIETQR_TEXT_BYTES] = "";
	const char *service = q->service[0] ? q->service : "QRIBFTTA";
	if (!text_digits(q->bin, VIETQR_BIN_LEN, VIETQR_BIN_LEN))
		return xerr_set(e, XERR_INVALID, "bin", "the bank BIN must be %d digits",
		                VIETQR_BIN_LEN);
	if (!alnum_text(q->account, 1, VIETQR_ACCOUNT_MAX))
		return xerr_set(e, XERR_INVALID, "account",
		                "the account number must be 1 to %d letters or digits",
		                VIETQR_ACCOUNT_MAX);
	if (strcmp(service, "QRIBFTTA") && strcmp(service, "QRIBFTTC"))
		return xerr_set(
		    e, XERR_INVALID, "service",
		    "the service must be QRIBFTTA (to an account) or QRIBFTTC (to a card)");
	if (q->amount < 0 || q->amount > VIETQR_AMOUNT_MAX)
		return xerr_set(e, XERR_INVALID, "amount", "the amount must be 0 to %lld đồng",
		                (long long)VIETQR_AMOUNT_MAX);
	int rc = ascii_text(q->purpose, "purpose", purpose, e);
	if (rc == 0)
		rc = ascii_text(q->name, "name", name, e);
	if (rc)
		return rc;

	struct buf b, org, acct;
	buf_init(&b);
	buf_init(&org);
	buf_init(&acct);
	tlv(&org, "00", q->bin);
	tlv(&org, "01", q->account);
	tlv(&acct, "00", NAPAS_GUID);
	tlv(&acct, "01", org.data);
	tlv(&acct, "02", service);
	tlv(&b, "00", "01");
	tlv(&b, "01", q->amount > 0 ? "12" : "11");
	tlv(&b, "38", acct.data);
	tlv(&b, "53", "704");
	if (q->amount > 0) {
		char amount[24];
		snprintf(amount, sizeof amount, "%lld", (long long)q->amount);
		tlv(&b, "54", amount);
	}
	tlv(&b, "58", "VN");
	if (name[0])
		tlv(&b, "59", name);
	if (purpose[0]) {
		buf_reset(&org);
		tlv(&org, "08", purpose);
		tlv(&b, "62", org.data);
	}
	buf_puts(&b, "6304");
	buf_printf(&b, "%04X", vietqr_crc16(b.data, b.len));
	buf_add(out, b.data, b.len);
	buf_free(&b);
	buf_free(&org);
	buf_free(&acct);
	return 0;
}

/* ---- reading ---- */

/* The objects a VietQR must have, as bits of struct reader's `got`. */
static const char *const needed[] = {"00", "38-00", "38-01-00", "38-01-01", "38-02",
                                     "53", "58",    "63",       NULL};

struct reader {
	const char *base;
	struct vietqr_decoded *out;
	struct xerr *e;
	size_t crc_at; /* offset of the CRC object */
	bool crc_seen;
	unsigned got; /* bit i: needed[i] met */
};

static int bad(struct reader *r, const struct rule *rule, const char *id, size_t at,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "field 54 (Transaction Amount) at byte 58: ..." */
static int bad(struct reader *r, const struct rule *rule, const char *id, size_t at,
               const char *fmt, ...)
{
	char msg[140];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *field = rule && !rule->generic ? rule->id : "payload";
	if (rule)
		return xerr_set(r->e, XERR_INVALID, field, "field %s (%s) at byte %zu: %s", id,
		                rule->name, at, msg);
	return xerr_set(r->e, XERR_INVALID, field, "field %s at byte %zu: %s", id, at, msg);
}

static const struct rule *rule_named(const char *path)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rules[i].id, path))
			return &rules[i];
	return NULL;
}

static const struct rule *rule_for(const char *path, const struct rule *parent, int id)
{
	const struct rule *rule = rule_named(path);
	if (rule)
		return rule;
	if (!parent) {
		if (id >= 2 && id <= 25)
			return &mai_primitive;
		if (id >= 26 && id <= 51)
			return &mai_template;
		if (id >= 80)
			return &unreserved;
		return NULL; /* 65-79: reserved for future use */
	}
	if (parent->generic)
		return &template_data;
	if (!strcmp(parent->id, "62") && id >= 50)
		return &system_template;
	return NULL;
}

/* Is v[0..len) in the rule's character set? Sets non_ascii for TEXT. */
static bool charset_ok(struct reader *r, const struct rule *rule, const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch < 0x20 || ch == 0x7F)
			return false;
		if (rule->fmt == F_N && (ch < '0' || ch > '9'))
			return false;
		if (rule->fmt == F_ANS && ch > 0x7E)
			return false;
		if (rule->fmt == F_TEXT && ch > 0x7E)
			r->out->non_ascii = true;
	}
	return true;
}

static bool all_digits(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool value_is(const struct vietqr_object *o, const char *s)
{
	return o->len == strlen(s) && !memcmp(o->value, s, o->len);
}

static void copy_value(char *dst, size_t cap, const struct vietqr_object *o)
{
	size_t n = o->len < cap - 1 ? o->len : cap - 1;
	memcpy(dst, o->value, n);
	dst[n] = '\0';
}

/* The VietQR meaning of one object whose format has been checked. */
static int check_value(struct reader *r, const struct rule *rule, const struct vietqr_object *o)
{
	struct vietqr *q = &r->out->qr;
	const char *id = o->id;
	if (!strcmp(id, "00") && (o->offset != 0 || !value_is(o, "01")))
		return bad(r, rule, id, o->offset, "the payload must begin with 000201");
	if (!strcmp(id, "01")) {
		if (!value_is(o, "11") && !value_is(o, "12"))
			return bad(r, rule, id, o->offset, "must be 11 (static) or 12 (dynamic)");
		q->dynamic = value_is(o, "12");
	} else if (!strcmp(id, "38-00")) {
		if (!value_is(o, NAPAS_GUID))
			return bad(r, rule, id, o->offset, "%.*s is not NAPAS's GUID %s",
			           (int)o->len, o->value, NAPAS_GUID);
	} else if (!strcmp(id, "38-01-00")) {
		copy_value(q->bin, sizeof q->bin, o);
	} else if (!strcmp(id, "38-01-01")) {
		copy_value(q->account, sizeof q->account, o);
		if (!alnum_text(q->account, 1, VIETQR_ACCOUNT_MAX))
			return bad(r, rule, id, o->offset,
			           "an account number has letters and digits only");
	} else if (!strcmp(id, "38-02")) {
		copy_value(q->service, sizeof q->service, o);
		bool known = false;
		for (int i = 0; services[i]; i++)
			known |= !strcmp(q->service, services[i]);
		if (!known)
			return bad(r, rule, id, o->offset,
			           "unknown service code (QRIBFTTA, QRIBFTTC, "
			           "QRPUSH or QRCASH)");
	} else if (!strcmp(id, "53")) {
		if (!value_is(o, "704"))
			return bad(r, rule, id, o->offset, "a VietQR is in đồng: 704, not %.*s",
			           (int)o->len, o->value);
	} else if (!strcmp(id, "54")) {
		if (o->value[0] == '0' || !all_digits(o->value, o->len))
			return bad(
			    r, rule, id, o->offset,
			    "\"%.*s\" is not a whole number of đồng (digits, no leading zero)",
			    (int)o->len, o->value);
		q->amount = 0;
		for (size_t i = 0; i < o->len; i++)
			q->amount = q->amount * 10 + (o->value[i] - '0');
	} else if (!strcmp(id, "58")) {
		if (!value_is(o, "VN"))
			return bad(r, rule, id, o->offset, "a VietQR is in Viet Nam: VN, not %.*s",
			           (int)o->len, o->value);
	} else if (!strcmp(id, "59")) {
		copy_value(q->name, sizeof q->name, o);
	} else if (!strcmp(id, "62-08")) {
		copy_value(q->purpose, sizeof q->purpose, o);
	} else if (!strcmp(id, "63")) {
		unsigned crc = 0;
		for (size_t i = 0; i < 4; i++) {
			int d = hex_digit(o->value[i]);
			if (d < 0)
				return bad(r, rule, id, o->offset, "the CRC must be 4 hex digits");
			crc = crc * 16 + (unsigned)d;
		}
		r->out->crc = (uint16_t)crc;
		r->crc_at = o->offset;
		r->crc_seen = true;
	}
	for (int i = 0; needed[i]; i++)
		if (!strcmp(id, needed[i]))
			r->got |= 1u << i;
	return 0;
}

static int walk(struct reader *r, const char *p, const char *end, const char *parent_path,
                const struct rule *parent);

/* Reads the object at p (within [p, end)); *next gets the byte after it. */
static int read_object(struct reader *r, const char *p, const char *end, const char *parent_path,
                       const struct rule *parent, uint64_t seen[2], const char **next)
{
	size_t at = (size_t)(p - r->base);
	const char *where = parent ? parent_path : "the payload";
	if (end - p < 4)
		return bad(r, parent, parent ? parent_path : "payload", at,
		           "%zu bytes left in %s, too few for another data object",
		           (size_t)(end - p), where);
	char id2[3] = {p[0], p[1], '\0'};
	if (!text_digits(id2, 2, 2))
		return bad(r, parent, parent ? parent_path : "payload", at,
		           "\"%.2s\" is not a two-digit ID", p);
	int id = (id2[0] - '0') * 10 + (id2[1] - '0');
	struct vietqr_object o = {.offset = at};
	snprintf(o.id, sizeof o.id, "%s%s%s", parent_path, parent ? "-" : "", id2);
	const struct rule *rule = rule_for(o.id, parent, id);
	if (r->crc_seen && !parent)
		return bad(r, rule, o.id, at, "comes after the CRC, which must be last");
	if (!rule)
		return bad(r, NULL, o.id, at, "%s is not a data object of %s (reserved or unknown)",
		           o.id, where);
	if (seen[id / 64] & (UINT64_C(1) << (id % 64)))
		return bad(r, rule, o.id, at, "appears twice in %s", where);
	seen[id / 64] |= UINT64_C(1) << (id % 64);
	char len2[3] = {p[2], p[3], '\0'};
	if (!text_digits(len2, 2, 2))
		return bad(r, rule, o.id, at, "\"%.2s\" is not a two-digit length", p + 2);
	int n = (len2[0] - '0') * 10 + (len2[1] - '0');
	/* Lengths count characters: step over n UTF-8 sequences. */
	const char *q = p + 4;
	for (int k = 0; k < n; k++) {
		if (q >= end)
			return bad(r, rule, o.id, at,
			           "its length %02d runs past the end of %s (%d left)", n, where,
			           k);
		q++;
		while (q < end && ((unsigned char)*q & 0xC0) == 0x80)
			q++;
	}
	o.name = rule->name;
	o.value = p + 4;
	o.len = (size_t)(q - o.value);
	o.is_template = rule->fmt == F_TPL;
	if (n < rule->min || n > rule->max)
		return bad(r, rule, o.id, at, "%d characters; it has %d to %d", n, rule->min,
		           rule->max);
	if (!o.is_template && !charset_ok(r, rule, o.value, o.len))
		return bad(r, rule, o.id, at, "has a character not allowed here%s",
		           rule->fmt == F_N ? " (digits only)" : "");
	if (r->out->n == VIETQR_MAX_OBJECTS)
		return bad(r, rule, o.id, at, "more than %d data objects", VIETQR_MAX_OBJECTS);
	r->out->obj[r->out->n++] = o;
	int rc = check_value(r, rule, &o);
	if (rc == 0 && o.is_template)
		rc = walk(r, o.value, q, o.id, rule);
	*next = q;
	return rc;
}

static int walk(struct reader *r, const char *p, const char *end, const char *parent_path,
                const struct rule *parent)
{
	uint64_t seen[2] = {0, 0};
	while (p < end) {
		int rc = read_object(r, p, end, parent_path, parent, seen, &p);
		if (rc)
			return rc;
	}
	return 0;
}

/* What a VietQR must hold, once walked. */
static int check_present(struct reader *r)
{
	for (int i = 0; needed[i]; i++)
		if (!(r->got & (1u << i))) {
			const struct rule *rule = rule_named(needed[i]);
			return xerr_set(r->e, XERR_INVALID, rule->id,
			                "field %s (%s) is missing: a VietQR must have it%s",
			                rule->id, rule->name,
			                !strcmp(rule->id, "63") ? " last (6304 and 4 hex digits)"
			                                        : "");
		}
	return 0;
}

int vietqr_decode(const char *payload, size_t len, struct vietqr_decoded *out, struct xerr *e)
{
	memset(out, 0, sizeof *out);
	struct reader r = {.base = payload, .out = out, .e = e};
	size_t bad_at;
	if (!text_valid_utf8(payload, len, &bad_at))
		return xerr_set(e, XERR_INVALID, "payload", "byte %zu: not valid UTF-8", bad_at);
	if (len == 0)
		return xerr_set(e, XERR_INVALID, "payload", "the payload is empty");
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)payload[i] & 0xC0) != 0x80;
	if (chars > VIETQR_PAYLOAD_MAX)
		return xerr_set(e, XERR_INVALID, "payload", "%zu characters; at most %d", chars,
		                VIETQR_PAYLOAD_MAX);
	int rc = walk(&r, payload, payload + len, "", NULL);
	if (rc == 0)
		rc = check_present(&r);
	if (rc)
		return rc;
	uint16_t want = vietqr_crc16(payload, r.crc_at + 4);
	if (out->crc != want)
		return bad(&r, rule_named("63"), "63", r.crc_at,
		           "the CRC is %.4s but the payload before it gives %04X",
		           payload + r.crc_at + 4, want);
	return 0;
}
