/*
 * room.h: multi-user chat rooms (XEP-0045) and their occupants.
 *
 * A room belongs to one account and one bare room JID; two accounts in the
 * same room are two rooms. The room list owns rooms; a room owns its
 * occupants, found in constant time by nick and by real full JID (when
 * the room shows it), so that a room of thousands stays fast. The room's
 * messages live in a conversation (model/conversation.h) of kind
 * CONVERSATION_ROOM with the same account and JID.
 *
 * Changes are announced with EV_ROOM and EV_OCCUPANT. The protocol layer
 * (xmpp/muc.c) decides what changed; the model keeps it and tells.
 */
#ifndef NATTER_MODEL_ROOM_H
#define NATTER_MODEL_ROOM_H

#include <glib.h>

struct form;

/* XEP-0045 5.1: roles, ordered from least to most privileged. */
enum muc_role { ROLE_NONE, ROLE_VISITOR, ROLE_PARTICIPANT, ROLE_MODERATOR };

/* XEP-0045 5.2: affiliations, ordered likewise. */
enum muc_affiliation { AFFIL_OUTCAST, AFFIL_NONE, AFFIL_MEMBER, AFFIL_ADMIN, AFFIL_OWNER };

enum room_state {
	ROOM_JOINING, /* entry presence sent, no self-presence yet */
	ROOM_JOINED,  /* self-presence (status 110) received */
	ROOM_LEFT,    /* not in the room (left, refused, kicked...) */
};

/* What an EV_ROOM event says. */
enum room_change {
	ROOM_CHANGE_JOINING,     /* entry presence sent */
	ROOM_CHANGE_JOINED,      /* the join is complete */
	ROOM_CHANGE_REFUSED,     /* the room refused entry (text: why) */
	ROOM_CHANGE_LEFT,        /* no longer in the room (text: why, or NULL) */
	ROOM_CHANGE_NICK,        /* the user's nick changed */
	ROOM_CHANGE_SUBJECT,     /* the subject changed (text: who set it) */
	ROOM_CHANGE_NOTICE,      /* something worth telling (text) */
	ROOM_CHANGE_HISTORY_END, /* the history sent on join ends here */
	ROOM_CHANGE_INVITED,     /* an invitation came (text: who, why, how to answer) */
	ROOM_CHANGE_FORM,        /* its configuration form waits for the user (room->form) */
};

/* What an EV_OCCUPANT event says. */
enum occupant_change {
	OCCUPANT_JOINED,
	OCCUPANT_LEFT,
	OCCUPANT_NICK,     /* renamed: new_nick */
	OCCUPANT_PRESENCE, /* show or status */
	OCCUPANT_ROLE,     /* role or affiliation */
	OCCUPANT_KICKED,
	OCCUPANT_BANNED,
	OCCUPANT_REMOVED, /* affiliation change, members-only, shutdown */
};

struct occupant {
	char *nick;                /* the resource of the occupant JID; not sanitized */
	char *jid;                 /* real full JID when the room shows it, or NULL */
	char *status;              /* presence status text, or NULL; not sanitized */
	char *sort_key;            /* the nick's collation key, case-folded (sorting) */
	const char *skeleton;      /* what the nick looks like (core/lookalike.h); the room's */
	unsigned char invisible;   /* the nick holds characters that show as nothing */
	unsigned char role;        /* enum muc_role */
	unsigned char affiliation; /* enum muc_affiliation */
	unsigned char show;        /* enum presence_show */
};

struct room {
	char *account;
	char *jid;        /* bare room JID */
	char *nick;       /* the user's nick: requested, then as the room says */
	char *password;   /* to enter, or NULL */
	char *subject;    /* NULL: none yet; not sanitized */
	char *subject_by; /* nick that set it, or NULL */
	enum room_state state;
	GHashTable *occupants; /* nick -> struct occupant (owned) */
	GHashTable *by_jid;    /* real full JID -> struct occupant (borrowed) */
	GHashTable *skeletons; /* occupant skeleton -> how many occupants have it */
	struct occupant *self; /* the user's occupant once joined, or NULL */
	int non_anonymous;     /* status 100/172: everyone sees real JIDs */
	int logged;            /* status 170: the room is logged publicly */
	int in_history;        /* join history is arriving (before the subject) */
	gint64 last_message;   /* timestamp of the last message shown, or 0 */
	/* Kept by the protocol layer (xmpp/muc.c). */
	int wanted;             /* the user wants to be in it: rejoin after a lost link */
	int asked;              /* entering because the user just asked (not a rejoin) */
	int entered;            /* the user entered (or tried to) in this process */
	int entry_sent;         /* the entry presence of this attempt went out */
	unsigned entry_serial;  /* counts the attempts at entering (muc-mam.c) */
	int leaving;            /* the user asked to leave */
	int nick_tries;         /* nick conflicts met while entering */
	char *pending_nick;     /* a nick change asked for, or NULL */
	unsigned history_count; /* history messages shown since entering */
	gint64 heard;           /* when the room last sent anything (monotonic) */
	gint64 pinged;          /* when the last self-ping went (monotonic) */
	int pinging;            /* a self-ping (XEP-0410) awaits its answer */
	int members_only;       /* disco#info: muc_membersonly */
	int archived;           /* disco#info: the room has an archive (XEP-0313) */
	int sid;                /* announces urn:xmpp:sid:0: its stanza-ids hold (XEP-0359 §4) */
	char *invite_from;      /* an invitation waits: who sent it, or NULL */
	char *invite_password;  /* ... and the password it gave, or NULL */
	int invite_mediated;    /* ... through the room (XEP-0045 7.8.2) */
	gint64 invited_at;      /* ... when it came (monotonic) */
	int configure;          /* being created with /room create: configure, not instant */
	struct form *form;      /* its configuration form waiting for the user, or NULL */
	unsigned form_serial;   /* counts the forms received (which one an answer is of) */
	char *mam_query;        /* the queryid of our archive query (XEP-0313), or NULL */
	char *last_archive_id;  /* the archive id of the last archived message seen */
};

/* "moderator", "participant", "visitor", "none". */
const char *muc_role_name(enum muc_role role);

/* "owner", "admin", "member", "none", "outcast". */
const char *muc_affiliation_name(enum muc_affiliation affiliation);

/* Parses a role or affiliation attribute; -1 when unknown (NULL: -1). */
int muc_role_parse(const char *name);
int muc_affiliation_parse(const char *name);

/* Whether any room exists (for a cheap "not a room" on every stanza). */
int room_any(void);

/* The room of account with this bare JID, or NULL. Constant time. */
struct room *room_find(const char *account, const char *jid);

/* The room, created (state ROOM_LEFT, no event) when new. */
struct room *room_get(const char *account, const char *jid);

/* The rooms of account old are now account new's (/account rename). */
void room_rename_account(const char *old, const char *new);

/* The rooms of account (NULL: of every account), in the order they were
 * created. Caller frees the array (not the rooms). */
GPtrArray *room_list(const char *account);

/* The occupant by nick, or NULL. Constant time. */
struct occupant *room_occupant(const struct room *room, const char *nick);

/* The occupant by real full JID, or NULL. Constant time. */
struct occupant *room_occupant_by_jid(const struct room *room, const char *jid);

/* Number of occupants. */
guint room_occupant_count(const struct room *room);

/* The occupants sorted by role (moderators first), then by nick,
 * case-folded. Caller frees the array (not the occupants). */
GPtrArray *room_occupants_sorted(const struct room *room);

/*
 * An occupant's presence: adds or updates the occupant nick (jid may be
 * NULL, status may be NULL) and returns it. *added says whether it is
 * new. Emits nothing (the caller says what changed with room_tell_occupant).
 */
struct occupant *room_set_occupant(struct room *room, const char *nick, const char *jid, int role,
                                   int affiliation, int show, const char *status, int *added);

/* The occupant was renamed (XEP-0045 7.6, status 303): keeps it under
 * new_nick. */
void room_rename_occupant(struct room *room, struct occupant *occupant, const char *new_nick);

/* Removes the occupant (freed once the call returns: the caller tells
 * first). */
void room_remove_occupant(struct room *room, struct occupant *occupant);

/* Whether occupant's nick passes for another's: it holds characters that
 * show as nothing, or looks like another occupant's (the same skeleton).
 * Then *like (may be NULL) is that other occupant, or NULL. */
int room_occupant_lookalike(const struct room *room, const struct occupant *occupant,
                            const struct occupant **like);

/* Whether nick (not an occupant's now, or about to be exclude's) would
 * pass for another's: it holds characters that show as nothing, or looks
 * like an occupant's other than exclude. */
int room_nick_lookalike(const struct room *room, const char *nick, const struct occupant *exclude);

/* Forgets every occupant (left, or rejoining). */
void room_clear_occupants(struct room *room);

/* Sets the state and emits EV_ROOM with change and text (may be NULL);
 * codes are the status codes that led to it (0-terminated, or NULL). */
void room_set_state(struct room *room, enum room_state state, enum room_change change,
                    const char *text, const int *codes);

/* Emits EV_ROOM (change other than a state change). */
void room_tell(struct room *room, enum room_change change, const char *text, const int *codes);

/* Emits EV_OCCUPANT for occupant (new_nick, reason, actor may be NULL). */
void room_tell_occupant(struct room *room, const struct occupant *occupant,
                        enum occupant_change change, const char *new_nick, const char *reason,
                        const char *actor);

/* Sets the subject (NULL: none) and who set it (NULL: unknown). */
void room_set_subject(struct room *room, const char *subject, const char *by);

/* Sets the user's nick (the room's view of it). */
void room_set_nick(struct room *room, const char *nick);

/* Forgets the room (it must not be joined). */
void room_forget(struct room *room);

/* Forgets every room of account (disconnected, removed). */
void room_forget_account(const char *account);

/* Frees every room. */
void room_list_clear(void);

#endif
