/*
 * fuzz-prefs.c: libFuzzer target for natter.conf parsing (config/prefs.h).
 *
 * Whatever the file says, every option must read back as a value its own
 * check accepts, and every problem must be a string.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "config/prefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	if (prefs_parse(text, problems, &cause) == -1 && cause == NULL)
		abort();
	for (const struct pref_def *const *def = prefs_table(); *def; def++) {
		char *why = NULL;
		if (prefs_check(*def, prefs_string((*def)->name), NULL, &why) == -1)
			abort();
	}
	for (guint i = 0; i < problems->len; i++) {
		if (problems->pdata[i] == NULL)
			abort();
	}
	prefs_clear();
	g_ptr_array_unref(problems);
	g_free(cause);
	g_free(text);
	return 0;
}
