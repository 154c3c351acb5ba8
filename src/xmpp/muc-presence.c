/*
 * muc-presence.c: presence from rooms (XEP-0045 7.2 onwards): occupants
 * coming, changing and going, the user's own entry (self-presence, status
 * 110), refusals to enter, nick changes, kicks, bans and destruction.
 *
 * Stateless: what a presence says goes into the room (model/room.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config/prefs.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

/* How many times a taken nick is retried with one more suffix. */
#define MUC_NICK_TRIES 3
/* Codes kept from one presence (more are ignored). */
#define MUC_MAX_CODES 15

/* What the <x xmlns='...muc#user'/> of a presence says. */
struct muc_presence {
	const char *nick;      /* from the occupant JID */
	const char *jid;       /* item jid: the real JID, when shown */
	const char *new_nick;  /* item nick: 303 */
	const char *actor;     /* item actor nick (or jid) */
	int role, affiliation; /* item; -1 when absent */
	int codes[MUC_MAX_CODES + 1];
	char *reason;  /* item reason */
	int destroyed; /* <destroy/>: the room is gone */
	char *destroy_reason;
	const char *venue; /* destroy jid: where to go instead */
};

static int
muc_has_code(const struct muc_presence *p, int code)
{
	for (int i = 0; p->codes[i] != 0; i++) {
		if (p->codes[i] == code)
			return 1;
	}
	return 0;
}

static void
muc_read_x(xmpp_stanza_t *x, struct muc_presence *p)
{
	int count = 0;

	for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : "";
		if (strcmp(name, "status") == 0 && count < MUC_MAX_CODES) {
			const char *code = xmpp_stanza_get_attribute(c, "code");
			char *end = NULL;
			long value = code ? strtol(code, &end, 10) : 0;
			if (code != NULL && *end == '\0' && value >= 100 && value <= 999)
				p->codes[count++] = (int)value;
		} else if (strcmp(name, "item") == 0 && p->role == -1) {
			xmpp_stanza_t *actor = xmpp_stanza_get_child_by_name(c, "actor");
			p->jid = xmpp_stanza_get_attribute(c, "jid");
			p->new_nick = xmpp_stanza_get_attribute(c, "nick");
			p->role = muc_role_parse(xmpp_stanza_get_attribute(c, "role"));
			p->affiliation =
			        muc_affiliation_parse(xmpp_stanza_get_attribute(c, "affiliation"));
			if (p->role == -1)
				p->role = ROLE_NONE;
			if (actor != NULL)
				p->actor = xmpp_stanza_get_attribute(actor, "nick")
				                   ? xmpp_stanza_get_attribute(actor, "nick")
				                   : xmpp_stanza_get_attribute(actor, "jid");
			p->reason = stanza_child_text(c, "reason");
		} else if (strcmp(name, "destroy") == 0 && !p->destroyed) {
			p->destroyed = 1;
			p->venue = xmpp_stanza_get_attribute(c, "jid");
			p->destroy_reason = stanza_child_text(c, "reason");
		}
	}
	p->codes[count] = 0;
}

/* Words for a refusal to enter (XEP-0045 7.2.5 to 7.2.10, 7.2.17 and
 * 10.1.1). */
static char *
muc_refusal(struct room *room, const char *condition, xmpp_stanza_t *stanza)
{
	if (g_strcmp0(condition, "not-authorized") == 0)
		return room->password != NULL
		               ? g_strdup("the password is wrong")
		               : g_strdup_printf("the room needs a password: /join %s %s PASSWORD",
		                                 room->jid, room->nick);
	if (g_strcmp0(condition, "forbidden") == 0)
		return g_strdup("you are banned from this room");
	if (g_strcmp0(condition, "registration-required") == 0)
		return g_strdup("the room is members-only and you are not a member: ask an admin "
		                "of the room for membership");
	if (g_strcmp0(condition, "conflict") == 0)
		return g_strdup_printf("the nick %s is in use in this room: /join %s OTHERNICK",
		                       room->nick, room->jid);
	if (g_strcmp0(condition, "service-unavailable") == 0)
		return g_strdup("the room is full (it has as many occupants as it allows)");
	if (g_strcmp0(condition, "item-not-found") == 0)
		return g_strdup("the room is locked until its owner configures it, or does not "
		                "exist");
	if (g_strcmp0(condition, "not-allowed") == 0)
		return g_strdup("the room does not exist and this service does not let you create "
		                "rooms");
	if (g_strcmp0(condition, "not-acceptable") == 0)
		return g_strdup("the room requires your reserved nick: join with that one");
	if (g_strcmp0(condition, "jid-malformed") == 0)
		return g_strdup("the room needs a nick");
	char *why = stanza_describe_error(stanza);
	if (why == NULL)
		why = g_strdup("the room refused entry without saying why");
	return why;
}

/* An error presence from a room: entering failed, or a nick change. */
static void
muc_presence_error(struct session *session, struct room *room, xmpp_stanza_t *stanza)
{
	const char *condition = stanza_error_condition(stanza);
	char *text;

	if (room->state == ROOM_JOINING) {
		/* A nick taken: one more suffix, when the user lets us. */
		if (g_strcmp0(condition, "conflict") == 0 &&
		    strcmp(prefs_string("muc.nick_conflict"), "suffix") == 0 &&
		    room->nick_tries < MUC_NICK_TRIES) {
			char *nick = g_strconcat(room->nick, "_", NULL);
			room->nick_tries++;
			text = g_strdup_printf("the nick %s is in use in this room; trying %s",
			                       room->nick, nick);
			room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
			room_set_nick(room, nick);
			muc_send_join(session, room);
			g_free(nick);
			g_free(text);
			return;
		}
		text = muc_refusal(room, condition, stanza);
		room->wanted = 0;
		room->configure = 0;
		room_clear_occupants(room);
		room_set_state(room, ROOM_LEFT, ROOM_CHANGE_REFUSED, text, NULL);
		g_free(text);
		return;
	}
	if (room->state == ROOM_JOINED && room->pending_nick != NULL) {
		/* XEP-0045 7.6: the new nick is taken or not allowed. */
		char *why = g_strcmp0(condition, "conflict") == 0 ? g_strdup("it is in use")
		            : g_strcmp0(condition, "not-acceptable") == 0
		                    ? g_strdup("the room only allows reserved nicks")
		                    : stanza_describe_error(stanza);
		text = g_strdup_printf("cannot change your nick to %s: %s; you stay %s",
		                       room->pending_nick, why ? why : "refused", room->nick);
		g_clear_pointer(&room->pending_nick, g_free);
		room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
		g_free(why);
		g_free(text);
		return;
	}
	text = stanza_describe_error(stanza);
	if (text != NULL && room->state != ROOM_LEFT) {
		char *notice = g_strdup_printf("the room says: %s", text);
		room_tell(room, ROOM_CHANGE_NOTICE, notice, NULL);
		g_free(notice);
	}
	g_free(text);
}

/* Words for why the user is no longer in the room, or NULL when the
 * user left. */
static char *
muc_exit_words(struct room *room, const struct muc_presence *p)
{
	GString *words = g_string_new(NULL);
	const char *by = p->actor;

	if (p->destroyed) {
		/* XEP-0045 10.9: the room is gone; maybe somewhere else. */
		g_string_append(words, "the room was destroyed");
		if (p->destroy_reason != NULL)
			g_string_append_printf(words, ": %s", p->destroy_reason);
		if (p->venue != NULL)
			g_string_append_printf(words, "; it continues in %s", p->venue);
	} else if (muc_has_code(p, 307)) {
		g_string_append_printf(words, "you were kicked%s%s", by ? " by " : "",
		                       by ? by : "");
	} else if (muc_has_code(p, 301)) {
		g_string_append_printf(words, "you were banned%s%s", by ? " by " : "",
		                       by ? by : "");
	} else if (muc_has_code(p, 321)) {
		g_string_append(words, "you were removed: your affiliation changed");
	} else if (muc_has_code(p, 322)) {
		g_string_append(words, "you were removed: the room is now members-only");
	} else if (muc_has_code(p, 332)) {
		g_string_append(words, "you were removed: the service is shutting down");
	} else if (muc_has_code(p, 333)) {
		g_string_append(words, "you were removed because of a technical problem");
	} else if (room->leaving) {
		return g_string_free(words, TRUE), NULL;
	} else {
		g_string_append(words, "the room let you go without saying why");
	}
	if (p->reason != NULL && *p->reason != '\0')
		g_string_append_printf(words, " (%s)", p->reason);
	return g_string_free(words, FALSE);
}

/* Whether nick can follow ROOM/ in a JID (a 303's new nick). */
static int
muc_valid_nick(const struct room *room, const char *nick)
{
	char *jid;
	int valid;

	if (nick == NULL || *nick == '\0')
		return 0;
	jid = g_strconcat(room->jid, "/", nick, NULL);
	valid = jid_is_valid(jid);
	g_free(jid);
	return valid;
}

/* An occupant left (or the user: the room is left). */
static void
muc_presence_gone(struct room *room, struct occupant *occupant, const struct muc_presence *p,
                  const char *status, int self)
{
	enum occupant_change change = OCCUPANT_LEFT;
	const char *reason = p->reason != NULL ? p->reason : status;

	if (muc_has_code(p, 307))
		change = OCCUPANT_KICKED;
	else if (muc_has_code(p, 301))
		change = OCCUPANT_BANNED;
	else if (muc_has_code(p, 321) || muc_has_code(p, 322) || muc_has_code(p, 332) ||
	         muc_has_code(p, 333))
		change = OCCUPANT_REMOVED;
	/* What the room says the occupant is now (none, outcast...). */
	occupant->show = SHOW_OFFLINE;
	occupant->role = (unsigned char)p->role;
	if (p->affiliation != -1)
		occupant->affiliation = (unsigned char)p->affiliation;
	room_tell_occupant(room, occupant, change, NULL, reason, p->actor);
	if (!self) {
		room_remove_occupant(room, occupant);
		return;
	}
	char *words = muc_exit_words(room, p);
	room->wanted = 0;
	room->leaving = 0;
	room_clear_occupants(room);
	room_set_state(room, ROOM_LEFT, ROOM_CHANGE_LEFT, words, p->codes);
	g_free(words);
}

/* The room says the user entered: the join is complete (XEP-0045
 * 7.2.3), with notices for what the codes say. */
static void
muc_presence_entered(struct session *session, struct room *room, const struct muc_presence *p)
{
	room_set_state(room, ROOM_JOINED, ROOM_CHANGE_JOINED, NULL, p->codes);
	muc_tell_codes(room, p->codes, 0);
	/* XEP-0045 10.1.3: /room create configures the new room; a room
	 * that existed already says so. */
	if (room->configure) {
		room->configure = 0;
		if (muc_has_code(p, 201))
			muc_config_request(session, room);
		else
			room_tell(
			        room, ROOM_CHANGE_NOTICE,
			        "the room existed already: you entered it (/room config changes it "
			        "if you own it)",
			        NULL);
		return;
	}
	/* XEP-0045 10.1.2: a room just created is locked until configured;
	 * /join makes an instant room (the service's defaults). A room with
	 * others in it was not just created: 201 there is not acted on (the
	 * instant form would reset an existing room's configuration). */
	if (muc_has_code(p, 201) && room_occupant_count(room) > 1)
		log_write(LOG_WARNING, session->account,
		          "muc: status 201 from %s ignored: the room has other occupants",
		          room->jid);
	else if (muc_has_code(p, 201))
		muc_config_instant(session, room);
}

/* An occupant's available presence: came, or changed. */
static void
muc_presence_available(struct session *session, struct room *room, const struct muc_presence *p,
                       xmpp_stanza_t *stanza, int self)
{
	struct occupant *occupant = room_occupant(room, p->nick);
	char *status = stanza_child_text(stanza, "status");
	char *show_text = stanza_child_text(stanza, "show");
	int show = presence_show_parse(show_text);
	int old_role = occupant ? occupant->role : -1;
	int old_affiliation = occupant ? occupant->affiliation : -1;
	int old_show = occupant ? occupant->show : -1;
	char *old_status = occupant ? g_strdup(occupant->status) : NULL;
	int added;

	if (show == -1)
		show = SHOW_ONLINE;
	occupant = room_set_occupant(room, p->nick, p->jid, p->role,
	                             p->affiliation == -1 ? AFFIL_NONE : p->affiliation, show,
	                             status, &added);
	if (self) {
		room->self = occupant;
		/* XEP-0045 7.2.2 (210): the room may have changed the nick. */
		if (strcmp(room->nick, p->nick) != 0) {
			room_set_nick(room, p->nick);
			if (room->state == ROOM_JOINED)
				room_tell(room, ROOM_CHANGE_NICK, NULL, NULL);
		}
		g_clear_pointer(&room->pending_nick, g_free);
	}
	if (added)
		room_tell_occupant(room, occupant, OCCUPANT_JOINED, NULL, NULL, NULL);
	else if (old_role != occupant->role || old_affiliation != occupant->affiliation)
		room_tell_occupant(room, occupant, OCCUPANT_ROLE, NULL, p->reason, p->actor);
	else if (old_show != occupant->show || g_strcmp0(old_status, occupant->status) != 0)
		room_tell_occupant(room, occupant, OCCUPANT_PRESENCE, NULL, NULL, NULL);
	if (self && room->state == ROOM_JOINING)
		muc_presence_entered(session, room, p);
	else if (self && room->state == ROOM_JOINED)
		muc_tell_codes(room, p->codes, 1); /* e.g. 100 after a change */
	g_free(old_status);
	g_free(status);
	g_free(show_text);
}

int
muc_handle_presence(struct session *session, xmpp_stanza_t *stanza)
{
	const char *from = xmpp_stanza_get_from(stanza);
	const char *type = xmpp_stanza_get_type(stanza);
	struct room *room = muc_room_of(session, from);
	xmpp_stanza_t *x;
	struct muc_presence p = { .role = -1, .affiliation = -1 };
	struct occupant *occupant;
	int self;

	if (room == NULL)
		return 0;
	if (type != NULL && strcmp(type, "error") == 0) {
		muc_presence_error(session, room, stanza);
		return 1;
	}
	p.nick = muc_nick_of(from);
	x = xmpp_stanza_get_child_by_name_and_ns(stanza, "x", NS_MUC_USER);
	/* Late news from a room left, or a presence of the room itself. */
	if (room->state == ROOM_LEFT || p.nick == NULL || x == NULL) {
		log_write(LOG_DEBUG, session->account, "muc: presence from %s dropped (%s)", from,
		          room->state == ROOM_LEFT ? "not in the room" : "not an occupant's");
		return 1;
	}
	muc_read_x(x, &p);
	/* Logging out: the rooms' goodbyes answer the user's. */
	if (session->state == SESSION_DISCONNECTING)
		room->leaving = 1;
	if (p.role == -1)
		p.role = ROLE_NONE;
	/* XEP-0045 7.2.2: "the service MUST also send presence from the
	 * new participant's occupant JID to the full JID of the new
	 * occupant, including a status code of 110". */
	self = muc_has_code(&p, 110);
	/* ... from the user's own occupant JID, then: in a room entered, 110
	 * on another nick than the user's (or the one asked for) is the
	 * room's mistake or mischief, not a rename of the user. While
	 * entering, the room may give another nick than asked (210). */
	if (self && room->state == ROOM_JOINED && strcmp(p.nick, room->nick) != 0 &&
	    g_strcmp0(p.nick, room->pending_nick) != 0) {
		log_write(LOG_WARNING, session->account,
		          "muc: status 110 on %s ignored: you are %s there", from, room->nick);
		self = 0;
	}
	/* Older services leave 110 out of some (kick, destruction): the
	 * user's nick with no change of nick under way is the user. */
	if (!self && strcmp(p.nick, room->nick) == 0 && room->pending_nick == NULL &&
	    (room->state == ROOM_JOINED || p.destroyed))
		self = 1;
	if (type != NULL && strcmp(type, "unavailable") == 0) {
		occupant = room_occupant(room, p.nick);
		if (occupant == NULL)
			occupant = room_set_occupant(room, p.nick, p.jid, p.role, AFFIL_NONE,
			                             SHOW_OFFLINE, NULL, &(int){ 0 });
		if (muc_has_code(&p, 303) && !muc_valid_nick(room, p.new_nick)) {
			log_write(LOG_WARNING, session->account,
			          "muc: %s renamed to an invalid nick; taken as leaving", from);
			muc_presence_gone(room, occupant, &p, NULL, self);
		} else if (muc_has_code(&p, 303)) {
			/* XEP-0045 7.6: a nick change; the new nick's presence
			 * follows. */
			room_tell_occupant(room, occupant, OCCUPANT_NICK, p.new_nick, NULL, NULL);
			room_rename_occupant(room, occupant, p.new_nick);
			if (self) {
				room_set_nick(room, p.new_nick);
				g_clear_pointer(&room->pending_nick, g_free);
				room_tell(room, ROOM_CHANGE_NICK, NULL, p.codes);
			}
		} else {
			char *status = stanza_child_text(stanza, "status");
			muc_presence_gone(room, occupant, &p, status, self);
			g_free(status);
		}
	} else if (type == NULL) {
		muc_presence_available(session, room, &p, stanza, self);
	}
	muc_ping_heard(session, room);
	g_free(p.reason);
	g_free(p.destroy_reason);
	return 1;
}
