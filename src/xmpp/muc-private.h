/*
 * muc-private.h: what the files of src/xmpp share about rooms (XEP-0045).
 */
#ifndef NATTER_XMPP_MUC_PRIVATE_H
#define NATTER_XMPP_MUC_PRIVATE_H

#include <glib.h>
#include <strophe.h>

struct room;
struct session;

#define NS_MUC       "http://jabber.org/protocol/muc"
#define NS_MUC_USER  "http://jabber.org/protocol/muc#user"
#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"

/* Invitations told to the user: a few at once, then one per interval
 * (anyone may send them). */
#define MUC_INVITE_BURST      5
#define MUC_INVITE_INTERVAL_S 30

/* Invitations waiting for an answer kept at most (per account); older
 * ones are forgotten. */
#define MUC_INVITES_KEPT 20

/* muc-presence.c: a presence from a room of the session (an occupant's, or an
 * error about entering). Returns 0 when it is not from a room. */
int muc_handle_presence(struct session *session, xmpp_stanza_t *stanza);

/* muc.c: a room address from the user or a stanza ("ROOM@SERVICE", or
 * ROOM with service given), bare and normalised; NULL and *cause when it
 * is not one (no local part, a resource, not a JID). */
char *muc_room_address(const char *text, const char *service, char **cause);

/* muc.c: sends the presence that enters room as room->nick (XEP-0045
 * 7.2.1), with its password and the history wanted. */
void muc_send_join(struct session *session, struct room *room);

/* muc.c: the nick part of an occupant JID (after the first '/'), or
 * NULL. Borrowed from from. */
const char *muc_nick_of(const char *from);

/* muc.c: the room of the session whose bare JID is that of the address
 * from (full or bare), or NULL. */
struct room *muc_room_of(struct session *session, const char *from);

/* muc.c: a new login (not a resumed session): rooms the user was in are
 * entered again, asking only for the history missed. */
void muc_session_started(struct session *session, int resumed);

/* muc.c: the account went offline for good (not reconnecting): its
 * rooms are left. */
void muc_session_ended(struct session *session);

/* muc.c: the account's presence changed: rooms hear it too (XEP-0045
 * 7.7: an occupant's presence goes to the room, not the broadcast). */
void muc_send_presence_all(struct session *session);

/* muc-message.c: a message from a room or one of its occupants
 * (groupchat, a room's notice, an error about something sent there).
 * Private messages (type chat) are chat.c's. Returns 1 when taken. */
int muc_handle_message(struct session *session, struct room *room, xmpp_stanza_t *stanza);

/* muc-message.c: sends text to room as a group message (replaces: the
 * id of the user's message it corrects, XEP-0308, or NULL); *id (when id
 * is not NULL): the new message's (caller frees). */
int muc_send_message(struct session *session, struct room *room, const char *text,
                     const char *replaces, char **id, char **cause);

/* muc-message.c: the room's status codes (0-terminated): the room's
 * privacy and logging follow them, and those worth telling become
 * notices; later: after entering (210 then belongs to a nick change). */
void muc_tell_codes(struct room *room, const int *codes, int later);

/* muc-mam.c: asks room what it is (disco#info: members-only, archived);
 * a room being entered is then entered: after its archive's latest
 * messages when it keeps one. */
void muc_query_info(struct session *session, struct room *room);

/* muc-mam.c: a message carrying a result of our archive query (XEP-0313
 * 4.2) from room. Returns 1 (taken). */
int muc_mam_result(struct session *session, struct room *room, xmpp_stanza_t *stanza,
                   xmpp_stanza_t *result);

/* muc-message.c: a group message of the room's history (from its
 * archive: archive_id; or its own history), sent at when (0: unknown);
 * backfill: fetched for the user (message->backfill). */
void muc_history_message(struct session *session, struct room *room, xmpp_stanza_t *inner,
                         gint64 when, const char *archive_id, int backfill);

/* muc-config.c: asks room for its configuration form (XEP-0045 10.1.3). */
void muc_config_request(struct session *session, struct room *room);

/* muc-config.c: a room the user just created with /join is made an
 * instant room (XEP-0045 10.1.2); the room's window says when it is open. */
void muc_config_instant(struct session *session, struct room *room);

/* muc.c: enters room again (same nick and password), asking only for
 * the history missed. */
void muc_rejoin(struct session *session, struct room *room);

/* muc-ping.c (XEP-0410): something came from room: its silence starts
 * again (the timer starts with the first joined room). */
void muc_ping_heard(struct session *session, struct room *room);

/* muc-ping.c: every room's silence starts now (a resumed session, a new
 * interval). */
void muc_ping_restart(struct session *session);

/* muc-ping.c: the connection ended: no timer. */
void muc_ping_stop(struct session *session);

/* muc-admin.c: an invitation to a room (XEP-0045 7.8.2, XEP-0249) or a
 * decline of ours, in any message. Returns 1 when the message was one. */
int muc_handle_invite(struct session *session, xmpp_stanza_t *stanza);

#endif
