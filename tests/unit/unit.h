/*
 * unit.h: what every cmocka unit test includes.
 *
 * cmocka.h needs <stdarg.h>, <stddef.h>, <setjmp.h> and <stdint.h> before
 * it. The helpers here are header-only (static inline) so that each test
 * stays one standalone program.
 */
#ifndef NATTER_TESTS_UNIT_H
#define NATTER_TESTS_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Fails the test, showing both strings, unless needle occurs in haystack. */
#define assert_contains(haystack, needle) \
	unit_assert_contains((haystack), (needle), 1, __FILE__, __LINE__)

/* Fails the test unless needle does not occur in haystack. */
#define assert_not_contains(haystack, needle) \
	unit_assert_contains((haystack), (needle), 0, __FILE__, __LINE__)

static inline void
unit_assert_contains(const char *haystack, const char *needle, int wanted, const char *file,
                     int line)
{
	int found;

	if (haystack == NULL) {
		print_error("%s:%d: text is NULL, looked for \"%s\"\n", file, line, needle);
		_fail(file, line);
		return;
	}
	found = strstr(haystack, needle) != NULL;
	if (found != wanted) {
		print_error("%s:%d: \"%s\" %s \"%s\"\n", file, line, haystack,
		               wanted ? "does not contain" : "contains", needle);
		_fail(file, line);
	}
}

/* A fresh private temporary directory (caller frees the name and removes
 * the directory with unit_remove_tree()). */
static inline char *
unit_make_tmpdir(void)
{
	GError *error = NULL;
	char *dir = g_dir_make_tmp("natter-unit-XXXXXX", &error);

	if (dir == NULL) {
		print_error("cannot create a temporary directory: %s\n", error->message);
		g_error_free(error);
		fail();
	}
	return dir;
}

/* Removes path and everything below it (test temporary files only). */
static inline void
unit_remove_tree(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);

	if (dir != NULL) {
		const char *name;
		while ((name = g_dir_read_name(dir)) != NULL) {
			char *child = g_build_filename(path, name, NULL);
			unit_remove_tree(child);
			g_free(child);
		}
		g_dir_close(dir);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* The whole content of path (caller frees), or NULL when it cannot be read. */
static inline char *
unit_read_file(const char *path)
{
	char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	return text;
}

#endif
