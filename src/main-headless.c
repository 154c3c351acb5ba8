/*
 * main-headless.c: natter-headless, the binary with the headless frontend
 * only (no ncurses, no readline), for scripts and servers.
 */
#include "config.h"

#include <stddef.h>

#include "cmd/app.h"
#include "ctl/ctl.h"
#include "fe/headless/headless.h"

int
main(int argc, char **argv)
{
	static const struct app_frontend *const frontends[] = { &headless_frontend, NULL };
	static const struct app_service *const services[] = { &ctl_service, &send_service,
		                                              &search_service, &export_service,
		                                              NULL };

	return app_main(argc, argv, frontends, services);
}
