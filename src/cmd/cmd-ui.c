/*
 * cmd-ui.c: the window commands (/win, /wins, /close, /xmlconsole,
 * /editor), handed to the frontend that owns the windows.
 *
 * Stateless.
 */
#include "config.h"

#include "cmd/commands.h"

int
cmd_ui(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_frontend *frontend = invocation->context->frontend;

	if (frontend == NULL || frontend->ui == NULL)
		return cmd_result_error(result, "/%s: the %s frontend has no windows",
		                        invocation->entry->name,
		                        frontend ? frontend->name : "current");
	return frontend->ui(invocation, result);
}
