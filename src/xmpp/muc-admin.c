/*
 * muc-admin.c: moderating and administering rooms (XEP-0045 8 to 10):
 * roles (kick, voice), affiliations (ban, membership, admins, owners)
 * and their lists, voice requests, invitations (mediated, 7.8.2, and
 * direct, XEP-0249), and destroying a room.
 *
 * The service answers each request; what it changed shows as presence
 * (muc-presence.c); refusals and lists come as notices in the room's
 * window, in words.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DATA       "jabber:x:data"
#define NS_CONFERENCE "jabber:x:conference"

/* What a request was, for the words of its answer. */
struct muc_admin_request {
	char *room;
	char *what; /* "kick bob", "list the members"... */
	int list;   /* a list request: the answer's items are shown */
};

static void
muc_admin_request_free(gpointer data)
{
	struct muc_admin_request *request = data;

	g_free(request->room);
	g_free(request->what);
	g_free(request);
}

/* Words for a refusal by the service (XEP-0045 8 to 10). */
static char *
muc_admin_refusal(xmpp_stanza_t *iq)
{
	const char *condition = stanza_error_condition(iq);

	if (g_strcmp0(condition, "forbidden") == 0)
		return g_strdup("you are not allowed to (forbidden)");
	if (g_strcmp0(condition, "not-allowed") == 0)
		return g_strdup("the room does not allow it, e.g. on someone whose affiliation is "
		                "above yours (not-allowed)");
	if (g_strcmp0(condition, "conflict") == 0)
		return g_strdup("it would leave the room without an owner, or it is about yourself "
		                "(conflict)");
	if (g_strcmp0(condition, "item-not-found") == 0)
		return g_strdup("no such occupant or room (item-not-found)");
	if (g_strcmp0(condition, "bad-request") == 0)
		return g_strdup("the room did not understand the request (bad-request)");
	char *why = stanza_describe_error(iq);
	return why != NULL ? why : g_strdup("refused without a reason");
}

/* The items of a list answer, one line. */
static char *
muc_admin_items(xmpp_stanza_t *query)
{
	GString *line = g_string_new(NULL);
	int count = 0;

	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *jid, *nick;
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item") != 0)
			continue;
		jid = xmpp_stanza_get_attribute(c, "jid");
		nick = xmpp_stanza_get_attribute(c, "nick");
		g_string_append_printf(line, "%s%s%s%s%s", count++ ? ", " : "",
		                       jid ? jid : "(no JID)", nick ? " (" : "", nick ? nick : "",
		                       nick ? ")" : "");
	}
	if (count == 0)
		g_string_append(line, "none");
	return g_string_free(line, FALSE);
}

static void
muc_admin_on_answer(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const struct muc_admin_request *request = data;
	struct room *room = room_find(session->account, request->room);
	char *text, *why;

	if (room == NULL)
		return;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		why = muc_admin_refusal(iq);
		text = g_strdup_printf("cannot %s: %s", request->what, why);
		g_free(why);
	} else if (request->list) {
		why = muc_admin_items(xmpp_stanza_get_child_by_name(iq, "query"));
		text = g_strdup_printf("%s: %s", request->what, why);
		g_free(why);
	} else {
		text = g_strdup_printf("done: %s", request->what);
	}
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
}

/* Sends an iq of type to room with <query xmlns=ns> holding child (may
 * be NULL); the answer is told in the room's window. */
static void
muc_admin_send(struct session *session, struct room *room, const char *type, const char *ns,
               xmpp_stanza_t *child, char *what, int list)
{
	xmpp_stanza_t *query, *iq = stanza_new_query(type, room->jid, "query", ns, &query);
	struct muc_admin_request *request = g_new0(struct muc_admin_request, 1);

	if (child != NULL)
		xmpp_stanza_add_child(query, child);
	request->room = g_strdup(room->jid);
	request->what = what;
	request->list = list;
	session_request(session, iq, muc_admin_on_answer, request, muc_admin_request_free);
	xmpp_stanza_release(iq);
}

/* <item/> with one attribute set (XEP-0045 17.4 rule 4: "MUST send only
 * the 'affiliation' attribute or the 'role' attribute") and a reason. */
static xmpp_stanza_t *
muc_admin_item(const char *key, const char *value, const char *who_key, const char *who,
               const char *reason)
{
	xmpp_stanza_t *item = xmpp_stanza_new(netloop_context());

	xmpp_stanza_set_name(item, "item");
	xmpp_stanza_set_attribute(item, key, value);
	if (who != NULL)
		xmpp_stanza_set_attribute(item, who_key, who);
	if (reason != NULL && *reason != '\0')
		stanza_add_text_child(item, "reason", reason);
	return item;
}

/* The room the user named, which the user must be in. */
static struct room *
muc_admin_room(struct session *session, const char *jid, char **cause)
{
	struct room *room = room_find(session->account, jid);

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return NULL;
	}
	if (room == NULL || room->state != ROOM_JOINED) {
		*cause = g_strdup_printf("not in room %s", jid);
		return NULL;
	}
	return room;
}

int
muc_set_role(struct session *session, const char *jid, const char *nick, const char *role,
             const char *reason, char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	xmpp_stanza_t *item;

	if (room == NULL)
		return -1;
	if (muc_role_parse(role) == -1) {
		*cause = g_strdup_printf(
		        "'%s' is not a role (moderator, participant, visitor, none)", role);
		return -1;
	}
	if (room_occupant(room, nick) == NULL) {
		*cause = g_strdup_printf("nobody in %s is called %s", room->jid, nick);
		return -1;
	}
	/* XEP-0045 8.2 (role none: kick), 8.3 and 8.4 (voice), 9.6. */
	item = muc_admin_item("role", role, "nick", nick, reason);
	muc_admin_send(session, room, "set", NS_MUC_ADMIN, item,
	               strcmp(role, "none") == 0 ? g_strdup_printf("kick %s", nick)
	                                         : g_strdup_printf("make %s %s", nick, role),
	               0);
	xmpp_stanza_release(item);
	return 0;
}

int
muc_set_affiliation(struct session *session, const char *jid, const char *who,
                    const char *affiliation, const char *reason, char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	const struct occupant *occupant;
	xmpp_stanza_t *item;
	char *bare;

	if (room == NULL)
		return -1;
	if (muc_affiliation_parse(affiliation) == -1) {
		*cause = g_strdup_printf("'%s' is not an affiliation (owner, admin, member, none, "
		                         "outcast)",
		                         affiliation);
		return -1;
	}
	/* XEP-0045 9.1: "The ban MUST be performed based on the occupant's
	 * bare JID": a nick stands for the real JID the room shows. */
	occupant = strchr(who, '@') == NULL ? room_occupant(room, who) : NULL;
	/* A word that is no occupant and no JID with a domain is a typo (or
	 * someone gone), not a server to ban. */
	if (occupant == NULL && strchr(who, '@') == NULL && strchr(who, '.') == NULL) {
		*cause =
		        g_strdup_printf("nobody in %s is called %s (give the JID)", room->jid, who);
		return -1;
	}
	if (occupant != NULL && occupant->jid == NULL) {
		*cause = g_strdup_printf("the room does not show %s's JID to you: give the JID",
		                         who);
		return -1;
	}
	bare = jid_bare_of(occupant ? occupant->jid : who);
	if (bare == NULL) {
		*cause = g_strdup_printf("'%s' is neither an occupant nor a JID", who);
		return -1;
	}
	item = muc_admin_item("affiliation", affiliation, "jid", bare, reason);
	muc_admin_send(session, room, "set", NS_MUC_ADMIN, item,
	               strcmp(affiliation, "outcast") == 0
	                       ? g_strdup_printf("ban %s", bare)
	                       : g_strdup_printf("make %s %s", bare, affiliation),
	               0);
	xmpp_stanza_release(item);
	g_free(bare);
	return 0;
}

int
muc_list_affiliation(struct session *session, const char *jid, const char *affiliation,
                     char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	xmpp_stanza_t *item;
	int value = muc_affiliation_parse(affiliation);

	if (room == NULL)
		return -1;
	if (value == -1 || value == AFFIL_NONE) {
		*cause = g_strdup_printf("'%s' is not a list (owner, admin, member, outcast)",
		                         affiliation);
		return -1;
	}
	/* XEP-0045 9.2, 9.5, 10.5, 10.8: the list of one affiliation. */
	item = muc_admin_item("affiliation", affiliation, NULL, NULL, NULL);
	muc_admin_send(session, room, "get", NS_MUC_ADMIN, item,
	               g_strdup_printf("%ss of %s",
	                               value == AFFIL_OUTCAST ? "banned JID" : affiliation,
	                               room->jid),
	               1);
	xmpp_stanza_release(item);
	return 0;
}

int
muc_destroy(struct session *session, const char *jid, const char *reason, char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	xmpp_stanza_t *destroy;

	if (room == NULL)
		return -1;
	/* XEP-0045 10.9: the owner's <destroy/>, with an optional reason. */
	destroy = xmpp_stanza_new(netloop_context());
	xmpp_stanza_set_name(destroy, "destroy");
	if (reason != NULL && *reason != '\0')
		stanza_add_text_child(destroy, "reason", reason);
	muc_admin_send(session, room, "set", NS_MUC_OWNER, destroy,
	               g_strdup_printf("destroy %s", room->jid), 0);
	xmpp_stanza_release(destroy);
	return 0;
}

/* A data form field with one value. */
static void
muc_admin_field(xmpp_stanza_t *x, const char *var, const char *type, const char *value)
{
	xmpp_stanza_t *field = xmpp_stanza_new(netloop_context());

	xmpp_stanza_set_name(field, "field");
	xmpp_stanza_set_attribute(field, "var", var);
	if (type != NULL)
		xmpp_stanza_set_type(field, type);
	stanza_add_text_child(field, "value", value);
	xmpp_stanza_add_child(x, field);
	xmpp_stanza_release(field);
}

int
muc_request_voice(struct session *session, const char *jid, char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	xmpp_stanza_t *message, *x;
	char *id;

	if (room == NULL)
		return -1;
	if (room->self != NULL && room->self->role >= ROLE_PARTICIPANT) {
		*cause = g_strdup_printf("you have a voice in %s already", room->jid);
		return -1;
	}
	/* XEP-0045 7.13: a muc#request form asking for the participant role. */
	id = stanza_new_id("voice");
	message = xmpp_message_new(netloop_context(), NULL, room->jid, id);
	x = xmpp_stanza_new(netloop_context());
	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, NS_DATA);
	xmpp_stanza_set_type(x, "submit");
	muc_admin_field(x, "FORM_TYPE", "hidden", "http://jabber.org/protocol/muc#request");
	muc_admin_field(x, "muc#role", "list-single", "participant");
	xmpp_stanza_add_child(message, x);
	xmpp_stanza_release(x);
	session_send(session, message);
	xmpp_stanza_release(message);
	g_free(id);
	room_tell(room, ROOM_CHANGE_NOTICE, "asked the moderators for a voice", NULL);
	return 0;
}

int
muc_invite(struct session *session, const char *jid, const char *invitee, const char *reason,
           char **cause)
{
	struct room *room = muc_admin_room(session, jid, cause);
	xmpp_stanza_t *message, *x, *invite;
	char *id, *to = invitee ? jid_bare_of(invitee) : NULL, *text;

	if (room == NULL) {
		g_free(to);
		return -1;
	}
	if (to == NULL) {
		*cause = g_strdup_printf("'%s' is not a JID", invitee);
		return -1;
	}
	id = stanza_new_id("invite");
	x = xmpp_stanza_new(netloop_context());
	xmpp_stanza_set_name(x, "x");
	if (room->members_only) {
		/* XEP-0045 7.8.2: through the room, which may make the
		 * invitee a member (members-only rooms need that). */
		message = xmpp_message_new(netloop_context(), NULL, room->jid, id);
		xmpp_stanza_set_ns(x, NS_MUC_USER);
		invite = xmpp_stanza_new(netloop_context());
		xmpp_stanza_set_name(invite, "invite");
		xmpp_stanza_set_attribute(invite, "to", to);
		if (reason != NULL && *reason != '\0')
			stanza_add_text_child(invite, "reason", reason);
		xmpp_stanza_add_child(x, invite);
		xmpp_stanza_release(invite);
	} else {
		/* XEP-0045 7.8: "client developers are encouraged to use
		 * direct invitations" (XEP-0249 2) for other rooms. */
		message = xmpp_message_new(netloop_context(), NULL, to, id);
		xmpp_stanza_set_ns(x, NS_CONFERENCE);
		xmpp_stanza_set_attribute(x, "jid", room->jid);
		if (reason != NULL && *reason != '\0')
			xmpp_stanza_set_attribute(x, "reason", reason);
		if (room->password != NULL)
			xmpp_stanza_set_attribute(x, "password", room->password);
	}
	xmpp_stanza_add_child(message, x);
	xmpp_stanza_release(x);
	session_send(session, message);
	xmpp_stanza_release(message);
	text = g_strdup_printf("invited %s (%s)", to,
	                       room->members_only ? "through the room, which is members-only"
	                                          : "directly");
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(id);
	g_free(to);
	return 0;
}

/* --- Invitations received (XEP-0045 7.8.2, XEP-0249) --- */

/* Whether room exists only because of an invitation (never entered, no
 * window): such rooms may be forgotten. */
static int
muc_invitation_only(const struct room *room)
{
	return !room->entered && room->state == ROOM_LEFT && room->invite_from != NULL &&
	       conversation_find(room->account, room->jid) == NULL;
}

/* Keeps at most MUC_INVITES_KEPT invitation-only rooms of the account,
 * room to make for one more: the oldest are forgotten. */
static void
muc_invites_trim(struct session *session)
{
	GPtrArray *rooms = room_list(session->account);
	struct room *oldest = NULL;
	int count = 0;

	for (guint i = 0; i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		if (!muc_invitation_only(room))
			continue;
		count++;
		if (oldest == NULL || room->invited_at < oldest->invited_at)
			oldest = room;
	}
	g_ptr_array_free(rooms, TRUE);
	if (count >= MUC_INVITES_KEPT) {
		log_write(LOG_INFO, session->account, "the invitation to %s is forgotten: %d wait",
		          oldest->jid, count);
		room_forget(oldest);
	}
}

/* Remembers an invitation to room (the room object, not entered) and
 * tells the user. */
static void
muc_invited(struct session *session, const char *room_jid, const char *from, const char *reason,
            const char *password, int mediated)
{
	char *bare = jid_bare_of(room_jid), *text;
	struct room *room;
	unsigned dropped;

	/* A room is no contact of the account, nor the account itself. */
	const struct contact *contact = bare ? contact_find(session->account, bare) : NULL;
	if (bare == NULL || strchr(bare, '@') == NULL || strcmp(bare, session->jid) == 0 ||
	    (contact != NULL && contact->in_roster)) {
		log_write(LOG_INFO, session->account, "invitation to '%s' from %s dropped",
		          room_jid, from);
		g_free(bare);
		return;
	}
	room = room_find(session->account, bare);
	/* XEP-0249 4: "If a client receives an invitation to a room in
	 * which the user is already an occupant, the client SHOULD silently
	 * discard the invitation." */
	if (room != NULL && room->state != ROOM_LEFT) {
		g_free(bare);
		return;
	}
	/* Anyone may send invitations: a flood of them makes neither rooms
	 * nor alerts beyond a few (but a contact's own always counts). */
	contact = mediated ? NULL : contact_find(session->account, from);
	if ((contact == NULL || !contact->in_roster) && !ratelimit_take(&session->invitations)) {
		log_write(LOG_INFO, session->account,
		          "invitation to '%s' from %s dropped: too many invitations", bare, from);
		g_free(bare);
		return;
	}
	dropped = ratelimit_dropped(&session->invitations);
	if (room == NULL)
		muc_invites_trim(session);
	room = room_get(session->account, bare);
	g_free(bare);
	room->invited_at = g_get_monotonic_time();
	g_free(room->invite_from);
	room->invite_from = g_strdup(from);
	g_free(room->invite_password);
	room->invite_password = g_strdup(password);
	room->invite_mediated = mediated;
	text = g_strdup_printf(
	        "%s invites you to %s%s%s%s: /join %s accepts, /decline %s declines%s", from,
	        room->jid, reason && *reason ? " (" : "", reason && *reason ? reason : "",
	        reason && *reason ? ")" : "", room->jid, room->jid,
	        dropped > 0 ? " (other invitations were dropped: too many at once)" : "");
	room_tell(room, ROOM_CHANGE_INVITED, text, NULL);
	g_free(text);
}

int
muc_handle_invite(struct session *session, xmpp_stanza_t *stanza)
{
	const char *from = xmpp_stanza_get_from(stanza);
	xmpp_stanza_t *user = xmpp_stanza_get_child_by_name_and_ns(stanza, "x", NS_MUC_USER);
	xmpp_stanza_t *direct = xmpp_stanza_get_child_by_name_and_ns(stanza, "x", NS_CONFERENCE);
	xmpp_stanza_t *invite = user ? xmpp_stanza_get_child_by_name(user, "invite") : NULL;
	xmpp_stanza_t *decline = user ? xmpp_stanza_get_child_by_name(user, "decline") : NULL;
	char *reason, *password;
	struct room *room;

	/* Neither kind comes as an error or a room's group message. */
	if (from == NULL || g_strcmp0(xmpp_stanza_get_type(stanza), "error") == 0 ||
	    g_strcmp0(xmpp_stanza_get_type(stanza), "groupchat") == 0)
		return 0;
	/* XEP-0045 7.8.2: a mediated invitation (or decline) comes from the
	 * room itself, a bare JID; a user's client always sends from a full
	 * JID (the server stamps it), so one could only forge the inviter's
	 * name that way. */
	if ((invite != NULL || decline != NULL) && strchr(from, '/') != NULL) {
		log_write(LOG_INFO, session->account, "%s from %s dropped: not from a room",
		          invite != NULL ? "invitation" : "decline", from);
		return 1;
	}
	if (invite != NULL && xmpp_stanza_get_attribute(invite, "from") != NULL) {
		reason = stanza_child_text(invite, "reason");
		password = stanza_child_text(user, "password");
		muc_invited(session, from, xmpp_stanza_get_attribute(invite, "from"), reason,
		            password, 1);
		g_free(reason);
		g_free(password);
		return 1;
	}
	if (decline != NULL && (room = muc_room_of(session, from)) != NULL) {
		char *text;
		reason = stanza_child_text(decline, "reason");
		text = g_strdup_printf("%s declined your invitation%s%s%s",
		                       xmpp_stanza_get_attribute(decline, "from")
		                               ? xmpp_stanza_get_attribute(decline, "from")
		                               : "someone",
		                       reason && *reason ? " (" : "",
		                       reason && *reason ? reason : "",
		                       reason && *reason ? ")" : "");
		room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
		g_free(text);
		g_free(reason);
		return 1;
	}
	if (direct != NULL && xmpp_stanza_get_attribute(direct, "jid") != NULL) {
		/* XEP-0249 2: from the inviter, naming the room; an occupant
		 * of a room is known by its nick there (its bare JID is the
		 * room's). */
		char *inviter = muc_room_of(session, from) ? NULL : jid_bare_of(from);
		muc_invited(session, xmpp_stanza_get_attribute(direct, "jid"),
		            inviter ? inviter : from, xmpp_stanza_get_attribute(direct, "reason"),
		            xmpp_stanza_get_attribute(direct, "password"), 0);
		g_free(inviter);
		return 1;
	}
	return 0;
}

int
muc_decline(struct session *session, const char *jid, const char *reason, char **cause)
{
	struct room *room = room_find(session->account, jid);
	xmpp_stanza_t *message, *x, *decline;
	char *id;

	if (room == NULL || room->invite_from == NULL) {
		*cause = g_strdup_printf("no invitation to %s waits", jid);
		return -1;
	}
	/* XEP-0249 2: a direct invitation is declined by ignoring it; a
	 * mediated one with a <decline/> through the room (XEP-0045 7.8.2). */
	if (room->invite_mediated && session->state == SESSION_ONLINE) {
		id = stanza_new_id("decline");
		message = xmpp_message_new(netloop_context(), NULL, room->jid, id);
		x = xmpp_stanza_new(netloop_context());
		xmpp_stanza_set_name(x, "x");
		xmpp_stanza_set_ns(x, NS_MUC_USER);
		decline = xmpp_stanza_new(netloop_context());
		xmpp_stanza_set_name(decline, "decline");
		xmpp_stanza_set_attribute(decline, "to", room->invite_from);
		if (reason != NULL && *reason != '\0')
			stanza_add_text_child(decline, "reason", reason);
		xmpp_stanza_add_child(x, decline);
		xmpp_stanza_add_child(message, x);
		session_send(session, message);
		xmpp_stanza_release(decline);
		xmpp_stanza_release(x);
		xmpp_stanza_release(message);
		g_free(id);
	}
	/* A room only named by the invitation is no more. */
	if (muc_invitation_only(room))
		room_forget(room);
	else {
		g_clear_pointer(&room->invite_from, g_free);
		g_clear_pointer(&room->invite_password, g_free);
	}
	return 0;
}
