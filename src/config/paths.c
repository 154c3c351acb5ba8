/*
 * paths.c: where natter keeps its files.
 *
 * Owns the configuration and data directory strings, set once at start.
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/paths.h"

static char *config_dir, *data_dir, *profile;

void
paths_init(const char *override)
{
	g_free(config_dir);
	g_free(data_dir);
	g_free(profile);
	if (override != NULL) {
		char *hash;
		config_dir = g_canonicalize_filename(override, NULL);
		data_dir = g_strdup(config_dir);
		hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, config_dir, -1);
		profile = g_strdup_printf("dir-%.12s", hash);
		g_free(hash);
	} else {
		profile = g_strdup("default");
		config_dir = g_build_filename(g_get_user_config_dir(), "natter", NULL);
		data_dir = g_build_filename(g_get_user_data_dir(), "natter", NULL);
	}
}

const char *
paths_profile(void)
{
	if (profile == NULL)
		paths_init(NULL);
	return profile;
}

const char *
paths_config_dir(void)
{
	if (config_dir == NULL)
		paths_init(NULL);
	return config_dir;
}

char *
paths_config_file(const char *name)
{
	return g_build_filename(paths_config_dir(), name, NULL);
}

const char *
paths_data_dir(void)
{
	if (data_dir == NULL)
		paths_init(NULL);
	return data_dir;
}

char *
paths_data_file(const char *name)
{
	return g_build_filename(paths_data_dir(), name, NULL);
}

int
paths_write_private(const char *path, const char *text, char **cause)
{
	char *dir = g_path_get_dirname(path);
	GError *error = NULL;
	int ret = paths_ensure_private_dir(dir, cause);

	if (ret == 0 && !g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
	                                          0600, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		ret = -1;
	}
	g_free(dir);
	return ret;
}

char *
paths_account_file(const char *subdir, const char *account, const char *suffix)
{
	char *escaped = g_uri_escape_string(account, NULL, FALSE);
	char *name = g_strconcat(escaped, suffix, NULL);
	char *path = g_build_filename(paths_data_dir(), subdir, name, NULL);

	g_free(name);
	g_free(escaped);
	return path;
}

int
paths_account_file_rename(const char *subdir, const char *old, const char *new, const char *suffix,
                          char **cause)
{
	char *from = paths_account_file(subdir, old, suffix);
	char *to = paths_account_file(subdir, new, suffix);
	int ret = 0;

	if (g_rename(from, to) == 0) {
		ret = 0;
	} else if (errno != ENOENT) {
		*cause = g_strdup_printf("cannot rename %s to %s: %s", from, to, g_strerror(errno));
		ret = -1;
	} else if (g_unlink(to) == -1 && errno != ENOENT) {
		/* None to take along: one left under the new name by another
		 * account (removed by hand) must not be inherited. */
		*cause = g_strdup_printf("cannot remove %s: %s", to, g_strerror(errno));
		ret = -1;
	}
	g_free(from);
	g_free(to);
	return ret;
}

int
paths_ensure_private_dir(const char *dir, char **cause)
{
	if (g_file_test(dir, G_FILE_TEST_IS_DIR))
		return 0;
	if (g_mkdir_with_parents(dir, 0700) == -1) {
		*cause = g_strdup_printf("cannot create directory %s: %s", dir, g_strerror(errno));
		return -1;
	}
	return 0;
}

void
paths_check_private(GPtrArray *problems)
{
	/* Copies: asking for one may set both again (paths_init()). */
	char *dirs[] = { g_strdup(paths_config_dir()), g_strdup(paths_data_dir()) };

	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		GStatBuf st;
		if ((i > 0 && strcmp(dirs[i], dirs[0]) == 0) || g_stat(dirs[i], &st) == -1)
			continue; /* once; or not made yet (natter makes it 0700) */
		if (st.st_uid != getuid())
			g_ptr_array_add(problems,
			                g_strdup_printf("the directory %s belongs to another user "
			                                "(uid %u), and natter keeps your passwords, "
			                                "keys and history there",
			                                dirs[i], (unsigned)st.st_uid));
		else if ((st.st_mode & 077) != 0)
			g_ptr_array_add(
			        problems,
			        g_strdup_printf("the directory %s can be opened by others (mode "
			                        "%04o), and natter keeps your passwords, keys and "
			                        "history there: chmod 700 %s",
			                        dirs[i], (unsigned)(st.st_mode & 07777), dirs[i]));
	}
	g_free(dirs[0]);
	g_free(dirs[1]);
}

void
paths_clear(void)
{
	g_clear_pointer(&config_dir, g_free);
	g_clear_pointer(&data_dir, g_free);
	g_clear_pointer(&profile, g_free);
}
