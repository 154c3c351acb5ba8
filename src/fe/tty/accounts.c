/*
 * accounts.c: the terminal UI's part in the accounts' lives: a password
 * asked for in the input line when an account has none (one account at a
 * time, the others queued), and an account renamed or forgotten (its
 * windows, their input histories and its queued prompt follow).
 *
 * Owns the queue of accounts waiting for their password and the event
 * subscriptions, from tty_accounts_start() to tty_accounts_stop().
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "fe/tty/alert.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/draw.h"
#include "fe/tty/history.h"
#include "fe/tty/input.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "xmpp/session.h"

static GQueue asking = G_QUEUE_INIT; /* account names; the first is being asked */
static unsigned subscriptions[3];

static void tty_ask_next(void);

/* The answer for the first account of asking: it logs in with it (for
 * this run: nothing is written), or is left disconnected. */
static void
tty_on_password(const char *secret, void *userdata)
{
	char *name = g_queue_pop_head(&asking), *cause = NULL, *text;
	struct session *session;

	if (secret == NULL) {
		text = g_strdup_printf("no password given: /connect %s asks again", name);
		tty_console(LINE_INFO, name, text);
		g_free(text);
	} else if ((session = session_get(name, &cause)) == NULL ||
	           session_connect_password(session, secret, &cause) == -1) {
		tty_console(LINE_ERROR, name, cause);
		g_free(cause);
	}
	g_free(name);
	/* The window may have changed while asking: its history. */
	history_select(window_current());
	tty_ask_next();
}

static void
tty_ask_next(void)
{
	const char *name = g_queue_peek_head(&asking);
	const struct account *account;
	char *prompt;

	if (name == NULL)
		return;
	account = account_find(name);
	prompt = g_strdup_printf("password for %s (%s): ", name, account ? account->jid : "?");
	if (input_ask_secret(prompt, tty_on_password, NULL) == -1)
		tty_console(LINE_ERROR, name, "cannot ask for the password now");
	g_free(prompt);
}

/* An account has no password to log in with: ask in the input line, one
 * account at a time. */
static void
tty_on_password_needed(const struct event *event, void *userdata)
{
	for (GList *l = asking.head; l != NULL; l = l->next) {
		if (strcmp(l->data, event->account) == 0)
			return; /* already asked, or to be */
	}
	g_queue_push_tail(&asking, g_strdup(event->account));
	if (asking.length == 1)
		tty_ask_next();
}

/* /account rename: the account's windows, their input histories and a
 * password asked for go with it. */
static void
tty_on_account_renamed(const struct event *event, void *userdata)
{
	window_rename_account(event->u.renamed.old, event->account);
	history_rename_account(event->u.renamed.old, event->account);
	for (GList *l = asking.head; l != NULL; l = l->next) {
		if (strcmp(l->data, event->u.renamed.old) == 0) {
			g_free(l->data);
			l->data = g_strdup(event->account);
		}
	}
	draw_dirty();
}

/* /account remove, or a new jid: the account's windows close (the model
 * is about to forget their conversations and rooms), their input
 * histories go, and so does a password waiting to be asked for (one being
 * asked is answered with an error: there is no account any more). */
static void
tty_on_account_forgotten(const struct event *event, void *userdata)
{
	const GPtrArray *windows = window_list();

	for (guint i = windows->len; i > 0; i--) {
		struct window *w = windows->pdata[i - 1];
		if (g_strcmp0(w->account, event->account) == 0)
			window_close(w);
	}
	history_forget_account(event->account);
	history_select(window_current());
	for (GList *l = asking.head ? asking.head->next : NULL, *next; l != NULL; l = next) {
		next = l->next;
		if (strcmp(l->data, event->account) == 0) {
			g_free(l->data);
			g_queue_delete_link(&asking, l);
		}
	}
	draw_room_stale();
	alert_update_title();
	draw_dirty();
}

void
tty_accounts_start(void)
{
	subscriptions[0] = event_subscribe(EV_PASSWORD_NEEDED, tty_on_password_needed, NULL);
	subscriptions[1] = event_subscribe(EV_ACCOUNT_RENAMED, tty_on_account_renamed, NULL);
	subscriptions[2] = event_subscribe(EV_ACCOUNT_FORGOTTEN, tty_on_account_forgotten, NULL);
}

void
tty_accounts_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_queue_clear_full(&asking, g_free);
}
