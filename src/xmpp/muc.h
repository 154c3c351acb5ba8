/*
 * muc.h: multi-user chat (XEP-0045): entering and leaving rooms, nicks,
 * subjects and messages. The rooms and their occupants live in the model
 * (model/room.h); this is what the commands call.
 *
 * Each function returns 0, or -1 and *cause (not online, not in the room,
 * a malformed address...).
 */
#ifndef NATTER_XMPP_MUC_H
#define NATTER_XMPP_MUC_H

struct session;

/*
 * Enters room (ROOM@SERVICE, or ROOM alone: on the MUC service of the
 * account's server, found by service discovery) as nick (NULL: the
 * account's user name) with password (NULL: none). Progress comes as
 * EV_ROOM events (joining, then joined or refused).
 */
int muc_join(struct session *session, const char *room, const char *nick, const char *password,
             char **cause);

/* Leaves room (a bare room JID), saying reason (NULL: nothing). */
int muc_leave(struct session *session, const char *room, const char *reason, char **cause);

/* Asks room for a new nick; EV_ROOM "nick" follows when it agrees. */
int muc_change_nick(struct session *session, const char *room, const char *nick, char **cause);

/* Asks room to set its subject (empty: clear it). */
int muc_set_subject(struct session *session, const char *room, const char *subject, char **cause);

#endif
