/*
 * muc-config.c: a room's configuration (XEP-0045 10.1.3, 10.2): the
 * owner asks for the form, the user fills it in (/form set) and submits
 * or cancels it. A room created with /room create is configured this way
 * before anyone else can enter (it stays locked until then, 10.1.1).
 *
 * The form waiting for the user is the room's (model/room.h, form.h).
 */
#include "config.h"

#include <string.h>

#include "model/form.h"
#include "model/room.h"
#include "xmpp/forms.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DATA "jabber:x:data"

static void
muc_config_on_form(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct room *room = room_find(session->account, data);
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_MUC_OWNER);
	struct form *form;
	char *why, *text;

	if (room == NULL)
		return;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		why = stanza_describe_error(iq);
		text = g_strdup_printf("no configuration form: %s", why ? why : "refused");
		room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
		g_free(text);
		g_free(why);
		return;
	}
	form = forms_parse(query ? xmpp_stanza_get_child_by_name_and_ns(query, "x", NS_DATA)
	                         : NULL);
	if (form == NULL) {
		/* XEP-0045 10.1.3: "an empty query element" when there is
		 * nothing to configure. */
		room_tell(room, ROOM_CHANGE_NOTICE, "the room has nothing to configure", NULL);
		return;
	}
	form_free(room->form);
	room->form = form;
	room->form_serial++;
	room_tell(room, ROOM_CHANGE_FORM,
	          "the room's configuration form waits: /form show lists its fields, /form set "
	          "FIELD VALUE changes one, /form submit or /form cancel",
	          NULL);
}

void
muc_config_request(struct session *session, struct room *room)
{
	xmpp_stanza_t *iq = stanza_new_query("get", room->jid, "query", NS_MUC_OWNER, NULL);

	session_request(session, iq, muc_config_on_form, g_strdup(room->jid), g_free);
	xmpp_stanza_release(iq);
}

int
muc_configure(struct session *session, const char *jid, char **cause)
{
	struct room *room = room_find(session->account, jid);

	if (session->state != SESSION_ONLINE || room == NULL || room->state != ROOM_JOINED) {
		*cause = g_strdup_printf("not in room %s", jid);
		return -1;
	}
	muc_config_request(session, room);
	return 0;
}

/* The room's form waiting for the user. */
static struct room *
muc_config_room(struct session *session, const char *jid, char **cause)
{
	struct room *room = room_find(session->account, jid);

	if (room == NULL || room->form == NULL) {
		*cause = g_strdup_printf("no form of %s waits (/room config asks for it)", jid);
		return NULL;
	}
	return room;
}

int
muc_form_set(struct session *session, const char *jid, const char *var, const char *value,
             char **cause)
{
	struct room *room = muc_config_room(session, jid, cause);

	return room != NULL ? form_set(room->form, var, value, cause) : -1;
}

/* A submitted form: which room, which of its forms. */
struct muc_config_sent {
	char *jid;
	unsigned serial;
};

static void
muc_config_sent_free(gpointer data)
{
	struct muc_config_sent *sent = data;

	g_free(sent->jid);
	g_free(sent);
}

static void
muc_config_on_answer(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct muc_config_sent *sent = data;
	struct room *room = room_find(session->account, sent->jid);
	char *why, *text;

	if (room == NULL)
		return;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0) {
		/* The form is done with (unless another came since). */
		if (room->form_serial == sent->serial)
			g_clear_pointer(&room->form, form_free);
		room_tell(room, ROOM_CHANGE_NOTICE, "the room took the configuration", NULL);
		return;
	}
	/* XEP-0045 10.1.3: not-acceptable for a configuration the room
	 * cannot take. The form stays, as filled in, to be mended. */
	why = stanza_describe_error(iq);
	text = g_strdup_printf("the room refused the configuration: %s%s", why ? why : "no reason",
	                       room->form != NULL && room->form_serial == sent->serial
	                               ? "; the form still waits (/form set, then /form submit "
	                                 "again, or /form cancel)"
	                               : "");
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(why);
}

/* A cancelled form: the answer only matters when it is a refusal. */
static void
muc_config_on_cancel(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct room *room = room_find(session->account, data);
	char *why, *text;

	if (room == NULL || g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0)
		return;
	why = stanza_describe_error(iq);
	text = g_strdup_printf("the room refused the cancellation: %s", why ? why : "no reason");
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(why);
}

int
muc_form_answer(struct session *session, const char *jid, int cancel, char **cause)
{
	struct room *room = muc_config_room(session, jid, cause);
	xmpp_stanza_t *query, *iq, *x;

	if (room == NULL)
		return -1;
	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	/* XEP-0045 10.1.3 / 10.2: the form submitted, or cancelled (which
	 * destroys a room just created). */
	iq = stanza_new_query("set", room->jid, "query", NS_MUC_OWNER, &query);
	x = forms_answer(room->form, cancel);
	xmpp_stanza_add_child(query, x);
	xmpp_stanza_release(x);
	if (cancel) {
		session_request(session, iq, muc_config_on_cancel, g_strdup(room->jid), g_free);
		g_clear_pointer(&room->form, form_free);
	} else {
		struct muc_config_sent *sent = g_new0(struct muc_config_sent, 1);
		sent->jid = g_strdup(room->jid);
		sent->serial = room->form_serial;
		session_request(session, iq, muc_config_on_answer, sent, muc_config_sent_free);
	}
	xmpp_stanza_release(iq);
	return 0;
}

static void
muc_config_on_instant(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct room *room = room_find(session->account, data);
	char *why, *text;

	if (room == NULL)
		return;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0) {
		room_tell(room, ROOM_CHANGE_NOTICE,
		          "you created this room; it is open, with the service's default "
		          "configuration (/room config changes it)",
		          NULL);
		return;
	}
	why = stanza_describe_error(iq);
	text = g_strdup_printf("you created this room, but it stays locked: %s",
	                       why ? why : "the service refused its default configuration");
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(why);
}

void
muc_config_instant(struct session *session, struct room *room)
{
	struct form *empty = form_new("form");
	xmpp_stanza_t *query,
	        *iq = stanza_new_query("set", room->jid, "query", NS_MUC_OWNER, &query);
	xmpp_stanza_t *x = forms_answer(empty, 0);

	/* XEP-0045 10.1.2: an empty submitted form accepts the defaults. */
	xmpp_stanza_add_child(query, x);
	xmpp_stanza_release(x);
	form_free(empty);
	session_request(session, iq, muc_config_on_instant, g_strdup(room->jid), g_free);
	xmpp_stanza_release(iq);
}
