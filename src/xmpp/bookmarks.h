/*
 * bookmarks.h: room bookmarks on the server: XEP-0402 (PEP) where the
 * server says it keeps the older form in step (urn:xmpp:bookmarks:1#compat),
 * else XEP-0048 in private XML storage (XEP-0049). The bookmarks live in
 * the model (model/bookmark.h).
 */
#ifndef NATTER_XMPP_BOOKMARKS_H
#define NATTER_XMPP_BOOKMARKS_H

#include <strophe.h>

#define NS_BOOKMARKS "urn:xmpp:bookmarks:1"

struct session;

/* Bookmarks a room (bare JID) on the server, to enter at login when
 * autojoin; nick NULL: the default one. The model follows when the
 * server agrees. Returns 0, or -1 and *cause (not online, not a room
 * address, storage not known yet). */
int bookmarks_add(struct session *session, const char *room, const char *nick, int autojoin,
                  char **cause);

/* Removes the bookmark of room. Returns 0, or -1 and *cause. */
int bookmarks_remove(struct session *session, const char *room, char **cause);

/* Whether the account's bookmarks were loaded from the server. */
int bookmarks_known(const struct session *session);

/* Where the account's bookmarks are kept, in words. */
const char *bookmarks_storage(const struct session *session);

/* (src/xmpp only) A new login: which storage the server offers, then the
 * bookmarks; the autojoin ones are entered (first: the first login since
 * /connect; later logins leave that to the rooms still wanted). */
void bookmarks_start(struct session *session, int first);

/* (src/xmpp only) The connection ended: autojoins waiting stay queued
 * for the next login. */
void bookmarks_stop(struct session *session);

/* (src/xmpp only) A resumed session (XEP-0198): the bookmarks are asked
 * again if their answer was lost, and the rooms waiting are entered. */
void bookmarks_resumed(struct session *session);

/* (src/xmpp only, pep.c) An item (or <retract/>) of the account's
 * XEP-0402 node. */
void bookmarks_pep_item(struct session *session, const char *from, const char *node,
                        xmpp_stanza_t *element);

#endif
