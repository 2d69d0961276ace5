/* cmd_money.c: `xaso money words AMOUNT [--le] [--ti]` prints an amount as
 * a fee receipt writes it in words; `xaso money figures AMOUNT` with
 * Vietnamese digit grouping. The rules are core/money.h's. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_money.h"
#include "core/money.h"

static const char usage_text[] =
    "usage: xaso money words AMOUNT [--le] [--ti]\n"
    "       xaso money figures AMOUNT\n\n"
    "words prints an amount of đồng in Vietnamese words, as on a fee receipt:\n"
    "  xaso money words 120000  ->  Một trăm hai mươi nghìn đồng\n"
    "  --le   \"lẻ\" instead of \"linh\" (một trăm lẻ năm)\n"
    "  --ti   \"tỉ\" instead of \"tỷ\"\n"
    "Amounts from 0 to 999.999.999.999 đồng.\n"
    "figures prints it with Vietnamese digit grouping: 120000 -> 120.000.\n"
    "AMOUNT may be written 120000, 120.000 or 120,000. Bad input exits 2.\n";

int cmd_money(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc < 3 || (strcmp(argv[1], "words") && strcmp(argv[1], "figures")))
		return cli_usage_error("money", "usage: xaso money words|figures AMOUNT", NULL);
	bool words = !strcmp(argv[1], "words");
	for (int i = 3; i < argc; i++)
		if (!words || (strcmp(argv[i], "--le") && strcmp(argv[i], "--ti")))
			return cli_usage_error("money", "unexpected argument: ", argv[i]);
	struct xerr e = {0};
	struct buf out;
	int64_t vnd;
	if (money_parse(argv[2], "amount", &vnd, &e))
		return cli_fail(&e);
	buf_init(&out);
	int rc = 0;
	if (!words)
		money_figures(vnd, &out);
	else if (money_words(vnd,
	                     (cli_flag(argc, argv, "le") ? MONEY_LE : 0) |
	                         (cli_flag(argc, argv, "ti") ? MONEY_TI : 0),
	                     &out, &e))
		rc = cli_fail(&e);
	if (!rc)
		printf("%s\n", out.data);
	buf_free(&out);
	return rc;
}
