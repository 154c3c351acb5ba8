/*
 * cmd-help.c: /help, generated from the command table.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"

static void
cmd_help_one(const struct cmd_entry *entry, struct cmd_result *result)
{
	cmd_result_line(result, "%s", entry->usage);
	if (entry->aliases != NULL && entry->aliases[0] != NULL) {
		char *aliases = g_strjoinv(", /", (char **)entry->aliases);
		cmd_result_line(result, "  aliases: /%s", aliases);
		g_free(aliases);
	}
	cmd_result_line(result, "  %s", entry->help);
}

int
cmd_help(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_entry *entry;

	if (invocation->argc == 1) {
		const char *name = invocation->argv[0];
		if (name[0] == '/')
			name++;
		entry = cmd_find(name);
		if (entry == NULL) {
			cmd_result_error(result, "/help: no command /%s", name);
			return -1;
		}
		cmd_help_one(entry, result);
		return 0;
	}
	for (const struct cmd_entry *const *e = cmd_table(); *e != NULL; e++)
		cmd_result_line(result, "%-32s %s", (*e)->usage, (*e)->summary);
	cmd_result_line(result, "/help COMMAND explains one command.");
	return 0;
}
