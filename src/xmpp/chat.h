/*
 * chat.h: one-to-one messages (RFC 6121 5).
 */
#ifndef NATTER_XMPP_CHAT_H
#define NATTER_XMPP_CHAT_H

struct session;

/*
 * Sends a chat message with body text to the JID to and adds it to the
 * conversation (emitting EV_MESSAGE_ADDED). The session must be online.
 * Returns 0, or -1 and *cause (bad JID, not online, ...).
 */
int chat_send(struct session *session, const char *to, const char *text, char **cause);

/* Whether text can be a message body (XML 1.0 2.2: UTF-8, no control
 * characters but tab and line breaks). Returns 0, or -1 and *cause. */
int chat_check_text(const char *text, char **cause);

/* What natter send may add to a message. */
struct chat_extras {
	const char *subject; /* RFC 6121 5.2.4, or NULL */
	int headline;        /* type headline (RFC 6121 5.2.2: no reply expected) */
};

/* chat_send() with extras (NULL: none; a group message takes none), and
 * the message's id in *id (caller frees) to follow its delivery. */
int chat_send_extra(struct session *session, const char *to, const char *text,
                    const struct chat_extras *extras, char **id, char **cause);

/*
 * Sends text as a correction (XEP-0308) of the user's last message to peer
 * (bare JID), and changes that message in the conversation (emitting
 * EV_MESSAGE_UPDATED). Returns 0, or -1 and *cause (nothing to correct,
 * not online, ...).
 */
int chat_correct(struct session *session, const char *peer, const char *text, char **cause);

/* Tells peer (bare JID) our chat state (XEP-0085) when the peer uses
 * them; nothing otherwise. state is an enum chat_state. */
void chat_send_state(struct session *session, const char *peer, int state);

/* Asks the server for message carbons (XEP-0280) on this session. */
void chat_enable_carbons(struct session *session);

#endif
