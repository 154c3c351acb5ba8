/*
 * fuzz-theme.c: libFuzzer target for theme files (config/theme.h).
 *
 * Whatever the text, every colour stays in the range curses is given
 * (-1 to 255), attributes hold only the THEME_* bits, every problem is a
 * "theme: " string, a failure always has a cause, and reading the same
 * text again over the result changes nothing.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/theme.h"

#define ALL_ATTRS (THEME_BOLD | THEME_UNDERLINE | THEME_REVERSE | THEME_ITALIC | THEME_DIM)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_theme(const struct theme *theme)
{
	for (int i = 0; i < THEME_ITEMS; i++) {
		const struct theme_colour *c = &theme->items[i];
		if (c->foreground < -1 || c->foreground > 255 || c->background < -1 ||
		    c->background > 255 || (c->attrs & ~(unsigned)ALL_ATTRS) != 0)
			abort();
	}
}

static void
check_problems(const GPtrArray *problems)
{
	for (guint i = 0; i < problems->len; i++) {
		if (problems->pdata[i] == NULL || strncmp(problems->pdata[i], "theme: ", 7) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	struct theme theme, again;
	char *cause = NULL;
	int ret;

	theme_default(&theme);
	ret = theme_parse(text, &theme, problems, &cause);
	if (ret == -1 && cause == NULL)
		abort();
	check_theme(&theme);
	check_problems(problems);
	if (ret == 0) {
		again = theme;
		if (theme_parse(text, &again, problems, &cause) != 0 ||
		    memcmp(&again, &theme, sizeof theme) != 0)
			abort();
	}
	g_ptr_array_unref(problems);
	g_free(cause);
	g_free(text);
	return 0;
}
