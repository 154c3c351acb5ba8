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

#endif
