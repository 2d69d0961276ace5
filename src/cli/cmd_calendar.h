/*
 * cmd_calendar.h: `xaso calendar ...`, the working-day calendar on the
 * command line (lunar dates, holidays, deadlines, importing decisions).
 */
#ifndef XASO_CLI_CMD_CALENDAR_H
#define XASO_CLI_CMD_CALENDAR_H

/* argv[0] is "calendar"; returns the exit status (0, 1, or 2 for bad input). */
int cmd_calendar(int argc, char **argv);

#endif
