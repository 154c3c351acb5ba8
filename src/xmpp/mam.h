/*
 * mam.h: the account's message archive (XEP-0313), read after each login
 * that did not resume the session: everything since the last message the
 * history holds from it (paging with RSM until complete), or, the first
 * time, its latest page.
 */
#ifndef NATTER_XMPP_MAM_H
#define NATTER_XMPP_MAM_H

#include <glib.h>
#include <strophe.h>

struct session;

/* Where the history says the account's archive was last read (the last
 * id of the last page read; caller frees), or NULL; and how a page read
 * is recorded. Set by the program (the store is not the protocol code's
 * to call). */
void mam_set_position_source(char *(*position)(const char *account, gint64 *since),
                             void (*record)(const char *account, const char *last, gint64 since));

/* Reads the archive from that position (session online, not resumed). */
void mam_sync(struct session *session);

/* (src/xmpp only) A <message/> with an archive <result/>: taken (1) when
 * it answers the current query from the account's own archive; anything
 * else is dropped with a log line (a stranger cannot add to the history
 * that way). */
int mam_handle_result(struct session *session, xmpp_stanza_t *stanza);

/* (src/xmpp only) chat.c: a message of the archive, as received or sent
 * (from the account: ours, by whichever client); old: from the first
 * reading's latest page (history), else news (it came while away). */
void chat_archived(struct session *session, xmpp_stanza_t *inner, const char *archive_id,
                   gint64 delay, int old);

#endif
