/*
 * paths.h: where natter keeps its files (XDG base directories).
 *
 * The configuration directory is $XDG_CONFIG_HOME/natter, or the directory
 * given with --config-dir; the data directory $XDG_DATA_HOME/natter, or
 * that same directory. The strings returned are owned by this module
 * and live until paths_clear().
 */
#ifndef NATTER_CONFIG_PATHS_H
#define NATTER_CONFIG_PATHS_H

#include <glib.h>

/* Sets the configuration directory (override may be NULL). */
void paths_init(const char *override);

/* The name of the configuration natter runs with (borrowed): "default",
 * or with --config-dir "dir-" and a hash of that directory's path, so that
 * each setup has its own control socket. */
const char *paths_profile(void);

/* Returns the configuration directory (borrowed). */
const char *paths_config_dir(void);

/* Returns config_dir/name (caller frees). */
char *paths_config_file(const char *name);

/* Returns the data directory (borrowed): where natter keeps what it
 * writes itself (input history, later the message store). It is
 * $XDG_DATA_HOME/natter, or the configuration directory when that was
 * given with --config-dir, so one directory holds a whole test setup. */
const char *paths_data_dir(void);

/* Returns data_dir/name (caller frees). */
char *paths_data_file(const char *name);

/* <data dir>/subdir/<account><suffix>, the account name escaped (it may
 * hold anything but control characters). Caller frees. */
char *paths_account_file(const char *subdir, const char *account, const char *suffix);

/* Renames account old's file in subdir to account new's (none: new has
 * none either). Returns 0, or -1 and *cause. */
int paths_account_file_rename(const char *subdir, const char *old, const char *new,
                              const char *suffix, char **cause);

/* Writes text to path (replacing it whole, mode 0600), creating its
 * directory 0700 as needed. Returns 0, or -1 and *cause. */
int paths_write_private(const char *path, const char *text, char **cause);

/* Creates dir and its parents as needed; a directory natter creates is
 * 0700. Returns 0, or -1 and *cause. */
int paths_ensure_private_dir(const char *dir, char **cause);

/* Forgets the paths. */
/* Adds to problems (as text) what is wrong with the config and data
 * directories: another user's, or open to others. */
void paths_check_private(GPtrArray *problems);

void paths_clear(void);

#endif
