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

#endif
