/*
 * fuzz-theme.c: libFuzzer target for theme files (config/theme.h).
 *
 * Whatever the text, every colour stays in the range curses is given
 * (-1 to 15) and boldness is 0 or 1; a failure always has a cause.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "config/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	struct theme theme;
	char *cause = NULL;

	theme_default(&theme);
	if (theme_parse(text, &theme, problems, &cause) == -1 && cause == NULL)
		abort();
	for (int i = 0; i < THEME_ITEMS; i++) {
		const struct theme_colour *c = &theme.items[i];
		if (c->foreground < -1 || c->foreground > 15 || c->background < -1 ||
		    c->background > 15 || (c->bold != 0 && c->bold != 1))
			abort();
	}
	g_ptr_array_unref(problems);
	g_free(cause);
	g_free(text);
	return 0;
}
