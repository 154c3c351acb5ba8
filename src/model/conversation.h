/*
 * conversation.h: one-to-one conversations and their messages.
 *
 * A conversation belongs to one account and one peer (bare JID); two
 * accounts talking to the same contact have two conversations. The
 * conversation list owns conversations; a conversation owns its messages
 * and keeps the most recent CONVERSATION_KEEP of them in memory
 * (CONVERSATION_KEEP_ROOM in a room).
 */
#ifndef NATTER_MODEL_CONVERSATION_H
#define NATTER_MODEL_CONVERSATION_H

#include <glib.h>

/* Enough for what looks messages up: receipts and corrections of recent
 * ones; in a room also its history repeated on entering again, up to
 * muc.history (at most 1,000) messages. The screen keeps its own lines,
 * and the history store everything. */
#define CONVERSATION_KEEP      250
#define CONVERSATION_KEEP_ROOM 1000

enum message_direction { MESSAGE_IN, MESSAGE_OUT };

enum message_type {
	MESSAGE_CHAT,
	MESSAGE_NORMAL,
	MESSAGE_HEADLINE,
	MESSAGE_GROUPCHAT,
	MESSAGE_ERROR,
};

/* How far an outgoing message got. */
enum message_delivery {
	DELIVERY_SENT,      /* handed to the connection */
	DELIVERY_PENDING,   /* waiting for the account to be online */
	DELIVERY_ACKED,     /* the server has it (XEP-0198 acknowledgement) */
	DELIVERY_DELIVERED, /* the recipient's client said so (XEP-0184) */
};

/* A message's end-to-end encryption (OTR), as shown and stored (the
 * history's encrypted column). */
enum message_encryption {
	MESSAGE_CLEAR = 0,
	MESSAGE_ENCRYPTED = 1, /* the contact's fingerprint not verified, or unknown */
	MESSAGE_VERIFIED = 2,  /* to or from a fingerprint the user verified */
};

/* "sent", "pending", "acked", "delivered". */
const char *message_delivery_name(enum message_delivery delivery);

/* XEP-0085 chat states, as a conversation's peer last sent one. */
enum chat_state {
	CHAT_STATE_NONE, /* never sent one: does not support them, maybe */
	CHAT_STATE_ACTIVE,
	CHAT_STATE_COMPOSING,
	CHAT_STATE_PAUSED,
	CHAT_STATE_INACTIVE,
	CHAT_STATE_GONE,
};

struct message {
	enum message_direction direction;
	enum message_type type;
	char *id;                       /* stanza id, or NULL */
	char *from;                     /* full JID as received or sent */
	char *to;                       /* full or bare JID */
	char *body;                     /* as received: not sanitised */
	char *subject;                  /* RFC 6121 5.2.4, or NULL; not sanitised */
	char *error;                    /* for MESSAGE_ERROR: what went wrong, in words */
	gint64 timestamp;               /* microseconds since the epoch (UTC) */
	gint64 delayed;                 /* the delay stamp it came with (XEP-0203), or 0 */
	char *sender_jid;               /* a room occupant's real JID, when the room shows it */
	enum message_delivery delivery; /* outgoing ones */
	int edited;                     /* replaced by a correction (XEP-0308) */
	int history;                    /* sent by a room as history on join */
	char *stanza_id;                /* XEP-0359 id the room gave it, or NULL */
	gint64 store_id;                /* its row in the history, or 0 */
	int duplicate;                  /* the history had it already (store.c) */
	int encrypted; /* enum message_encryption; not clear: body is what was decrypted or
	                  encrypted */
	/* Fetched from an archive for scrolling back or by /mam: older than
	 * what the conversation holds, maybe known. The history stores it;
	 * frontends show it from there, not as it comes. */
	int backfill;
	/* Came from the account's archive after a time away (XEP-0313
	 * catch-up): stamped by the server, maybe after newer messages. */
	int caught_up;
	/* Of a page read backwards (older and older): which one (its serial
	 * in the session, from 1; 0 otherwise). The history puts each page
	 * before what it holds (store.c). */
	unsigned backfill_page;
};

/* What a conversation is with. */
enum conversation_kind {
	CONVERSATION_CHAT,    /* a contact (peer: bare JID) */
	CONVERSATION_ROOM,    /* a room (peer: the room's bare JID) */
	CONVERSATION_PRIVATE, /* an occupant of a room (peer: ROOM/NICK) */
};

struct conversation {
	unsigned id;   /* unique for the process, never 0 */
	char *account; /* account name */
	char *peer;    /* bare JID (ROOM/NICK for a private conversation) */
	enum conversation_kind kind;
	GQueue messages; /* of struct message, oldest first */
	/* RFC 6121 5.1: the full JID the contact last wrote from, which our
	 * messages go to until its presence changes; NULL: the bare JID. */
	char *locked;
	enum chat_state peer_state; /* XEP-0085, the last the peer sent */
};

/* Returns a new message (caller owns until added to a conversation). */
struct message *message_new(enum message_direction direction, enum message_type type);

/* Frees a message. NULL is ignored. */
void message_free(struct message *message);

/* Returns the name of a message type ("chat", "normal"...). */
const char *message_type_name(enum message_type type);

/* Parses the type attribute of a message (RFC 6121 5.2.2: absent or unknown
 * means normal). */
enum message_type message_type_parse(const char *name);

/* Returns the conversation of account with peer (a bare JID), or NULL. */
struct conversation *conversation_find(const char *account, const char *peer);

/* The conversations of account old are now account new's (/account
 * rename). */
void conversation_rename_account(const char *old, const char *new);

/* Frees the conversations of account (removed: no window shows them any
 * more). */
void conversation_forget_account(const char *account);

/* Returns the conversation by id, or NULL. */
struct conversation *conversation_find_id(unsigned id);

/* Returns the conversation of account with peer, creating it (and emitting
 * EV_CONVERSATION_ADDED) when new. Borrowed. */
struct conversation *conversation_open(const char *account, const char *peer);

/* Like conversation_open(), for a conversation of kind when new. */
struct conversation *conversation_open_kind(const char *account, const char *peer,
                                            enum conversation_kind kind);

/* Appends message (ownership taken) and emits EV_MESSAGE_ADDED; a
 * backfill message is told, then freed. Returns 0 for a backfill message
 * the history had already or did not keep (none open, history off for
 * the conversation), else 1. */
int conversation_add_message(struct conversation *conversation, struct message *message);

/* Locks the conversation to a full JID (NULL unlocks). */
void conversation_lock(struct conversation *conversation, const char *full_jid);

/* The contact's resource changed presence (resource NULL: every one):
 * a conversation of account with peer locked to it is unlocked. */
void conversation_unlock_resource(const char *account, const char *peer, const char *resource);

/* The message of conversation with this stanza id and direction (the
 * most recent one), or NULL. */
struct message *conversation_find_message(struct conversation *conversation, const char *id,
                                          enum message_direction direction);

/* The user's last message in the conversation, or NULL. */
struct message *conversation_last_own(struct conversation *conversation);

/* A message changed (delivered, corrected): emits EV_MESSAGE_UPDATED. */
void conversation_message_updated(struct conversation *conversation, struct message *message);

/* The peer's chat state changed: emits EV_CHAT_STATE. */
void conversation_set_peer_state(struct conversation *conversation, enum chat_state state);

/* Returns every conversation (borrowed). */
const GPtrArray *conversation_list(void);

/* Frees every conversation. */
void conversation_list_clear(void);

#endif
