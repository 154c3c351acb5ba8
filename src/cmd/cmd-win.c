/*
 * cmd-win.c: /win, handed to the frontend that owns the windows.
 *
 * Stateless.
 */
#include "config.h"

#include "cmd/commands.h"

int
cmd_win(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_frontend *frontend = invocation->context->frontend;
	char *cause = NULL;

	if (frontend == NULL || frontend->window_select == NULL) {
		cmd_result_error(result, "/win: the %s frontend has no windows",
		                 frontend ? frontend->name : "current");
		return -1;
	}
	if (frontend->window_select(invocation->argv[0], &cause) == -1) {
		cmd_result_error(result, "/win: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}
