/*
 * cmd_money.h: `xaso money words|figures AMOUNT`, amounts of đồng in
 * Vietnamese words (as on a fee receipt) and in figures.
 */
#ifndef XASO_CLI_CMD_MONEY_H
#define XASO_CLI_CMD_MONEY_H

/* argv[0] is "money"; returns the exit status (0, or 2 for bad input). */
int cmd_money(int argc, char **argv);

#endif
