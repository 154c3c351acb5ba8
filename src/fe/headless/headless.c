/*
 * headless.c: the headless frontend.
 *
 * Owns the stdin watch and its line buffer, and the event subscriptions,
 * from headless_start() to headless_stop(). Output is JSON lines (see
 * natter(1), HEADLESS PROTOCOL); strings are emitted with every non-ASCII
 * character escaped (\uXXXX), so the exact remote text reaches scripts
 * while nothing a stranger wrote can act on a terminal reading the stream.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/app.h"
#include "cmd/autoaway.h"
#include "cmd/command.h"
#include "core/event.h"
#include "fe/headless/headless.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/session.h"

/* A command line longer than this is refused, not buffered forever. */
#define HEADLESS_LINE_MAX (256 * 1024)
/* Output waiting for a reader beyond this means the reader is gone. */
#define HEADLESS_OUTPUT_MAX (64 * 1024 * 1024)

static GString *input;
static guint input_source;
static GString *output;     /* lines not yet written to stdout */
static guint output_source; /* stdout watch while output waits */

static gboolean headless_on_stdout(gint fd, GIOCondition condition, gpointer userdata);
static unsigned subscriptions[15];
static unsigned long line_number;
static int discarding; /* skipping the rest of an over-long line */

static const struct cmd_frontend headless_cmd_frontend = { .name = "headless" };

/* Writes what it can of the output without blocking, and watches stdout
 * for room when the reader is slower than natter. stdout itself stays
 * blocking (it may be shared with stderr or other processes): a write
 * happens only after poll() says there is room, and is at most PIPE_BUF
 * bytes, which a pipe with room takes whole. */
static void
headless_flush(void)
{
	while (output->len > 0) {
		struct pollfd pollfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
		ssize_t n;

		if (poll(&pollfd, 1, 0) == 0) {
			if (output_source == 0)
				output_source = g_unix_fd_add(STDOUT_FILENO, G_IO_OUT | G_IO_ERR,
				                              headless_on_stdout, NULL);
			return;
		}
		n = write(STDOUT_FILENO, output->str, MIN(output->len, PIPE_BUF));
		if (n > 0) {
			g_string_erase(output, 0, n);
			continue;
		}
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* Nobody reads us any more. */
		g_string_truncate(output, 0);
		app_quit();
		break;
	}
	g_clear_handle_id(&output_source, g_source_remove);
}

/* At exit: everything left, waiting for the reader as long as it takes. */
static void
headless_drain(void)
{
	const char *p = output->str;
	size_t left = output->len;

	while (left > 0) {
		ssize_t n = write(STDOUT_FILENO, p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
	g_string_truncate(output, 0);
}

static gboolean
headless_on_stdout(gint fd, GIOCondition condition, gpointer userdata)
{
	output_source = 0;
	headless_flush();
	return G_SOURCE_REMOVE;
}

static void
headless_print(json_t *object)
{
	char *text = json_dumps(object, JSON_COMPACT | JSON_ENSURE_ASCII);

	json_decref(object);
	if (text == NULL || output == NULL) {
		free(text);
		return;
	}
	if (output->len > HEADLESS_OUTPUT_MAX) {
		/* The reader has stopped reading: rather than grow without end,
		 * say so where a person may see it and leave. */
		if (!app_quitting())
			fprintf(stderr,
			        "natter: nothing read the last %d MiB of output; quitting\n",
			        HEADLESS_OUTPUT_MAX >> 20);
		free(text);
		app_quit();
		return;
	}
	g_string_append(output, text);
	g_string_append_c(output, '\n');
	free(text);
	headless_flush();
}

/* jansson refuses invalid UTF-8; remote text was validated by the XML
 * parser, this is for the odd byte from elsewhere. */
static json_t *
headless_string(const char *text)
{
	json_t *value;

	if (text == NULL)
		return json_null();
	value = json_string(text);
	if (value == NULL) {
		char *valid = g_utf8_make_valid(text, -1);
		value = json_string(valid);
		g_free(valid);
	}
	return value;
}

static char *
headless_timestamp(gint64 microseconds)
{
	/* Floor division: the milliseconds of a time before 1970 are
	 * positive too. */
	gint64 seconds = microseconds / G_USEC_PER_SEC - (microseconds % G_USEC_PER_SEC < 0);
	int milliseconds = (int)((microseconds - seconds * G_USEC_PER_SEC) / 1000);
	GDateTime *time = g_date_time_new_from_unix_utc(seconds);
	char *base, *stamp;

	if (time == NULL)
		return g_strdup("unknown");
	base = g_date_time_format(time, "%Y-%m-%dT%H:%M:%S");
	stamp = g_strdup_printf("%s.%03dZ", base, milliseconds);
	g_free(base);
	g_date_time_unref(time);
	return stamp;
}

static void
headless_on_session(const struct event *event, void *userdata)
{
	json_t *object = json_pack("{s:s, s:o, s:o, s:s}", "event", "session", "account",
	                           headless_string(event->account), "jid",
	                           headless_string(event->u.session.jid), "state",
	                           session_state_name((enum session_state)event->u.session.state));

	if (event->u.session.reason != NULL)
		json_object_set_new(object, "reason", headless_string(event->u.session.reason));
	if (event->u.session.error)
		json_object_set_new(object, "error", json_true());
	if (event->u.session.state == SESSION_WAITING)
		json_object_set_new(object, "retry_in", json_integer(event->u.session.retry_s));
	if (event->u.session.state == SESSION_ONLINE)
		json_object_set_new(object, "resumed", json_boolean(event->u.session.resumed));
	headless_print(object);
}

/* A room's messages and an occupant's private ones say which room, who
 * (the nick), and whether they are the history sent on entering. */
static void
headless_room_fields(json_t *object, const struct conversation *c, const struct message *m)
{
	const char *address = m->direction == MESSAGE_IN ? m->from : m->to;
	const char *slash;

	if (c->kind == CONVERSATION_CHAT)
		return;
	if (c->kind == CONVERSATION_ROOM)
		address = m->from;
	slash = address ? strchr(address, '/') : NULL;
	json_object_set_new(object, "room", json_stringn(c->peer, strcspn(c->peer, "/")));
	json_object_set_new(object, "nick", headless_string(slash ? slash + 1 : NULL));
	json_object_set_new(object, "history", json_boolean(m->history));
	json_object_set_new(object, "private", json_boolean(c->kind == CONVERSATION_PRIVATE));
}

static void
headless_on_message(const struct event *event, void *userdata)
{
	const struct message *message = event->u.message.message;
	char *stamp = headless_timestamp(message->timestamp);
	json_t *object = json_pack(
	        "{s:s, s:o, s:s, s:o, s:o, s:s, s:o, s:o, s:s}", "event", "message", "account",
	        headless_string(event->account), "direction",
	        message->direction == MESSAGE_IN ? "in" : "out", "from",
	        headless_string(message->from), "to", headless_string(message->to), "type",
	        message_type_name(message->type), "id", headless_string(message->id), "body",
	        headless_string(message->body), "timestamp", stamp);

	if (message->error != NULL)
		json_object_set_new(object, "error", headless_string(message->error));
	if (message->subject != NULL)
		json_object_set_new(object, "subject", headless_string(message->subject));
	if (message->direction == MESSAGE_OUT)
		json_object_set_new(object, "delivery",
		                    json_string(message_delivery_name(message->delivery)));
	headless_room_fields(object, event->u.message.conversation, message);
	headless_print(object);
	g_free(stamp);
}

/* A contact's presence after a change: the best resource's show and
 * status, and every available resource. */
static void
headless_on_presence(const struct event *event, void *userdata)
{
	const struct contact *contact = event->u.presence.contact;
	const struct presence_resource *best = contact_best(contact);
	json_t *resources = json_array();

	for (guint i = 0; i < contact->resources->len; i++) {
		const struct presence_resource *r = contact->resources->pdata[i];
		json_array_append_new(resources, json_pack("{s:o, s:s, s:o, s:i}", "resource",
		                                           headless_string(r->resource), "show",
		                                           presence_show_name(r->show), "status",
		                                           headless_string(r->status), "priority",
		                                           r->priority));
	}
	headless_print(json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o}", "event", "presence",
	                         "account", headless_string(event->account), "jid",
	                         headless_string(contact->jid), "resource",
	                         headless_string(event->u.presence.resource), "show",
	                         presence_show_name(contact_show(contact)), "status",
	                         headless_string(best ? best->status : contact->last_status),
	                         "resources", resources));
}

/* A roster item set or removed. */
static void
headless_on_roster(const struct event *event, void *userdata)
{
	const struct contact *contact = event->u.roster.contact;
	json_t *groups = json_array();

	for (guint i = 0; i < contact->groups->len; i++)
		json_array_append_new(groups, headless_string(contact->groups->pdata[i]));
	headless_print(json_pack(
	        "{s:s, s:o, s:o, s:o, s:o, s:s, s:b, s:o, s:b}", "event", "roster", "account",
	        headless_string(event->account), "jid", headless_string(contact->jid), "name",
	        headless_string(contact->name), "nick", headless_string(contact->nick),
	        "subscription", roster_subscription_name(contact->subscription), "ask",
	        contact->ask, "groups", groups, "removed", event->u.roster.removed));
}

/* A subscription request came (pending) or was answered. */
static void
headless_on_subscription(const struct event *event, void *userdata)
{
	const struct contact *contact = event->u.subscription.contact;

	headless_print(json_pack("{s:s, s:o, s:o, s:b, s:o}", "event", "subscription", "account",
	                         headless_string(event->account), "jid",
	                         headless_string(contact->jid), "pending", contact->request_pending,
	                         "text", headless_string(contact->request_text)));
}

/* The account's own presence was set (/status, /priority, auto-away). */
/* An account has no password to log in with: scripts learn it (they
 * give one with eval_password). */
static void
headless_on_password_needed(const struct event *event, void *userdata)
{
	headless_print(json_pack("{s:s, s:o}", "event", "password_needed", "account",
	                         headless_string(event->account)));
}

static void
headless_on_account_renamed(const struct event *event, void *userdata)
{
	headless_print(json_pack("{s:s, s:o, s:o}", "event", "account_renamed", "account",
	                         headless_string(event->account), "old",
	                         headless_string(event->u.renamed.old)));
}

static void
headless_on_account_forgotten(const struct event *event, void *userdata)
{
	headless_print(json_pack("{s:s, s:o}", "event", "account_forgotten", "account",
	                         headless_string(event->account)));
}

static void
headless_on_own_presence(const struct event *event, void *userdata)
{
	struct session *session = session_find(event->account);
	const char *status;
	int show, priority;

	if (session == NULL)
		return;
	session_get_presence(session, &show, &status, &priority);
	headless_print(json_pack("{s:s, s:o, s:s, s:o, s:i}", "event", "own_presence", "account",
	                         headless_string(event->account), "show",
	                         presence_show_name((enum presence_show)show), "status",
	                         headless_string(status), "priority", priority));
}

/* A message was delivered (XEP-0184) or corrected (XEP-0308). */
static void
headless_on_message_update(const struct event *event, void *userdata)
{
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;

	headless_print(json_pack("{s:s, s:o, s:o, s:o, s:s, s:s, s:b, s:o}", "event",
	                         "message_update", "account", headless_string(event->account),
	                         "peer", headless_string(c->peer), "id", headless_string(m->id),
	                         "direction", m->direction == MESSAGE_IN ? "in" : "out", "delivery",
	                         message_delivery_name(m->delivery), "edited", m->edited, "body",
	                         headless_string(m->body)));
}

/* The peer's chat state (XEP-0085). */
static void
headless_on_chat_state(const struct event *event, void *userdata)
{
	static const char *const states[] = {
		[CHAT_STATE_NONE] = "none",           [CHAT_STATE_ACTIVE] = "active",
		[CHAT_STATE_COMPOSING] = "composing", [CHAT_STATE_PAUSED] = "paused",
		[CHAT_STATE_INACTIVE] = "inactive",   [CHAT_STATE_GONE] = "gone",
	};
	const struct conversation *c = event->u.conversation;

	headless_print(json_pack("{s:s, s:o, s:o, s:s}", "event", "chat_state", "account",
	                         headless_string(event->account), "jid", headless_string(c->peer),
	                         "state", states[c->peer_state]));
}

/* A room's state, subject or notice. */
static void
headless_on_room(const struct event *event, void *userdata)
{
	static const char *const changes[] = {
		[ROOM_CHANGE_JOINING] = "joining", [ROOM_CHANGE_JOINED] = "joined",
		[ROOM_CHANGE_REFUSED] = "refused", [ROOM_CHANGE_LEFT] = "left",
		[ROOM_CHANGE_NICK] = "nick",       [ROOM_CHANGE_SUBJECT] = "subject",
		[ROOM_CHANGE_NOTICE] = "notice",   [ROOM_CHANGE_HISTORY_END] = "history_end",
		[ROOM_CHANGE_INVITED] = "invited", [ROOM_CHANGE_FORM] = "form",
	};
	static const char *const states[] = {
		[ROOM_JOINING] = "joining",
		[ROOM_JOINED] = "joined",
		[ROOM_LEFT] = "left",
	};
	const struct room *room = event->u.room.room;
	json_t *codes = json_array(), *object;

	for (const int *code = event->u.room.codes; code != NULL && *code != 0; code++)
		json_array_append_new(codes, json_integer(*code));
	object = (json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o}", "event", "room",
	                    "account", headless_string(event->account), "room",
	                    headless_string(room->jid), "change", changes[event->u.room.change],
	                    "state", states[room->state], "nick", headless_string(room->nick),
	                    "subject", headless_string(room->subject), "text",
	                    headless_string(event->u.room.text), "codes", codes));
	if (event->u.room.change == ROOM_CHANGE_INVITED)
		json_object_set_new(object, "inviter", headless_string(room->invite_from));
	headless_print(object);
}

/* An occupant came, left or changed. */
static void
headless_on_occupant(const struct event *event, void *userdata)
{
	static const char *const changes[] = {
		[OCCUPANT_JOINED] = "joined", [OCCUPANT_LEFT] = "left",
		[OCCUPANT_NICK] = "nick",     [OCCUPANT_PRESENCE] = "presence",
		[OCCUPANT_ROLE] = "role",     [OCCUPANT_KICKED] = "kicked",
		[OCCUPANT_BANNED] = "banned", [OCCUPANT_REMOVED] = "removed",
	};
	const struct room *room = event->u.occupant.room;
	const struct occupant *o = event->u.occupant.occupant;

	headless_print(json_pack(
	        "{s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "event",
	        "occupant", "account", headless_string(event->account), "room",
	        headless_string(room->jid), "nick", headless_string(o->nick), "change",
	        changes[event->u.occupant.change], "self", o == room->self, "jid",
	        headless_string(o->jid), "role", muc_role_name((enum muc_role)o->role),
	        "affiliation", muc_affiliation_name((enum muc_affiliation)o->affiliation), "show",
	        presence_show_name((enum presence_show)o->show), "status",
	        headless_string(o->status), "new_nick", headless_string(event->u.occupant.new_nick),
	        "reason", headless_string(event->u.occupant.reason), "actor",
	        headless_string(event->u.occupant.actor)));
}

/* A room bookmark was set or removed. */
static void
headless_on_bookmark(const struct event *event, void *userdata)
{
	const struct bookmark *b = event->u.bookmark.bookmark;

	headless_print(json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:b}", "event", "bookmark",
	                         "account", headless_string(event->account), "jid",
	                         headless_string(b->jid), "name", headless_string(b->name), "nick",
	                         headless_string(b->nick), "autojoin", b->autojoin, "removed",
	                         event->u.bookmark.removed));
}

static void
headless_on_log(const struct event *event, void *userdata)
{
	static const char *const levels[] = { "debug", "info", "warning", "error" };

	headless_print(json_pack(
	        "{s:s, s:o, s:s, s:o}", "event", "log", "account", headless_string(event->account),
	        "level", levels[event->u.log.level], "text", headless_string(event->u.log.text)));
}

static void
headless_result(const struct cmd_result *result)
{
	json_t *object =
	        json_pack("{s:s, s:I, s:o, s:b}", "event", "result", "seq", (json_int_t)line_number,
	                  "command", headless_string(result->command), "ok", result->ok);

	if (!result->ok) {
		json_object_set_new(object, "error", headless_string(result->error));
		if (result->usage != NULL)
			json_object_set_new(object, "usage", headless_string(result->usage));
	}
	if (result->output != NULL) {
		json_t *lines = json_array();
		for (guint i = 0; i < result->output->len; i++)
			json_array_append_new(lines, headless_string(result->output->pdata[i]));
		json_object_set_new(object, "output", lines);
	}
	headless_print(object);
}

static void
headless_line(const char *line)
{
	struct cmd_context context = { .frontend = &headless_cmd_frontend };
	struct cmd_result result;

	line_number++;
	if (*line == '\0')
		return; /* blank lines are allowed and ignored */
	autoaway_activity();
	cmd_execute(&context, line, &result);
	headless_result(&result);
	cmd_result_clear(&result);
}

static void
headless_take_lines(void)
{
	char *newline;

	while ((newline = memchr(input->str, '\n', input->len)) != NULL) {
		size_t length = (size_t)(newline - input->str);
		*newline = '\0';
		if (length > 0 && input->str[length - 1] == '\r')
			input->str[length - 1] = '\0';
		if (discarding)
			discarding = 0;
		else
			headless_line(input->str);
		g_string_erase(input, 0, (gssize)length + 1);
	}
	if (input->len > HEADLESS_LINE_MAX) {
		struct cmd_result result;
		line_number++;
		cmd_result_init(&result);
		cmd_result_error(&result, "line longer than %d bytes ignored", HEADLESS_LINE_MAX);
		headless_result(&result);
		cmd_result_clear(&result);
		g_string_truncate(input, 0);
		discarding = 1;
	}
}

static gboolean
headless_on_stdin(gint fd, GIOCondition condition, gpointer userdata)
{
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof chunk);

	if (n > 0) {
		g_string_append_len(input, chunk, n);
		headless_take_lines();
		return G_SOURCE_CONTINUE;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	/* End of input: a last line without newline still counts. */
	if (input->len > 0 && !discarding) {
		g_string_append_c(input, '\n');
		headless_take_lines();
	}
	input_source = 0;
	app_quit();
	return G_SOURCE_REMOVE;
}

static int
headless_start(char **cause)
{
	input = g_string_new(NULL);
	output = g_string_new(NULL);

	subscriptions[0] = event_subscribe(EV_SESSION_STATE, headless_on_session, NULL);
	subscriptions[1] = event_subscribe(EV_MESSAGE_ADDED, headless_on_message, NULL);
	subscriptions[2] = event_subscribe(EV_LOG, headless_on_log, NULL);
	subscriptions[3] = event_subscribe(EV_PRESENCE, headless_on_presence, NULL);
	subscriptions[4] = event_subscribe(EV_ROSTER, headless_on_roster, NULL);
	subscriptions[5] = event_subscribe(EV_SUBSCRIPTION, headless_on_subscription, NULL);
	subscriptions[6] = event_subscribe(EV_OWN_PRESENCE, headless_on_own_presence, NULL);
	subscriptions[7] = event_subscribe(EV_MESSAGE_UPDATED, headless_on_message_update, NULL);
	subscriptions[8] = event_subscribe(EV_CHAT_STATE, headless_on_chat_state, NULL);
	subscriptions[9] = event_subscribe(EV_ROOM, headless_on_room, NULL);
	subscriptions[10] = event_subscribe(EV_OCCUPANT, headless_on_occupant, NULL);
	subscriptions[11] = event_subscribe(EV_BOOKMARK, headless_on_bookmark, NULL);
	subscriptions[12] = event_subscribe(EV_PASSWORD_NEEDED, headless_on_password_needed, NULL);
	subscriptions[13] = event_subscribe(EV_ACCOUNT_RENAMED, headless_on_account_renamed, NULL);
	subscriptions[14] =
	        event_subscribe(EV_ACCOUNT_FORGOTTEN, headless_on_account_forgotten, NULL);
	input_source =
	        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, headless_on_stdin, NULL);
	headless_print(json_pack("{s:s, s:s}", "event", "ready", "version", PACKAGE_VERSION));
	return 0;
}

static void
headless_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_clear_handle_id(&input_source, g_source_remove);
	g_clear_handle_id(&output_source, g_source_remove);
	if (input != NULL)
		g_string_free(input, TRUE);
	input = NULL;
	/* The last events are written even to a slow reader. */
	if (output != NULL) {
		headless_drain();
		g_string_free(output, TRUE);
	}
	output = NULL;
}

const struct app_frontend headless_frontend = {
	.name = "headless",
	.start = headless_start,
	.stop = headless_stop,
};
