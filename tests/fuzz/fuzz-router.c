/*
 * fuzz-router.c: libFuzzer target for the stanza router (xmpp/router.h).
 *
 * The input is parsed as one stanza with libstrophe, as the stream parser
 * would hand it over, and routed into a detached session; what the session
 * would send is serialised (and must serialise). The model is emptied after
 * every input.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/conversation.h"
#include "xmpp/netloop.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_capture(struct session *session, xmpp_stanza_t *stanza)
{
	char *text = NULL;
	size_t length = 0;

	if (xmpp_stanza_to_text(stanza, &text, &length) != XMPP_EOK || text == NULL)
		abort();
	xmpp_free(netloop_context(), text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = g_strndup((const char *)data, size);
	xmpp_stanza_t *stanza = xmpp_stanza_new_from_string(netloop_context(), xml);
	struct session *session;

	g_free(xml);
	if (stanza == NULL)
		return 0;
	session = session_new_detached("fuzz", "me@example.org", fuzz_capture);
	router_route(session, stanza);
	xmpp_stanza_release(stanza);
	session_free_detached(session);
	conversation_list_clear();
	return 0;
}
