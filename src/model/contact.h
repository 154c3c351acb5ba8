/*
 * contact.h: the contacts of each account and the presence of their
 * resources (RFC 6121 4).
 *
 * A contact belongs to one account and one bare JID; two accounts with the
 * same contact have two contacts. Every available resource is kept with
 * its show, status text and priority; contact_best() picks the one to
 * show. The contact list owns contacts; they live until
 * contact_list_clear() (a contact whose resources all left stays known).
 */
#ifndef NATTER_MODEL_CONTACT_H
#define NATTER_MODEL_CONTACT_H

#include <glib.h>

/* RFC 6121 4.7.2.1, ordered from least to most available. */
enum presence_show {
	SHOW_OFFLINE, /* no available resource */
	SHOW_DND,     /* do not disturb */
	SHOW_XA,      /* away for long */
	SHOW_AWAY,
	SHOW_ONLINE, /* available, no <show/> */
	SHOW_CHAT,   /* free for chat */
};

struct presence_resource {
	char *resource; /* the resource part ("" for a bare JID's presence) */
	enum presence_show show;
	char *status; /* text as received (not sanitized), or NULL */
	int priority; /* -128..127 */
	gint64 since; /* when this presence arrived, microseconds */
};

/* RFC 6121 2.1.2.5: the subscription state of a roster item. */
enum roster_subscription { SUB_NONE, SUB_TO, SUB_FROM, SUB_BOTH };

struct contact {
	char *account;
	char *jid;            /* bare JID */
	GPtrArray *resources; /* of struct presence_resource, available ones */
	char *last_status;    /* status text of the last unavailable presence, or NULL */
	/* The roster item (RFC 6121 2.1), when in_roster. */
	int in_roster;
	char *name; /* handle the user gave, or NULL (not sanitized) */
	char *nick; /* the nickname the contact chose (XEP-0172), or NULL */
	enum roster_subscription subscription;
	int ask;           /* our subscription request is pending */
	GPtrArray *groups; /* of char *, sorted */
	/* The contact asked to see our presence (RFC 6121 3.1.3) and the
	 * user has not answered yet; its text, if it said something. */
	int request_pending;
	char *request_text;
};

/* The roster item as received or cached. */
struct roster_item {
	const char *jid; /* bare */
	const char *name;
	enum roster_subscription subscription;
	int ask;
	const char *const *groups; /* NULL-terminated, or NULL */
};

/* Returns the show named by a <show/> text ("away", "chat", "dnd", "xa";
 * NULL means online), or -1 when the text is none of them. */
int presence_show_parse(const char *text);

/* The show a user names: "online" or a <show/> text; -1 for others. */
int presence_show_word(const char *word);

/* RFC 6121 4.7.2.3: a priority is an integer from -128 to +127. Returns 0
 * and *priority, or -1 when text is not one. */
int presence_priority_parse(const char *text, int *priority);

/* The name of a show ("online", "away", ..., "offline"). */
const char *presence_show_name(enum presence_show show);

/* The contact of account with jid (bare), or NULL. */
struct contact *contact_find(const char *account, const char *jid);

/* The contact, created when new. */
struct contact *contact_get(const char *account, const char *jid);

/*
 * A resource of a contact is available with this show, status (NULL: none)
 * and priority; emits EV_PRESENCE. jid is bare, resource may be "".
 */
void contact_set_available(const char *account, const char *jid, const char *resource,
                           enum presence_show show, const char *status, int priority);

/* A resource left (resource NULL: every resource, as for a presence from
 * the bare JID); emits EV_PRESENCE. */
void contact_set_unavailable(const char *account, const char *jid, const char *resource,
                             const char *status);

/* Every resource of every contact of account left (the account went
 * offline); emits EV_PRESENCE for each contact that had one. */
void contact_account_offline(const char *account);

/* The contacts of account old are now account new's (/account rename). */
void contact_rename_account(const char *old, const char *new);

/* Frees every contact of account (removed; its roster was emptied with
 * contact_roster_remove() first, which tells the frontends). */
void contact_forget_account(const char *account);

/* The resource to show: highest priority, then most available, then the
 * most recent; NULL when none is available. */
const struct presence_resource *contact_best(const struct contact *contact);

/* The contact's show (its best resource's, or SHOW_OFFLINE). */
enum presence_show contact_show(const struct contact *contact);

/* The name of a subscription ("none", "to", "from", "both") and back
 * (-1 when unknown). */
const char *roster_subscription_name(enum roster_subscription subscription);
int roster_subscription_parse(const char *text);

/* Sets the roster item of account (the contact is created when new);
 * emits EV_ROSTER. */
void contact_roster_set(const char *account, const struct roster_item *item);

/* Removes jid from the roster of account (the contact stays known while
 * it has presence); emits EV_ROSTER when it was in the roster. */
void contact_roster_remove(const char *account, const char *jid);

/* A subscription request from jid arrived (text may be NULL), or it was
 * answered (pending 0); emits EV_SUBSCRIPTION. */
void contact_set_request(const char *account, const char *jid, int pending, const char *text);

/* What the user calls a contact: the roster name, else the nickname the
 * contact published (XEP-0172), else the JID. */
const char *contact_label(const struct contact *contact);

/* The nickname the contact published (XEP-0172; NULL: none). Emits
 * EV_ROSTER when it changes for a contact in the roster. */
void contact_set_nick(const char *account, const char *jid, const char *nick);

/* Every contact, in the order they became known (borrowed). */
const GPtrArray *contact_list(void);

/* Frees every contact. */
void contact_list_clear(void);

#endif
