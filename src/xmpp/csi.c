/*
 * csi.c: whether the user is looking (XEP-0352 client state indication,
 * told to every server that offers it) and how long since the user's
 * last input (XEP-0012 idle time, auto-away).
 */
#include "config.h"

#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

static int client_inactive; /* XEP-0352: the user is not looking */
static gint64 last_input;   /* monotonic time of the user's last input, 0: none */

int
csi_inactive(void)
{
	return client_inactive;
}

int
csi_set_inactive(int inactive)
{
	if (client_inactive == (inactive != 0))
		return 0;
	client_inactive = inactive != 0;
	return 1;
}

/*
 * XEP-0352 4: <active/> or <inactive/>, a nonza straight on the stream,
 * only to a server that offered CSI.
 *
 * libstrophe 0.12 counts whatever the application sends as one stanza
 * for stream management (XEP-0198), nonzas too, which the server does
 * not count: the counts would disagree, and a resumption would send the
 * last stanzas again. So once stream management is on, the nonza goes out
 * in one write with a stanza, a ping to the server (XEP-0199), which
 * makes it one for both sides.
 */
void
session_send_client_state(struct session *session)
{
	const char *name = client_inactive ? "inactive" : "active";
	xmpp_stanza_t *state;

	if (!session->csi || session->conn == NULL)
		return;
	session->csi_told = client_inactive;
	if (session->sm_enabled) {
		char *id = stanza_new_id("csi");
		xmpp_send_raw_string(session->conn,
		                     "<%s xmlns=\"urn:xmpp:csi:0\"/><iq type=\"get\" id=\"%s\" "
		                     "to=\"%s\"><ping xmlns=\"urn:xmpp:ping\"/></iq>",
		                     name, id, session_domain(session));
		session->sm_sent++;
		g_free(id);
		netloop_flush();
		return;
	}
	state = xmpp_stanza_new(netloop_context());
	xmpp_stanza_set_name(state, name);
	xmpp_stanza_set_ns(state, "urn:xmpp:csi:0");
	xmpp_send(session->conn, state);
	netloop_flush();
	xmpp_stanza_release(state);
}

void
session_note_input(void)
{
	last_input = g_get_monotonic_time();
}

gint64
session_idle_seconds(void)
{
	static gint64 started;

	if (started == 0)
		started = g_get_monotonic_time();
	return (g_get_monotonic_time() - (last_input ? last_input : started)) / G_USEC_PER_SEC;
}
