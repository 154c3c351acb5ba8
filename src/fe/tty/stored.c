/*
 * stored.c: a conversation's window opens with the end of its history:
 * the last ui.history_page messages of history.db (store/store.h), before
 * what comes now. A room sends its own history on entering: its window
 * takes none from here.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "store/store.h"

void
stored_load(struct window *w, const struct conversation *c, gint64 skip)
{
	int page = prefs_int("ui.history_page");
	GPtrArray *list = page > 0 && c->kind == CONVERSATION_CHAT
	                          ? store_last(c->account, c->peer, page)
	                          : NULL;

	for (guint i = 0; list != NULL && i < list->len; i++) {
		const struct stored_message *m = list->pdata[i];
		const char *body = m->body ? m->body : "";
		const char *sender = m->sender ? m->sender : c->peer;
		char *who, *shown;
		enum line_kind kind = LINE_MESSAGE;
		unsigned flags = (m->direction == MESSAGE_OUT ? LINE_OWN : 0) |
		                 (m->edited ? LINE_EDITED : 0);
		if (g_strcmp0(m->type, "error") == 0 || (skip != 0 && m->id == skip))
			continue; /* said where it happened; shown next */
		who = g_strndup(sender, strcspn(sender, "/"));
		shown = g_strcmp0(m->type, "headline") == 0 ? g_strconcat("[headline] ", body, NULL)
		                                            : NULL;
		if (shown == NULL && g_str_has_prefix(body, "/me ")) {
			kind = LINE_ACTION;
			body += 4;
		}
		window_add(w, m->timestamp, kind, flags, who, shown ? shown : body, ACTIVITY_NONE);
		g_free(shown);
		g_free(who);
	}
	if (list != NULL)
		g_ptr_array_unref(list);
}
