/*
 * event.h: the typed event bus.
 *
 * The model and the protocol layer announce what happened ("a session
 * changed state", "a message was added"); frontends subscribe and render.
 * An event and everything it points to is borrowed for the duration of the
 * delivery only. Subscribers may subscribe or unsubscribe (themselves or
 * others) while an event is being delivered.
 */
#ifndef NATTER_CORE_EVENT_H
#define NATTER_CORE_EVENT_H

#include <stddef.h>

struct contact;
struct conversation;
struct message;
struct bookmark;
struct occupant;
struct room;

enum event_type {
	EV_SESSION_STATE,      /* u.session: an account's connection state */
	EV_CONVERSATION_ADDED, /* u.conversation: a new conversation exists */
	EV_MESSAGE_ADDED,      /* u.message: a message was added */
	EV_MESSAGE_UPDATED,    /* u.message: delivered, or corrected */
	EV_CHAT_STATE,         /* u.conversation: the peer's chat state changed */
	EV_LOG,                /* u.log: a line for the user (console) */
	EV_PRESENCE,           /* u.presence: a contact's presence changed */
	EV_ROSTER,             /* u.roster: a roster item was set or removed */
	EV_SUBSCRIPTION,       /* u.subscription: a request came or was answered */
	EV_OWN_PRESENCE,       /* the account's own presence was set (account) */
	EV_PASSWORD_NEEDED,    /* the account has no password to log in with (account) */
	EV_PREF_CHANGED,       /* u.pref: an option was set (/set) */
	EV_XML,                /* u.xml: a stanza sent or received (XML console) */
	EV_ROOM,               /* u.room: a room's state, subject or notice */
	EV_OCCUPANT,           /* u.occupant: an occupant came, left or changed */
	EV_BOOKMARK,           /* u.bookmark: a room bookmark was set or removed */
	EV_ACCOUNT_RENAMED,    /* u.renamed: an account has a new name (account) */
	EV_ACCOUNT_FORGOTTEN,  /* what natter kept of the account is about to go */
	EV_ACTIVITY,           /* the frontend's unread counts changed (account) */
	EV_ARCHIVE_FETCHED,    /* u.fetched: an archive fetch for the user ended */
	EV_OTR,                /* u.otr: an OTR session changed, or has news */
	EV_QUIT,               /* natter is about to stop */
	EV_COUNT
};

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERROR };

struct event {
	enum event_type type;
	const char *account; /* account name, or NULL when none applies */
	union {
		struct {
			int state;          /* enum session_state */
			const char *jid;    /* the account's JID */
			const char *reason; /* why, or NULL */
			int error;          /* 1 when the change is a failure */
			int retry_s;        /* waiting: seconds until the next attempt */
			int resumed;        /* online: the previous session resumed */
		} session;
		struct conversation *conversation;
		struct {
			struct conversation *conversation;
			struct message *message;
		} message;
		struct {
			enum log_level level;
			const char *text;
		} log;
		struct {
			const struct contact *contact;
			const char *resource; /* what changed; NULL: every resource */
		} presence;
		struct {
			const struct contact *contact;
			int removed; /* 1: it left the roster */
		} roster;
		struct {
			const struct contact *contact; /* request_pending says which */
		} subscription;
		struct {
			const char *name; /* the option's name */
		} pref;
		struct {
			struct room *room;
			int change;       /* enum room_change */
			const char *text; /* words for the user, or NULL */
			const int *codes; /* XEP-0045 status codes, 0-terminated, or NULL */
		} room;
		struct {
			struct room *room;
			const struct occupant *occupant;
			int change;           /* enum occupant_change */
			const char *new_nick; /* OCCUPANT_NICK: the new nick */
			const char *reason;   /* kick, ban, leave: why, or NULL */
			const char *actor;    /* who did it, or NULL */
		} occupant;
		struct {
			const struct bookmark *bookmark;
			int removed; /* 1: it is gone (freed after the event) */
		} bookmark;
		struct {
			const char *old; /* the account's name until now */
		} renamed;
		struct {
			const char *peer;  /* the conversation (bare JID or room) */
			int older;         /* a page before what is held (else since a time) */
			int received;      /* messages the archive sent */
			int fresh;         /* of which the history did not have */
			int complete;      /* the archive has no more in that direction */
			const char *first; /* older: the page's first archive id, or NULL */
			const char *error; /* why it failed, or NULL */
		} fetched;
		struct {
			const char *peer; /* the contact (bare JID) */
			int state;        /* enum otr_state, now */
			const char *text; /* what to tell the user */
		} otr;
		struct {
			int incoming;     /* 1: received, 0: sent */
			const char *text; /* the XML, secrets redacted */
		} xml;
	} u;
};

typedef void (*event_fn)(const struct event *event, void *userdata);

/* Calls fn for every event of this type until event_unsubscribe(). Returns
 * a subscription id (never 0). */
unsigned event_subscribe(enum event_type type, event_fn fn, void *userdata);

/* Ends a subscription; safe during delivery. Unknown ids are ignored. */
void event_unsubscribe(unsigned id);

/* Ends every subscription in ids[0..count) that is not 0, and zeroes them
 * (for a module that keeps its subscriptions in an array). */
void event_unsubscribe_all(unsigned *ids, size_t count);

/* Delivers the event to every subscriber of its type, in subscription order. */
void event_emit(const struct event *event);

/* Emits EV_LOG with a formatted text. account may be NULL. */
void event_log(const char *account, enum log_level level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Whether anything listens to this type (to skip building costly events). */
int event_wanted(enum event_type type);

/* Drops every subscription (for tests and shutdown). */
void event_reset(void);

#endif
