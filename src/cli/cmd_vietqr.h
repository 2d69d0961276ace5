/*
 * cmd_vietqr.h: `xaso vietqr ...`, VietQR payment codes on the command
 * line: make a payload (and its QR code as SVG), or check one and print
 * its fields.
 */
#ifndef XASO_CLI_CMD_VIETQR_H
#define XASO_CLI_CMD_VIETQR_H

/* argv[0] is "vietqr"; returns the exit status (0, 1, or 2 for bad input). */
int cmd_vietqr(int argc, char **argv);

#endif
