/*
 * bookmark.h: the rooms each account keeps bookmarks of (XEP-0402, or
 * XEP-0048 on older servers), as the server last said.
 *
 * The bookmark list owns bookmarks; each belongs to one account and one
 * room JID. Changes emit EV_BOOKMARK.
 */
#ifndef NATTER_MODEL_BOOKMARK_H
#define NATTER_MODEL_BOOKMARK_H

#include <glib.h>

struct bookmark {
	char *account;
	char *jid;        /* the room's bare JID */
	char *name;       /* a name for the room, or NULL; not sanitized */
	char *nick;       /* the nick to enter with, or NULL (the default) */
	char *password;   /* or NULL */
	int autojoin;     /* enter the room at login */
	char *extensions; /* XEP-0402 <extensions/> children, kept as XML, or NULL */
};

/* The bookmark of account for room jid, or NULL. */
struct bookmark *bookmark_find(const char *account, const char *jid);

/* Sets the bookmark (strings copied; NULL: none) and emits EV_BOOKMARK
 * when it is new or changed. Returns it. */
struct bookmark *bookmark_set(const char *account, const char *jid, const char *name,
                              const char *nick, const char *password, int autojoin,
                              const char *extensions);

/* Removes the bookmark, emitting EV_BOOKMARK (removed) when there was one. */
void bookmark_remove(const char *account, const char *jid);

/* The bookmarks of account old are now account new's (/account rename). */
void bookmark_rename_account(const char *old, const char *new);

/* Removes every bookmark of account (each told as removed). */
void bookmark_forget_account(const char *account);

/* The bookmarks of account sorted by room JID; caller frees the array (not
 * the bookmarks). */
GPtrArray *bookmark_list(const char *account);

/* Frees every bookmark. */
void bookmark_list_clear(void);

#endif
