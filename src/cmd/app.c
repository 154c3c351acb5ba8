/*
 * app.c: the program: options, start-up, the main loop, shutdown.
 *
 * Owns the GMainLoop and the Unix signal sources for the lifetime of
 * app_main(). Shutdown is two-step: app_quit() asks every session to
 * disconnect cleanly, and the loop ends when none is left active (or after
 * APP_QUIT_GRACE_S, for a server that never answers).
 */
#include "config.h"

#include <glib-unix.h>
#include <glib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/app.h"
#include "cmd/autoaway.h"
#include "config/accounts.h"
#include "config/paths.h"
#include "config/prefs.h"
#include "core/event.h"
#include "core/log.h"
#include "core/sanitize.h"
#include "model/account.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "otr/otr.h"
#include "store/store.h"
#include "xmpp/e2e.h"
#include "xmpp/mam.h"
#include "xmpp/muc.h"
#include "xmpp/session.h"
#include "xmpp/tls.h"

#define APP_QUIT_GRACE_S 3

static GMainLoop *loop;
static const struct app_service *const *app_services;
static int quitting;
static unsigned quit_subscription;

struct app_options {
	char **accounts;
	char *config_dir;
	char *debug_log;
	gboolean headless;
	gboolean version;
	char **register_args; /* natter register ACCOUNT [FIELD=VALUE...] */
	char **execute;       /* -x: commands run once the accounts connected */
};

/* The start-up commands (-x) waiting for the accounts, and who runs them. */
static char **startup_commands;
static const struct app_frontend *startup_frontend;
static unsigned startup_subscription;
static GPtrArray *startup_accounts; /* the accounts connecting at start */
static guint startup_idle;          /* runs them after the event that allowed it */

static void
app_on_session_state(const struct event *event, void *userdata)
{
	if (quitting && session_count_active() == 0 && loop != NULL)
		g_main_loop_quit(loop);
}

static gboolean
app_on_quit_timeout(gpointer userdata)
{
	if (loop != NULL)
		g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

void
app_quit(void)
{
	struct event event = { .type = EV_QUIT };

	if (quitting)
		return;
	quitting = 1;
	event_emit(&event);
	if (session_disconnect_all() == 0 && session_count_active() == 0) {
		if (loop != NULL)
			g_main_loop_quit(loop);
		return;
	}
	quit_subscription = event_subscribe(EV_SESSION_STATE, app_on_session_state, NULL);
	g_timeout_add_seconds(APP_QUIT_GRACE_S, app_on_quit_timeout, NULL);
}

int
app_quitting(void)
{
	return quitting;
}

static gboolean
app_on_signal(gpointer userdata)
{
	app_quit();
	return G_SOURCE_CONTINUE;
}

static int
app_parse_options(int *argc, char ***argv, struct app_options *options, int can_headless)
{
	GOptionEntry entries[] = {
		{ "account", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &options->accounts,
		  "Connect ACCOUNT at start (repeatable)", "ACCOUNT" },
		{ "execute", 'x', 0, G_OPTION_ARG_STRING_ARRAY, &options->execute,
		  "Run COMMAND once the accounts have connected (repeatable, in order)",
		  "COMMAND" },
		{ "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->config_dir,
		  "Read accounts.ini from DIR instead of $XDG_CONFIG_HOME/natter", "DIR" },
		{ "debug-log", 0, 0, G_OPTION_ARG_FILENAME, &options->debug_log,
		  "Write a protocol log to FILE (passwords redacted)", "FILE" },
		{ "headless", 0, can_headless ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE,
		  &options->headless, "JSON lines on stdin/stdout instead of the terminal UI",
		  NULL },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &options->version, "Print the version",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = g_option_context_new(
	        "[register ACCOUNT [FIELD=VALUE...]] - a terminal XMPP client");
	GError *error = NULL;
	int ok;

	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(context, "See natter(1) for commands and files.");
	ok = g_option_context_parse(context, argc, argv, &error);
	g_option_context_free(context);
	if (!ok) {
		fprintf(stderr, "natter: %s (see natter --help)\n", error->message);
		g_error_free(error);
		return -1;
	}
	/* natter register ACCOUNT [FIELD=VALUE...] */
	if (*argc > 1 && strcmp((*argv)[1], "register") == 0) {
		if (*argc < 3) {
			fprintf(stderr,
			        "natter: usage: natter register ACCOUNT [FIELD=VALUE...]\n");
			return -1;
		}
		options->register_args = g_strdupv(*argv + 2);
		return 0;
	}
	if (*argc > 1) {
		fprintf(stderr, "natter: unexpected argument '%s' (see natter --help)\n",
		        (*argv)[1]);
		return -1;
	}
	return 0;
}

/* The problems found in the configuration, on stderr before any frontend
 * exists; they quote the files, so they pass the sanitizer. */
static void
app_print_problems(const GPtrArray *problems)
{
	for (guint i = 0; i < problems->len; i++) {
		char *clean = sanitize(problems->pdata[i], -1, SANITIZE_LINE);
		fprintf(stderr, "natter: %s\n", clean);
		g_free(clean);
	}
}

static int
app_load_config(struct app_options *options, GPtrArray *problems)
{
	char *path, *cause = NULL;
	int ret = 0;

	paths_init(options->config_dir);
	path = paths_config_file("accounts.ini");
	if (accounts_load(path, problems, &cause) == -1) {
		/* The cause may quote the file, and the file may hold anything. */
		char *shown = sanitize(cause, -1, SANITIZE_LINE);
		fprintf(stderr, "natter: %s\n", shown);
		g_free(shown);
		g_free(cause);
		ret = -1;
	}
	g_free(path);
	for (guint i = 0; i < problems->len; i++) {
		char *problem = problems->pdata[i];
		problems->pdata[i] = g_strdup_printf("accounts.ini: %s", problem);
		g_free(problem);
	}
	paths_check_private(problems);
	/* A bad natter.conf is reported once natter runs; defaults apply. */
	path = paths_config_file("natter.conf");
	if (ret == 0 && prefs_load(path, problems, &cause) == -1) {
		g_ptr_array_add(problems, cause);
		cause = NULL;
	}
	g_free(path);
	for (char **name = options->accounts; ret == 0 && name && *name; name++) {
		if (account_find(*name) == NULL) {
			fprintf(stderr, "natter: no account named '%s' in %s/accounts.ini\n", *name,
			        paths_config_dir());
			app_print_problems(problems);
			ret = -1;
		}
	}
	return ret;
}

static void
app_connect(const char *name)
{
	char *cause = NULL;
	struct session *session = session_get(name, &cause);

	if (session == NULL || session_connect(session, &cause) == -1) {
		event_log(name, LOG_ERROR, "%s", cause);
		g_free(cause);
		return;
	}
	g_ptr_array_add(startup_accounts, g_strdup(name));
}

/* -x: runs the start-up commands, in order, once every account natter
 * connects at start is online or has failed (an account left connecting,
 * or waiting for a password, would hold them back for good; failed ones
 * are for the commands to find out). */
static void
app_run_startup(void)
{
	for (guint i = 0; i < startup_accounts->len; i++) {
		struct session *session = session_find(startup_accounts->pdata[i]);
		if (session != NULL && session_state(session) == SESSION_CONNECTING)
			return;
	}
	g_clear_handle_id(&startup_subscription, event_unsubscribe);
	for (char **line = startup_commands; line != NULL && *line != NULL; line++)
		startup_frontend->execute(*line);
	g_clear_pointer(&startup_commands, g_strfreev);
}

static gboolean
app_on_startup_idle(gpointer userdata)
{
	startup_idle = 0;
	if (startup_commands != NULL && !quitting)
		app_run_startup();
	return G_SOURCE_REMOVE;
}

/* Not inside the event: a session coming online finishes its start (the
 * outbox, the rooms) after telling it, and a command must come after. */
static void
app_on_startup_state(const struct event *event, void *userdata)
{
	if (startup_commands != NULL && !quitting && startup_idle == 0)
		startup_idle = g_idle_add(app_on_startup_idle, NULL);
}

/* The accounts named with -a, or without -a those marked autoconnect. */
static void
app_connect_requested(struct app_options *options)
{
	const GPtrArray *accounts = account_list();

	for (char **name = options->accounts; name && *name; name++)
		app_connect(*name);
	for (guint i = 0; options->accounts == NULL && i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		if (account->autoconnect && !account->disabled)
			app_connect(account->name);
	}
}

static const struct app_frontend *
app_pick_frontend(const struct app_frontend *const *frontends, const struct app_options *options)
{
	if (!options->headless)
		return frontends[0];
	for (const struct app_frontend *const *f = frontends; *f != NULL; f++) {
		if (strcmp((*f)->name, "headless") == 0)
			return *f;
	}
	return NULL;
}

static void
app_options_clear(struct app_options *options)
{
	g_strfreev(options->accounts);
	g_strfreev(options->register_args);
	g_strfreev(options->execute);
	g_free(options->config_dir);
	g_free(options->debug_log);
}

/* Started without -a: say which accounts there are and how to log in
 * (those marked autoconnect are connecting). */
static void
app_hint_accounts(void)
{
	const GPtrArray *accounts = account_list();
	GString *names = g_string_new(NULL);

	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		g_string_append_printf(names, "%s%s (%s%s)", i ? ", " : "", account->name,
		                       account->jid,
		                       account->disabled      ? ", disabled"
		                       : account->autoconnect ? ", autoconnect"
		                                              : "");
	}
	event_log(NULL, LOG_INFO, "accounts: %s; /connect ACCOUNT logs in", names->str);
	g_string_free(names, TRUE);
}

/* OTR plugged into the protocol code, and its policy from the options. */
/* The contact's, else the account's, else everyone's (otr.policy). */
static enum otr_policy
app_otr_policy(const char *account, const char *peer)
{
	enum otr_policy policy = OTR_POLICY_MANUAL;

	if ((peer != NULL && otr_policy_get(account, peer, &policy)) ||
	    otr_policy_get(account, NULL, &policy))
		return policy;
	otr_policy_parse(prefs_string("otr.policy"), &policy);
	return policy;
}

static int
app_keep_encrypted(void)
{
	return prefs_bool("otr.log");
}

static const struct e2e_ops app_otr_ops = {
	.outgoing = otr_outgoing,
	.incoming = otr_incoming,
};

void
app_otr_plug(void)
{
	otr_init();
	otr_set_transport(e2e_send_raw);
	otr_set_policy_source(app_otr_policy);
	e2e_set(&app_otr_ops);
}

void
app_otr_unplug(void)
{
	e2e_set(NULL);
	otr_shutdown();
}

/* Where a room's archive was last read to: its newest message the
 * history holds with an archive id. */
static char *
app_room_position(const char *account, const char *room, gint64 *time)
{
	return store_archive_edge(account, room, 1, time);
}

/* The history: natter runs without it when it cannot be opened, and says
 * so once the frontend can (nothing is written then). Opened before the
 * frontend starts, so that the store hears of each message first and the
 * frontend knows a duplicate (message->duplicate). The archive is read
 * from where the history says it was. */
static char *
app_open_history(void)
{
	char *path = paths_data_file("history.db"), *cause = NULL;

	if (store_open(path, &cause) == -1) {
		char *why = g_strdup_printf("history: %s; messages are not kept", cause);
		g_free(cause);
		cause = why;
	}
	mam_set_position_source(store_archive_position, store_set_archive_position);
	muc_set_archive_source(app_room_position);
	store_set_encrypted_source(app_keep_encrypted);
	g_free(path);
	return cause;
}

static int
app_run(const struct app_frontend *frontend, struct app_options *options, GPtrArray *problems)
{
	char *cause = NULL, *history_problem = app_open_history();
	guint signals[3];

	if (frontend->start(&cause) == -1) {
		g_free(history_problem);
		fprintf(stderr, "natter: %s\n", cause);
		g_free(cause);
		return APP_EXIT_SOFTWARE;
	}
	for (guint i = 0; i < problems->len; i++)
		event_log(NULL, LOG_WARNING, "%s", (char *)problems->pdata[i]);
	if (history_problem != NULL)
		event_log(NULL, LOG_ERROR, "%s", history_problem);
	g_free(history_problem);
	if (account_list()->len == 0)
		event_log(NULL, LOG_INFO, "no account configured: add one to %s/accounts.ini",
		          paths_config_dir());
	else if (options->accounts == NULL)
		app_hint_accounts();
	for (const struct app_service *const *s = app_services; s && *s; s++) {
		if ((*s)->start != NULL && (*s)->start(frontend->commands, &cause) == -1) {
			event_log(NULL, LOG_WARNING, "%s", cause);
			g_clear_pointer(&cause, g_free);
		}
	}
	autoaway_start();
	signals[0] = g_unix_signal_add(SIGTERM, app_on_signal, NULL);
	signals[1] = g_unix_signal_add(SIGINT, app_on_signal, NULL);
	signals[2] = g_unix_signal_add(SIGHUP, app_on_signal, NULL);
	startup_accounts = g_ptr_array_new_with_free_func(g_free);
	app_connect_requested(options);
	if (options->execute != NULL) {
		startup_frontend = frontend;
		startup_commands = g_steal_pointer(&options->execute);
		startup_subscription =
		        event_subscribe(EV_SESSION_STATE, app_on_startup_state, NULL);
		app_run_startup();
	}
	if (!quitting)
		g_main_loop_run(loop);
	g_clear_handle_id(&startup_subscription, event_unsubscribe);
	g_clear_handle_id(&startup_idle, g_source_remove);
	g_clear_pointer(&startup_commands, g_strfreev);
	g_clear_pointer(&startup_accounts, g_ptr_array_unref);
	for (size_t i = 0; i < G_N_ELEMENTS(signals); i++)
		g_source_remove(signals[i]);
	autoaway_stop();
	for (const struct app_service *const *s = app_services; s && *s; s++) {
		if ((*s)->stop != NULL)
			(*s)->stop();
	}
	frontend->stop();
	return APP_EXIT_OK;
}

/* natter register: the outcome of the registration, then exit. */
static int register_status = APP_EXIT_SOFTWARE;

static void
app_on_register_state(const struct event *event, void *userdata)
{
	const char *account = userdata;
	char *reason;

	if (strcmp(event->account, account) != 0 ||
	    event->u.session.state != (int)SESSION_DISCONNECTED)
		return;
	/* The reason may quote the server: never raw to a terminal. */
	reason = sanitize(event->u.session.reason ? event->u.session.reason : "done", -1, 0);
	if (event->u.session.error) {
		fprintf(stderr, "natter: %s: %s\n", account, reason);
		register_status = APP_EXIT_REFUSED;
	} else {
		printf("%s\n", reason);
		register_status = APP_EXIT_OK;
	}
	g_free(reason);
	g_main_loop_quit(loop);
}

static int
app_register(char **args, GPtrArray *problems)
{
	struct account *account = account_find(args[0]);
	struct session *session;
	char *cause = NULL;
	unsigned subscription;

	app_print_problems(problems);
	if (account == NULL) {
		fprintf(stderr,
		        "natter: no account named '%s' in %s/accounts.ini (write it there "
		        "with the JID and password you want)\n",
		        args[0], paths_config_dir());
		return APP_EXIT_CONFIG;
	}
	session = session_get(account->name, &cause);
	subscription = event_subscribe(EV_SESSION_STATE, app_on_register_state, account->name);
	if (session == NULL || session_register(session, args + 1, &cause) == -1) {
		fprintf(stderr, "natter: %s\n", cause);
		g_free(cause);
		event_unsubscribe(subscription);
		return APP_EXIT_USAGE;
	}
	g_main_loop_run(loop);
	event_unsubscribe(subscription);
	return register_status;
}

int
app_main(int argc, char **argv, const struct app_frontend *const *frontends,
         const struct app_service *const *services)
{
	struct app_options options = { 0 };
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	const struct app_frontend *frontend;
	char *cause = NULL;
	int status = APP_EXIT_CONFIG;

	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);
	/* natter ctl...: a service's subcommand, with its own options. */
	for (const struct app_service *const *s = services; s && *s && argc > 1; s++) {
		if ((*s)->subcommand != NULL && strcmp(argv[1], (*s)->subcommand) == 0) {
			g_ptr_array_free(problems, TRUE);
			return (*s)->run(argc - 1, argv + 1);
		}
	}
	app_services = services;
	if (app_parse_options(&argc, &argv, &options, frontends[1] != NULL) == -1) {
		status = APP_EXIT_USAGE;
		goto out;
	}
	if (options.version) {
		printf("natter %s\n", PACKAGE_VERSION);
		status = APP_EXIT_OK;
		goto out;
	}
	frontend = app_pick_frontend(frontends, &options);
	if (options.debug_log != NULL && log_open(options.debug_log, &cause) == -1) {
		fprintf(stderr, "natter: %s\n", cause);
		g_free(cause);
		goto out;
	}
	tls_authorities_on_demand();
	if (app_load_config(&options, problems) == -1)
		goto out;
	loop = g_main_loop_new(NULL, FALSE);
	app_otr_plug();
	if (options.register_args != NULL)
		status = app_register(options.register_args, problems);
	else
		status = app_run(frontend, &options, problems);
	app_otr_unplug();
	store_close();
	if (quit_subscription != 0)
		event_unsubscribe(quit_subscription);
	session_free_all();
	g_main_loop_unref(loop);
	loop = NULL;
out:
	conversation_list_clear();
	room_list_clear();
	bookmark_list_clear();
	contact_list_clear();
	account_list_clear();
	prefs_clear();
	event_reset();
	paths_clear();
	log_close();
	app_options_clear(&options);
	g_ptr_array_free(problems, TRUE);
	return status;
}
