/*
 * accounts.h: reading accounts.ini into the account list.
 */
#ifndef NATTER_CONFIG_ACCOUNTS_H
#define NATTER_CONFIG_ACCOUNTS_H

#include <glib.h>

/*
 * Loads path into the account list (model/account.h). When the file does
 * not exist it is created, 0600 in a 0700 directory, holding only comments
 * that explain the format. A file that others can read is refused, and so
 * is a file that is not valid ini. Accounts with an error are skipped and
 * each error is appended to problems (strings the caller frees; problems
 * owns them when created with g_free). Returns 0, or -1 and *cause.
 */
int accounts_load(const char *path, GPtrArray *problems, char **cause);

/* Parses ini text (already read) into the account list; for tests and
 * fuzzing. Returns 0, or -1 and *cause when the text is not valid ini. */
int accounts_parse(const char *text, GPtrArray *problems, char **cause);

/* The account's password changed (XEP-0077): when it came from the
 * accounts file, the file says the new one (comments kept). Returns 0, or
 * -1 and *cause when the file could not be rewritten. */
int account_set_password(const char *name, const char *password, char **cause);

/* Why the account named name in accounts.ini could not be loaded, or NULL
 * when it was (or is not there). An edit that makes it valid loads it. */
const char *accounts_unloaded_reason(const char *name);

/* The names of the accounts of accounts.ini that could not be loaded,
 * sorted (caller frees the array, not the names). */
GPtrArray *accounts_unloaded(void);

/* The keys an account may have in accounts.ini (NULL-terminated). */
extern const char *const accounts_key_names[];

/*
 * Edits of accounts.ini, each applied to the file as it is now (re-read:
 * the user may have changed it meanwhile) and written back atomically
 * (temporary file, fsync, rename; 0600), changing only the lines the
 * edit concerns. The account list follows. An edit that would leave the
 * account invalid is refused and nothing is written. Each returns 0, or
 * -1 and *cause.
 */

/* A new account: [name] with jid. */
int accounts_add(const char *name, const char *jid, char **cause);

/* Sets key (one of accounts_keys()) to value, or removes it when value is
 * NULL. */
int accounts_set(const char *name, const char *key, const char *value, char **cause);

/* Removes the account and its settings. */
int accounts_remove(const char *name, char **cause);

/* Renames the account (its group) to new_name, which must be free; it
 * keeps its place in the file and the list. */
int accounts_rename(const char *name, const char *new_name, char **cause);

/* Whether name may name an account: printable, no brackets, not empty.
 * Returns 0, or -1 and *cause. */
int accounts_check_name(const char *name, char **cause);

#endif
