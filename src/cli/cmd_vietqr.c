/* cmd_vietqr.c: `xaso vietqr --bin B --account A ...` prints a VietQR
 * payload (and writes its QR code as SVG with --svg); `xaso vietqr decode
 * PAYLOAD` checks one and prints its data objects, one per line. The rules
 * are core/vietqr.h's and core/payref.h's; the SVG is web/qr.h's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_vietqr.h"
#include "core/money.h"
#include "core/payref.h"
#include "core/vietqr.h"
#include "web/qr.h"

static const char usage_text[] =
    "usage: xaso vietqr --bin BIN --account NUMBER [--amount N] [--purpose TEXT | --code CODE]\n"
    "                   [--name NAME] [--svg FILE]\n"
    "       xaso vietqr decode PAYLOAD|-\n\n"
    "Prints the payload of a VietQR transfer code (NAPAS 247, EMVCo merchant-presented):\n"
    "  --bin        the bank's 6-digit BIN (970436 Vietcombank, 970415 VietinBank, ...)\n"
    "  --account    the receiving account number\n"
    "  --amount     the amount in đồng (120000 or 120.000); without it a static code\n"
    "  --purpose    the transfer description, at most 25 characters; diacritics are\n"
    "               removed (\"Lệ phí\" -> \"Le phi\"), as banks' descriptions are ASCII\n"
    "  --code       a dossier code: the description that reconciliation finds again\n"
    "               (66001-260315-0001 -> \"66001 260315 0001\")\n"
    "  --name       the account holder's name, at most 25 characters\n"
    "  --svg FILE   also write the QR code as an SVG picture\n\n"
    "decode checks the CRC and every data object of a payload (- reads it from standard\n"
    "input) and prints one line per object: ID, name, value. A bad payload exits 2\n"
    "naming the object at fault by its ID, name and byte offset.\n";

/* Every argument after argv[0] is a known option (with its value). */
static int check_options(int argc, char **argv)
{
	static const char *const with_value[] = {"bin",  "account", "amount", "purpose",
	                                         "code", "name",    "svg",    NULL};
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2))
			return cli_usage_error("vietqr", "unexpected argument: ", argv[i]);
		size_t n = strcspn(argv[i] + 2, "=");
		bool known = false;
		for (int k = 0; with_value[k]; k++)
			known |=
			    strlen(with_value[k]) == n && !strncmp(argv[i] + 2, with_value[k], n);
		if (!known)
			return cli_usage_error("vietqr", "unknown option: ", argv[i]);
		if (!argv[i][2 + n] && ++i >= argc)
			return cli_usage_error("vietqr", "a value is needed after ", argv[i - 1]);
	}
	return 0;
}

static int copy_opt(int argc, char **argv, const char *name, char *dst, size_t cap)
{
	const char *v = cli_opt(argc, argv, name);
	if (v && strlen(v) >= cap) {
		fprintf(stderr, "xaso: --%s is too long\n", name);
		return 2;
	}
	snprintf(dst, cap, "%s", v ? v : "");
	return 0;
}

/* Fills q from the options. */
static int read_options(int argc, char **argv, struct vietqr *q)
{
	struct xerr e = {0};
	memset(q, 0, sizeof *q);
	if (!cli_opt(argc, argv, "bin") || !cli_opt(argc, argv, "account"))
		return cli_usage_error("vietqr", "--bin and --account are needed", NULL);
	const char *amount = cli_opt(argc, argv, "amount");
	if (amount && money_parse(amount, "amount", &q->amount, &e))
		return cli_fail(&e);
	const char *code = cli_opt(argc, argv, "code");
	if (code && cli_opt(argc, argv, "purpose"))
		return cli_usage_error("vietqr", "--purpose or --code, not both", NULL);
	if (code && payref_purpose(code, q->purpose, sizeof q->purpose, &e))
		return cli_fail(&e);
	int rc = copy_opt(argc, argv, "bin", q->bin, sizeof q->bin);
	if (!rc)
		rc = copy_opt(argc, argv, "account", q->account, sizeof q->account);
	if (!rc)
		rc = copy_opt(argc, argv, "name", q->name, sizeof q->name);
	if (!rc && !code)
		rc = copy_opt(argc, argv, "purpose", q->purpose, sizeof q->purpose);
	return rc;
}

static int write_svg(const char *path, const char *payload, int64_t amount)
{
	struct buf svg, title;
	struct xerr e = {0};
	buf_init(&svg);
	buf_init(&title);
	buf_puts(&title, "Mã VietQR chuyển khoản");
	if (amount > 0) {
		buf_puts(&title, " ");
		money_figures(amount, &title);
		buf_puts(&title, " đồng");
	}
	buf_puts(&svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	int rc = qr_svg(&svg, payload, 300, title.data, &e) ? cli_fail(&e) : 0;
	buf_putc(&svg, '\n');
	FILE *f = rc ? NULL : fopen(path, "w");
	if (!rc && (!f || fwrite(svg.data, 1, svg.len, f) != svg.len)) {
		fprintf(stderr, "xaso: cannot write %s\n", path);
		rc = 1;
	}
	if (f && fclose(f) != 0 && !rc) {
		fprintf(stderr, "xaso: cannot write %s\n", path);
		rc = 1;
	}
	buf_free(&svg);
	buf_free(&title);
	return rc;
}

static int make(int argc, char **argv)
{
	struct vietqr q;
	struct xerr e = {0};
	int rc = check_options(argc, argv);
	if (!rc)
		rc = read_options(argc, argv, &q);
	if (rc)
		return rc;
	struct buf out;
	buf_init(&out);
	if (vietqr_encode(&q, &out, &e)) {
		buf_free(&out);
		return cli_fail(&e);
	}
	const char *svg = cli_opt(argc, argv, "svg");
	rc = svg ? write_svg(svg, out.data, q.amount) : 0;
	if (!rc)
		printf("%s\n", out.data);
	buf_free(&out);
	return rc;
}

/* What a value means, when it is a code: "12" -> "(dynamic)". */
static void print_meaning(const struct vietqr_decoded *d, const struct vietqr_object *o)
{
	struct buf b;
	buf_init(&b);
	if (!strcmp(o->id, "01"))
		buf_puts(&b, d->qr.dynamic ? " (dynamic: one payment)" : " (static: reusable)");
	else if (!strcmp(o->id, "54")) {
		buf_puts(&b, " (");
		money_figures(d->qr.amount, &b);
		buf_puts(&b, " đồng)");
	} else if (!strcmp(o->id, "63"))
		buf_puts(&b, " (correct)");
	printf("%s\n", b.data ? b.data : "");
	buf_free(&b);
}

static int decode(int argc, char **argv)
{
	if (argc != 3)
		return cli_usage_error("vietqr", "usage: xaso vietqr decode PAYLOAD|-", NULL);
	struct xerr e = {0};
	char *in = NULL;
	size_t len = strlen(argv[2]);
	const char *payload = argv[2];
	if (!strcmp(argv[2], "-")) {
		payload = in = cli_read_file("/dev/stdin", &len, &e);
		if (!in)
			return cli_fail(&e);
		while (len && (in[len - 1] == '\n' || in[len - 1] == '\r'))
			in[--len] = '\0';
	}
	struct vietqr_decoded *d = malloc(sizeof *d);
	if (!d)
		abort();
	int rc = vietqr_decode(payload, len, d, &e) ? cli_fail(&e) : 0;
	for (size_t i = 0; !rc && i < d->n; i++) {
		const struct vietqr_object *o = &d->obj[i];
		if (o->is_template) {
			printf("%-9s %s\n", o->id, o->name);
			continue;
		}
		printf("%-9s %-40s %.*s", o->id, o->name, (int)o->len, o->value);
		print_meaning(d, o);
	}
	if (!rc && d->non_ascii)
		fprintf(stderr, "xaso: note: some text is not ASCII (EMVCo allows ASCII in these "
		                "fields; lengths were counted in characters)\n");
	free(d);
	free(in);
	return rc;
}

int cmd_vietqr(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "decode"))
		return decode(argc, argv);
	if (argc < 2)
		return cli_usage_error("vietqr", "--bin and --account are needed", NULL);
	return make(argc, argv);
}
