/*
 * theme.c: colours of the terminal UI.
 *
 * Stateless. A theme file is ini with one group, [colours]; each key is an
 * item and each value "FOREGROUND [on BACKGROUND] [bold]", colour names as
 * below.
 */
#include "config.h"

#include <string.h>

#include "config/theme.h"

static const char *const item_names[THEME_ITEMS] = {
	[THEME_BAR] = "bar",   [THEME_BAR_ACTIVE] = "bar_active",
	[THEME_INFO] = "info", [THEME_ERROR] = "error",
	[THEME_OWN] = "own",   [THEME_PEER] = "peer",
};

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

void
theme_default(struct theme *theme)
{
	static const struct theme_colour defaults[THEME_ITEMS] = {
		[THEME_BAR] = { 7, 4, 0 },   [THEME_BAR_ACTIVE] = { 3, 4, 1 },
		[THEME_INFO] = { 6, -1, 0 }, [THEME_ERROR] = { 1, -1, 1 },
		[THEME_OWN] = { 2, -1, 1 },  [THEME_PEER] = { 3, -1, 1 },
	};

	memcpy(theme->items, defaults, sizeof defaults);
}

/* "default", a colour name, or "bright" + name. Returns -2 when unknown. */
static int
theme_colour_number(const char *word)
{
	int bright = 0;

	if (strcmp(word, "default") == 0)
		return -1;
	if (strncmp(word, "bright", 6) == 0) {
		bright = 8;
		word += 6;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(colour_names); i++) {
		if (strcmp(word, colour_names[i]) == 0)
			return (int)i + bright;
	}
	return -2;
}

static int
theme_parse_value(const char *value, struct theme_colour *colour, char **cause)
{
	char **words = g_strsplit_set(value, " \t", -1);
	struct theme_colour parsed = { -1, -1, 0 };
	int position = 0, ret = -1;

	for (char **word = words; *word != NULL; word++) {
		if (**word == '\0')
			continue;
		if (strcmp(*word, "bold") == 0) {
			parsed.bold = 1;
		} else if (strcmp(*word, "on") == 0 && position == 1) {
			position = 2;
		} else if (position == 0 || position == 2) {
			int number = theme_colour_number(*word);
			if (number == -2) {
				*cause = g_strdup_printf("unknown colour '%s'", *word);
				goto out;
			}
			if (position == 0)
				parsed.foreground = number;
			else
				parsed.background = number;
			position++;
		} else {
			*cause = g_strdup_printf(
			        "unexpected '%s' (form: COLOUR [on COLOUR] [bold])", *word);
			goto out;
		}
	}
	if (position == 0) {
		*cause = g_strdup("no colour given");
		goto out;
	}
	if (position == 2) {
		*cause = g_strdup("'on' needs a background colour");
		goto out;
	}
	*colour = parsed;
	ret = 0;
out:
	g_strfreev(words);
	return ret;
}

static void
theme_read_items(GKeyFile *file, struct theme *theme, GPtrArray *problems)
{
	gchar **keys = g_key_file_get_keys(file, "colours", NULL, NULL);

	for (gchar **key = keys; key != NULL && *key != NULL; key++) {
		char *value = g_key_file_get_string(file, "colours", *key, NULL);
		char *cause = NULL;
		size_t i;

		for (i = 0; i < THEME_ITEMS; i++) {
			if (strcmp(*key, item_names[i]) == 0)
				break;
		}
		if (i == THEME_ITEMS)
			g_ptr_array_add(problems,
			                g_strdup_printf("theme: unknown item '%s'", *key));
		else if (value == NULL || theme_parse_value(value, &theme->items[i], &cause) == -1)
			g_ptr_array_add(problems, g_strdup_printf("theme: %s = %s: %s", *key,
			                                          value ? value : "",
			                                          cause ? cause : "bad value"));
		g_free(cause);
		g_free(value);
	}
	g_strfreev(keys);
}

int
theme_parse(const char *text, struct theme *theme, GPtrArray *problems, char **cause)
{
	GKeyFile *file = g_key_file_new();
	GError *error = NULL;

	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_NONE, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		g_key_file_free(file);
		return -1;
	}
	theme_read_items(file, theme, problems);
	g_key_file_free(file);
	return 0;
}

int
theme_load(const char *path, struct theme *theme, GPtrArray *problems, char **cause)
{
	char *text = NULL;
	GError *error = NULL;
	int ret;

	if (!g_file_get_contents(path, &text, NULL, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		return -1;
	}
	ret = theme_parse(text, theme, problems, cause);
	if (ret == -1) {
		char *why = *cause;
		*cause = g_strdup_printf("%s: %s", path, why);
		g_free(why);
	}
	g_free(text);
	return ret;
}
