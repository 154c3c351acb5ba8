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

/* (src/xmpp only) A query of an archive (XEP-0313 4.1, paged by RSM,
 * XEP-0059): to the account's own (to NULL) or a room's; each field NULL
 * or 0 when not asked. */
struct mam_ask {
	const char *to, *with;
	gint64 start, end;  /* microseconds since 1970 */
	const char *after;  /* the page after this archive id */
	const char *before; /* the page before it; neither, no start: the last */
	int max;
};

/* An archive's <result/> in stanza (or NULL), with its <forwarded/> and
 * the <message/> in that (each NULL when missing). */
xmpp_stanza_t *mam_result_parts(xmpp_stanza_t *stanza, xmpp_stanza_t **forwarded,
                                xmpp_stanza_t **inner);

/* The <iq type='set'/> asking it, its results marked query_id. */
xmpp_stanza_t *mam_query_new(const struct mam_ask *ask, const char *query_id);

/* What a message of an archive is to the user. */
enum mam_mode {
	MAM_NEWS = 1, /* it came while natter was away */
	MAM_OLD,      /* the latest page, read the first time: history */
	MAM_BACKFILL, /* fetched for scrolling back, or /mam (mam-fetch.c) */
};

/* (src/xmpp only) chat.c: a message of the archive, as received or sent
 * (from the account: ours, by whichever client). */
void chat_archived(struct session *session, xmpp_stanza_t *inner, const char *archive_id,
                   gint64 delay, enum mam_mode mode);

/*
 * Fetching for the user (mam-fetch.c): the conversation with peer (a
 * contact: the account's archive, filtered by 'with'; a room the account
 * is in: the room's archive). Older: one page before the archive id
 * before, or when there is none, before the time end (0: the newest
 * page). Since: every page from the time start on (at most
 * MAM_FETCH_PAGES). Messages go to the history (message->backfill);
 * EV_ARCHIVE_FETCHED tells how it went. Returns 0, or -1 and *cause.
 */
int mam_fetch_older(struct session *session, const char *peer, const char *before, gint64 end,
                    char **cause);
int mam_fetch_since(struct session *session, const char *peer, gint64 start, char **cause);

/* Whether a fetch for peer is under way (its EV_ARCHIVE_FETCHED will
 * come). */
int mam_fetch_busy(struct session *session, const char *peer);

/* (src/xmpp only) A <message/> with an archive <result/>: taken (1) when
 * it answers one of those fetches. */
int mam_fetch_result(struct session *session, xmpp_stanza_t *stanza);

#endif
