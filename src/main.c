/*
 * main.c: natter, with the terminal UI (default) and the headless frontend
 * (--headless).
 */
#include "config.h"

#include <stddef.h>

#include "cmd/app.h"
#include "ctl/ctl.h"
#include "fe/headless/headless.h"
#include "fe/tty/tty.h"

int
main(int argc, char **argv)
{
	static const struct app_frontend *const frontends[] = { &tty_frontend, &headless_frontend,
		                                                NULL };
	static const struct app_service *const services[] = { &ctl_service, &send_service,
		                                              &search_service, &export_service,
		                                              NULL };

	return app_main(argc, argv, frontends, services);
}
