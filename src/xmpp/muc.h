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
/* Where the history says a room's archive was last read to (the newest
 * archive id it holds of the room, caller frees, and that message's
 * time), for entering it the first time in this process. Set by the
 * program (the store is not the protocol code's to call). */
void muc_set_archive_source(char *(*source)(const char *account, const char *room, gint64 *time));

int muc_join(struct session *session, const char *room, const char *nick, const char *password,
             char **cause);

/* Leaves room (a bare room JID), saying reason (NULL: nothing). */
int muc_leave(struct session *session, const char *room, const char *reason, char **cause);

/* Asks room for a new nick; EV_ROOM "nick" follows when it agrees. */
int muc_change_nick(struct session *session, const char *room, const char *nick, char **cause);

/* Asks room to set its subject (empty: clear it). */
int muc_set_subject(struct session *session, const char *room, const char *subject, char **cause);

/* XEP-0045 8, 9: gives the occupant nick of room a role ("none" kicks,
 * "participant" gives a voice, "visitor" takes it, "moderator"), saying
 * reason (may be NULL). The outcome shows in the room's window. */
int muc_set_role(struct session *session, const char *room, const char *nick, const char *role,
                 const char *reason, char **cause);

/* XEP-0045 9, 10: gives who (a JID, or the nick of an occupant whose JID
 * the room shows) an affiliation ("outcast" bans). */
int muc_set_affiliation(struct session *session, const char *room, const char *who,
                        const char *affiliation, const char *reason, char **cause);

/* Asks room for the JIDs of an affiliation (owner, admin, member,
 * outcast); the list shows in the room's window. */
int muc_list_affiliation(struct session *session, const char *room, const char *affiliation,
                         char **cause);

/* XEP-0045 7.13: asks the moderators of room for a voice. */
int muc_request_voice(struct session *session, const char *room, char **cause);

/* Invites invitee (a JID) to room: through the room when it is
 * members-only (XEP-0045 7.8.2), else directly (XEP-0249). */
int muc_invite(struct session *session, const char *room, const char *invitee, const char *reason,
               char **cause);

/* Declines the invitation to room that waits (a mediated one is
 * answered, a direct one forgotten, XEP-0249 2). */
int muc_decline(struct session *session, const char *room, const char *reason, char **cause);

/* Creates room (ROOM[@SERVICE]) by entering it as nick (NULL: the
 * default) and asks for its configuration form instead of taking the
 * service's defaults (XEP-0045 10.1.3). */
int muc_create(struct session *session, const char *room, const char *nick, char **cause);

/* Asks room (which the user owns) for its configuration form; it waits
 * in the room (EV_ROOM "form"). */
int muc_configure(struct session *session, const char *room, char **cause);

/* Sets field var of room's waiting form from text (model/form.h
 * form_set()). */
int muc_form_set(struct session *session, const char *room, const char *var, const char *text,
                 char **cause);

/* Submits (or cancels) room's waiting form. */
int muc_form_answer(struct session *session, const char *room, int cancel, char **cause);

/* XEP-0045 10.9: destroys room (the user must own it). */
int muc_destroy(struct session *session, const char *room, const char *reason, char **cause);

#endif
