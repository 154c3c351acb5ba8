/*
 * app.h: the program: options, start-up, the main loop, shutdown.
 *
 * Both binaries (natter, natter-headless) call app_main() with the
 * frontends they were built with.
 */
#ifndef NATTER_CMD_APP_H
#define NATTER_CMD_APP_H

struct cmd_frontend;

/* A frontend as the program sees it. */
struct app_frontend {
	const char *name;
	/* Starts the frontend (subscribes to events, opens the terminal).
	 * Returns 0, or -1 and *cause. */
	int (*start)(char **cause);
	/* Stops it (restores the terminal). */
	void (*stop)(void);
	/* Runs a command line (-x) as the user would, showing its result. */
	void (*execute)(const char *line);
	/* The frontend as commands see it (the control socket's commands
	 * run with it). */
	const struct cmd_frontend *commands;
};

/* A part that runs beside the frontend (the control socket), and the
 * subcommand it brings (natter ctl). */
struct app_service {
	/* Started after the frontend, with the frontend commands see. Returns
	 * 0, or -1 and *cause (natter runs on without it). */
	int (*start)(const struct cmd_frontend *frontend, char **cause);
	void (*stop)(void);
	/* "natter SUBCOMMAND ARGS...": run (argv[0] is the subcommand)
	 * instead of natter; returns the exit status. */
	const char *subcommand;
	int (*run)(int argc, char **argv);
};

/* Runs natter. frontends[0] is the default; "headless" is chosen with
 * --headless. services (NULL-terminated, or NULL) run beside it. Returns
 * the process exit status. */
int app_main(int argc, char **argv, const struct app_frontend *const *frontends,
             const struct app_service *const *services);

/* Disconnects every account cleanly, then ends the main loop. Idempotent. */
void app_quit(void);

/* OTR plugged into the protocol code (its policy from the options, the
 * account's and the contacts'), and out again: natter, and natter send
 * logging in itself (which must honour the policy too). */
void app_otr_plug(void);
void app_otr_unplug(void);

/* 1 once app_quit() was called. */
int app_quitting(void);

/* Exit statuses (sysexits.h values, documented in natter(1)). */
enum {
	APP_EXIT_OK = 0,
	APP_EXIT_REFUSED = 1, /* natter register: the account was not created */
	APP_EXIT_USAGE = 64,
	APP_EXIT_CONFIG = 78,
	APP_EXIT_SOFTWARE = 70,
};

#endif
