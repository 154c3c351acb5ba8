/*
 * app.h: the program: options, start-up, the main loop, shutdown.
 *
 * Both binaries (natter, natter-headless) call app_main() with the
 * frontends they were built with.
 */
#ifndef NATTER_CMD_APP_H
#define NATTER_CMD_APP_H

/* A frontend as the program sees it. */
struct app_frontend {
	const char *name;
	/* Starts the frontend (subscribes to events, opens the terminal).
	 * Returns 0, or -1 and *cause. */
	int (*start)(char **cause);
	/* Stops it (restores the terminal). */
	void (*stop)(void);
};

/* Runs natter. frontends[0] is the default; "headless" is chosen with
 * --headless. Returns the process exit status. */
int app_main(int argc, char **argv, const struct app_frontend *const *frontends);

/* Disconnects every account cleanly, then ends the main loop. Idempotent. */
void app_quit(void);

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
