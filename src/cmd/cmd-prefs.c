/*
 * cmd-prefs.c: /set, /unset and /theme: options
 * (config/prefs.h). Setting an option emits EV_PREF_CHANGED; the
 * frontends apply it from there.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "config/prefs.h"
#include "config/theme.h"

static const char *const type_names[] = {
	[PREF_BOOL] = "on|off",   [PREF_INT] = "number",  [PREF_STRING] = "text",
	[PREF_CHOICE] = "one of", [PREF_SET] = "list of",
};

static void
cmd_set_describe(const struct pref_def *def, struct cmd_result *result)
{
	char *allowed;

	if (def->type == PREF_INT)
		allowed = g_strdup_printf("a number from %d to %d", def->min, def->max);
	else if (def->choices != NULL) {
		char *words = g_strjoinv(", ", (char **)def->choices);
		allowed = g_strdup_printf("%s %s", type_names[def->type], words);
		g_free(words);
	} else
		allowed = g_strdup(type_names[def->type]);
	cmd_result_line(result, "%s = %s", def->name, prefs_string(def->name));
	cmd_result_line(result, "  %s", def->help);
	cmd_result_line(result, "  value: %s; default: %s", allowed,
	                *def->fallback ? def->fallback : "(empty)");
	g_free(allowed);
}

int
cmd_set_value(const char *name, const char *value, struct cmd_result *result)
{
	const struct pref_def *def = prefs_find(name);
	char *cause = NULL;

	if (def == NULL)
		return cmd_result_error(result, "no option %s (/set lists them)", name);
	if (prefs_set(name, value, &cause) == -1) {
		cmd_result_error(result, "%s", cause);
		g_free(cause);
		return -1;
	}
	cmd_result_line(result, "%s = %s", def->name, prefs_string(def->name));
	return 0;
}

int
cmd_set(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct pref_def *def;

	if (invocation->argc == 0) {
		for (const struct pref_def *const *row = prefs_table(); *row; row++) {
			const char *value = prefs_string((*row)->name);
			cmd_result_line(result, "%s%s = %s",
			                strcmp(value, (*row)->fallback) ? "*" : " ", (*row)->name,
			                value);
		}
		cmd_result_line(result, "(* differs from the default; /set NAME explains one)");
		return 0;
	}
	if (invocation->argc == 1) {
		def = prefs_find(invocation->argv[0]);
		if (def == NULL)
			return cmd_result_error(result, "no option %s (/set lists them)",
			                        invocation->argv[0]);
		cmd_set_describe(def, result);
		return 0;
	}
	return cmd_set_value(invocation->argv[0], invocation->argv[1], result);
}

int
cmd_unset(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	return cmd_set_value(invocation->argv[0], NULL, result);
}

int
cmd_theme(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argv[0];

	if (strcmp(verb, "list") == 0) {
		GPtrArray *names = theme_names();
		const char *current = prefs_string("ui.theme");
		for (guint i = 0; i < names->len; i++)
			cmd_result_line(result, "%s %s",
			                strcmp(names->pdata[i], current) ? " " : "*",
			                (char *)names->pdata[i]);
		if (names->len == 0)
			cmd_result_line(result, "no themes found");
		g_ptr_array_free(names, TRUE);
		return 0;
	}
	if (strcmp(verb, "load") != 0)
		return cmd_result_error(result, "/theme list, or /theme load NAME");
	if (invocation->argc < 2)
		return cmd_result_error(result, "/theme load needs a theme name (/theme list)");
	/* Read it here first, so a wrong theme is refused before it is set. */
	const char *name = invocation->argv[1];
	char *cause = NULL, *path = strchr(name, '/') ? g_strdup(name) : theme_locate(name, &cause);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	struct theme theme;
	int ret = -1;

	theme_default(&theme);
	if (path == NULL || theme_load(path, &theme, problems, &cause) == -1) {
		cmd_result_error(result, "%s", cause);
	} else {
		for (guint i = 0; i < problems->len; i++)
			cmd_result_line(result, "%s", (char *)problems->pdata[i]);
		ret = cmd_set_value("ui.theme", name, result);
	}
	g_ptr_array_free(problems, TRUE);
	g_free(path);
	g_free(cause);
	return ret;
}
