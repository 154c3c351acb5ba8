/*
 * autoaway.c: away after a while without input; and client state
 * indication (XEP-0352), inactive after a while without input or when the
 * terminal loses focus.
 *
 * Owns the idle timers (auto-away, CSI), the time of the last input and the accounts it set
 * away (with the presence they had), from autoaway_start() to
 * autoaway_stop().
 */
#include "config.h"

#include <string.h>

#include "cmd/autoaway.h"
#include "config/prefs.h"
#include "core/event.h"
#include "model/account.h"
#include "model/contact.h"
#include "xmpp/session.h"

struct autoaway_saved {
	char *account;
	int show;
	char *status;
};

static gint64 last_input;
static guint timer;
static guint csi_timer; /* XEP-0352: inactive after im.csi_idle minutes */
static unsigned pref_subscription;
static GPtrArray *saved; /* of struct autoaway_saved: accounts set away by us */

/* The idle limit an option gives in minutes, in microseconds (0: off). */
static gint64
idle_limit(const char *option)
{
	return (gint64)prefs_int(option) * 60 * G_USEC_PER_SEC;
}

/* A one-shot timer for the moment the idle time reaches option's limit
 * (a timer firing early re-arms itself); 0 when the option is off. */
static guint
idle_arm(const char *option, GSourceFunc fn)
{
	gint64 limit = idle_limit(option), left;

	if (limit <= 0)
		return 0;
	left = last_input + limit - g_get_monotonic_time();
	return g_timeout_add_seconds(
	        (guint)(left > 0 ? (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0), fn, NULL);
}

static void
autoaway_saved_free(gpointer pointer)
{
	struct autoaway_saved *s = pointer;

	g_free(s->account);
	g_free(s->status);
	g_free(s);
}

static void autoaway_schedule(void);
static void csi_schedule(void);

static void
autoaway_apply(void)
{
	const GPtrArray *accounts = account_list();
	int show = strcmp(prefs_string("presence.autoaway_show"), "xa") == 0 ? SHOW_XA : SHOW_AWAY;
	const char *message = prefs_string("presence.autoaway_message");

	for (guint i = 0; i < accounts->len; i++) {
		const char *name = ((struct account *)accounts->pdata[i])->name;
		struct session *session = session_find(name);
		struct autoaway_saved *s;
		const char *status;
		int current, priority;
		if (session == NULL || session_state(session) != SESSION_ONLINE)
			continue;
		session_get_presence(session, &current, &status, &priority);
		if (current != SHOW_ONLINE && current != SHOW_CHAT)
			continue;
		s = g_new0(struct autoaway_saved, 1);
		s->account = g_strdup(name);
		s->show = current;
		s->status = g_strdup(status);
		g_ptr_array_add(saved, s);
		session_set_presence(session, show, *message ? message : NULL, priority);
	}
}

static void
autoaway_restore(void)
{
	for (guint i = 0; i < saved->len; i++) {
		const struct autoaway_saved *s = saved->pdata[i];
		struct session *session = session_find(s->account);
		const char *status;
		int show, priority;
		if (session == NULL)
			continue;
		session_get_presence(session, &show, &status, &priority);
		/* Changed by the user meanwhile: theirs stands. */
		if (show != SHOW_AWAY && show != SHOW_XA)
			continue;
		session_set_presence(session, s->show, s->status, priority);
	}
	g_ptr_array_set_size(saved, 0);
}

static gboolean
autoaway_on_timer(gpointer userdata)
{
	gint64 limit = idle_limit("presence.autoaway");

	timer = 0;
	if (limit <= 0 || saved->len > 0)
		return G_SOURCE_REMOVE;
	if (g_get_monotonic_time() - last_input >= limit)
		autoaway_apply();
	else
		autoaway_schedule();
	return G_SOURCE_REMOVE;
}

/* Arms the timer for the moment the idle time reaches the limit. */
static void
autoaway_schedule(void)
{
	g_clear_handle_id(&timer, g_source_remove);
	if (saved->len == 0)
		timer = idle_arm("presence.autoaway", autoaway_on_timer);
}

static void
autoaway_on_pref(const struct event *event, void *userdata)
{
	if (strcmp(event->u.pref.name, "presence.autoaway") == 0)
		autoaway_schedule();
	else if (strcmp(event->u.pref.name, "im.csi_idle") == 0)
		csi_schedule();
}

static gboolean
csi_on_timer(gpointer userdata)
{
	gint64 limit = idle_limit("im.csi_idle");

	csi_timer = 0;
	if (limit <= 0)
		return G_SOURCE_REMOVE;
	if (g_get_monotonic_time() - last_input >= limit)
		session_set_client_active(0);
	else
		csi_schedule();
	return G_SOURCE_REMOVE;
}

/* Arms the CSI timer for when the idle time reaches im.csi_idle. */
static void
csi_schedule(void)
{
	g_clear_handle_id(&csi_timer, g_source_remove);
	csi_timer = idle_arm("im.csi_idle", csi_on_timer);
}

void
autoaway_focus(int focused)
{
	/* XEP-0352 1: inactive when the user is not looking at natter. */
	session_set_client_active(focused);
	if (focused) {
		last_input = g_get_monotonic_time();
		csi_schedule();
	}
}

void
autoaway_start(void)
{
	saved = g_ptr_array_new_with_free_func(autoaway_saved_free);
	last_input = g_get_monotonic_time();
	pref_subscription = event_subscribe(EV_PREF_CHANGED, autoaway_on_pref, NULL);
	autoaway_schedule();
	csi_schedule();
}

void
autoaway_stop(void)
{
	g_clear_handle_id(&timer, g_source_remove);
	g_clear_handle_id(&csi_timer, g_source_remove);
	g_clear_handle_id(&pref_subscription, event_unsubscribe);
	g_clear_pointer(&saved, g_ptr_array_unref);
}

void
autoaway_activity(void)
{
	if (saved == NULL)
		return;
	last_input = g_get_monotonic_time();
	session_note_input();
	session_set_client_active(1);
	if (csi_timer == 0)
		csi_schedule();
	if (saved->len > 0) {
		autoaway_restore();
		autoaway_schedule();
	} else if (timer == 0) {
		autoaway_schedule();
	}
	/* An armed timer re-arms itself when it fires before the limit. */
}
