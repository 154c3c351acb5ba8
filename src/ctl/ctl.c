/*
 * ctl.c: the control socket of a running natter (see ctl.h).
 *
 * Owns the listening socket, its GLib watch and the clients (each with its
 * fd, watches, input line buffer and bounded output buffer), from
 * ctl_start() to ctl_stop(). Nothing here blocks: client sockets are
 * non-blocking and written when poll says they take more.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cmd/eventjson.h"
#include "cmd/sendjob.h"
#include "config/paths.h"
#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "ctl/client.h"
#include "ctl/ctl.h"
#include "model/room.h"
#include "store/store.h"
#include "xmpp/session.h"

/* A request line longer than this is refused (a message of natter send
 * fits many times over). */
#define CTL_LINE_MAX (4 * 1024 * 1024)
/* Output a client has not read beyond this: it is dropped. */
#define CTL_OUTPUT_MAX (4 * 1024 * 1024)
/* Clients at once; more are refused. */
#define CTL_CLIENTS_MAX 64

struct ctl_client {
	int fd;
	guint in_source;  /* readable */
	guint out_source; /* writable, while output waits */
	GString *in, *out;
	int events;       /* streams events */
	int discarding;   /* skipping the rest of an over-long line */
	int dead;         /* dropped: freed at the end of the loop turn */
	int eof;          /* it has said all: it goes once answered */
	GPtrArray *sends; /* struct ctl_send: natter send's messages in flight */
};

/* A message natter send handed over, until the server has it. */
struct ctl_send {
	struct ctl_client *client;
	json_int_t seq;
	struct send_job *job;
};

static int listen_fd = -1;
static guint listen_source;
static guint accept_pause; /* not accepting for a while (out of fds) */
static int lock_fd = -1;   /* the profile's lock, held while listening */
static char *socket_path;
static GPtrArray *clients; /* of struct ctl_client */
static guint reap_source;  /* frees the dead clients */
static guint flush_idle;   /* writes the turn's lines at its end */
static const struct cmd_frontend *commands_frontend;
static unsigned subscriptions[32];

static void ctl_client_drop(struct ctl_client *client, const char *why);

/* A client that has said all (closed, or half-closed: nc -N, socat) goes
 * once its answers are written, unless it streams events. */
static void
ctl_client_maybe_done(struct ctl_client *client)
{
	if (client->eof && !client->dead && !client->events && client->out->len == 0 &&
	    client->sends->len == 0)
		ctl_client_drop(client, NULL);
}

char *
ctl_socket_path(char **cause)
{
	char *name = g_strconcat(paths_profile(), ".sock", NULL);
	char *path = g_build_filename(g_get_user_runtime_dir(), "natter", name, NULL);

	g_free(name);
	if (strlen(path) >= sizeof(((struct sockaddr_un *)NULL)->sun_path)) {
		*cause = g_strdup_printf("the control socket's path %s is too long for a socket "
		                         "(set XDG_RUNTIME_DIR to a shorter directory)",
		                         path);
		g_free(path);
		return NULL;
	}
	return path;
}

int
ctl_check_peer(int fd, uid_t uid, char **cause)
{
	struct ucred cred;
	socklen_t length = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == -1) {
		*cause = g_strdup_printf("cannot tell who connected: %s", g_strerror(errno));
		return -1;
	}
	if (cred.uid != uid) {
		*cause = g_strdup_printf("refused a connection from uid %u (pid %d): only uid %u "
		                         "may control this natter",
		                         (unsigned)cred.uid, (int)cred.pid, (unsigned)uid);
		return -1;
	}
	return 0;
}

/* ---- output ---- */

static gboolean ctl_on_writable(gint fd, GIOCondition condition, gpointer userdata);

/* Writes what the client takes now; the rest waits for its socket. */
static void
ctl_client_flush(struct ctl_client *client)
{
	/* A line a client reads tells of a stored message. */
	store_flush();
	while (!client->dead && client->out->len > 0) {
		ssize_t n = send(client->fd, client->out->str, client->out->len, MSG_NOSIGNAL);
		if (n > 0) {
			g_string_erase(client->out, 0, n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (client->out_source == 0)
				client->out_source = g_unix_fd_add(client->fd, G_IO_OUT,
				                                   ctl_on_writable, client);
			return;
		}
		ctl_client_drop(client, NULL); /* gone */
		return;
	}
	g_clear_handle_id(&client->out_source, g_source_remove);
	ctl_client_maybe_done(client);
}

static gboolean
ctl_on_writable(gint fd, GIOCondition condition, gpointer userdata)
{
	struct ctl_client *client = userdata;

	client->out_source = 0;
	ctl_client_flush(client);
	return G_SOURCE_REMOVE;
}

static gboolean
ctl_on_flush_idle(gpointer userdata)
{
	flush_idle = 0;
	for (guint i = 0; clients != NULL && i < clients->len; i++) {
		struct ctl_client *client = clients->pdata[i];
		if (client->out_source == 0)
			ctl_client_flush(client);
	}
	return G_SOURCE_REMOVE;
}

/* Queues object (taken) as a line for the client. A client that has left
 * this much unread is dropped: natter never waits for it. */
static void
ctl_client_print(struct ctl_client *client, json_t *object)
{
	char *line = eventjson_line(object);

	if (line == NULL || client->dead) {
		g_free(line);
		return;
	}
	if (client->out->len + strlen(line) > CTL_OUTPUT_MAX) {
		g_free(line);
		ctl_client_drop(client, "it left 4 MiB of output unread");
		return;
	}
	g_string_append(client->out, line);
	g_free(line);
	/* Written at the end of the loop turn, after the history has
	 * committed what the line tells (store.c). */
	if (flush_idle == 0)
		flush_idle =
		        g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, ctl_on_flush_idle, NULL, NULL);
}

/* ---- requests ---- */

/* The unread counts of the frontend's windows: totals, per account, per
 * window (those with any). */
static json_t *
ctl_unread_object(void)
{
	GPtrArray *list = commands_frontend->activity ? commands_frontend->activity() : NULL;
	json_t *windows = json_array(), *accounts = json_object();
	json_int_t unread = 0, highlights = 0;

	for (guint i = 0; list != NULL && i < list->len; i++) {
		const struct cmd_activity *a = list->pdata[i];
		unread += a->unread;
		highlights += a->highlights;
		json_array_append_new(windows,
		                      json_pack("{s:i, s:o, s:o, s:i, s:i}", "number", a->number,
		                                "name", eventjson_string(a->name), "account",
		                                eventjson_string(a->account), "unread", a->unread,
		                                "highlights", a->highlights));
		if (a->account != NULL) {
			json_t *account = json_object_get(accounts, a->account);
			if (account == NULL) {
				account = json_pack("{s:i, s:i}", "unread", 0, "highlights", 0);
				json_object_set_new(accounts, a->account, account);
			}
			json_object_set_new(account, "unread",
			                    json_integer(json_integer_value(json_object_get(
			                                         account, "unread")) +
			                                 a->unread));
			json_object_set_new(account, "highlights",
			                    json_integer(json_integer_value(json_object_get(
			                                         account, "highlights")) +
			                                 a->highlights));
		}
	}
	if (list != NULL)
		g_ptr_array_free(list, TRUE);
	return json_pack("{s:s, s:I, s:I, s:o, s:o}", "event", "unread", "unread", unread,
	                 "highlights", highlights, "accounts", accounts, "windows", windows);
}

static void
ctl_reply_error(struct ctl_client *client, json_int_t seq, const char *text)
{
	ctl_client_print(client, json_pack("{s:s, s:I, s:o, s:b, s:s}", "event", "result", "seq",
	                                   seq, "command", json_null(), "ok", 0, "error", text));
}

static const char *const send_outcomes[] = {
	[SEND_OK] = "ok",     [SEND_RECIPIENT] = "recipient",     [SEND_INVALID] = "invalid",
	[SEND_LOST] = "lost", [SEND_NOT_IN_ROOM] = "not_in_room",
};

static void
ctl_on_sent(enum send_outcome outcome, const char *error, void *data)
{
	struct ctl_send *send = data;
	struct ctl_client *client = send->client;
	json_t *object = json_pack("{s:s, s:I, s:s, s:b, s:s}", "event", "result", "seq", send->seq,
	                           "command", "send", "ok", outcome == SEND_OK, "outcome",
	                           send_outcomes[outcome]);

	if (error != NULL)
		json_object_set_new(object, "error", eventjson_string(error));
	/* The job frees itself after this. */
	g_ptr_array_remove(client->sends, send);
	ctl_client_print(client, object);
	ctl_client_maybe_done(client);
}

/* Why this natter cannot send request for natter send (it then logs in
 * itself), or NULL: the account must be online here, and in the rooms. */
static char *
ctl_send_unable(struct session *session, const char *account, const struct send_request *request,
                const char *const *to)
{
	if (session == NULL || session_state(session) != SESSION_ONLINE)
		return g_strdup_printf("%s is not online in the running natter", account);
	for (; request->room && *to != NULL; to++) {
		char *bare = jid_bare_of(*to);
		const struct room *room = bare ? room_find(account, bare) : NULL;
		int in = room != NULL && room->state == ROOM_JOINED;
		g_free(bare);
		if (!in)
			return g_strdup_printf("the running natter is not in %s", *to);
	}
	return NULL;
}

/* natter send's message: sent by the running natter (which shows it in
 * its windows) when the account is online here and in the rooms named;
 * else "fallback" tells natter send to log in itself. */
static void
ctl_send(struct ctl_client *client, const struct ctl_request *spec)
{
	json_int_t seq = spec->seq;
	struct session *session = session_find(spec->account);
	struct send_request request = {
		.room = spec->room,
		.headline = spec->headline,
		.subject = spec->subject,
		.text = spec->text,
	};
	const char *const *to = (const char *const *)spec->to->pdata;
	struct ctl_send *send;
	char *why;

	if ((why = ctl_send_unable(session, spec->account, &request, to)) != NULL) {
		ctl_client_print(client,
		                 json_pack("{s:s, s:I, s:s, s:b, s:s, s:s, s:b}", "event", "result",
		                           "seq", seq, "command", "send", "ok", 0, "error", why,
		                           "outcome", "fallback", "fallback", 1));
		g_free(why);
	} else if (spec->probe) {
		ctl_client_print(client,
		                 json_pack("{s:s, s:I, s:s, s:b, s:s}", "event", "result", "seq",
		                           seq, "command", "send", "ok", 1, "outcome", "ok"));
	} else {
		request.to = to;
		send = g_new0(struct ctl_send, 1);
		send->client = client;
		send->seq = seq;
		g_ptr_array_add(client->sends, send);
		send->job = send_job_start(session, &request, ctl_on_sent, send);
	}
}

/* natter send's message: every part of the right type. */
static int
ctl_request_read_send(json_t *spec, struct ctl_request *request)
{
	json_t *to = json_object_get(spec, "to"), *subject = json_object_get(spec, "subject");

	request->kind = CTL_SEND;
	request->account = json_string_value(json_object_get(spec, "account"));
	request->text = json_string_value(json_object_get(spec, "text"));
	request->subject = json_string_value(subject);
	request->room = json_is_true(json_object_get(spec, "room"));
	request->headline = json_is_true(json_object_get(spec, "headline"));
	request->probe = json_is_true(json_object_get(spec, "probe"));
	request->to = g_ptr_array_new();
	for (size_t i = 0; json_is_array(to) && i < json_array_size(to); i++) {
		if (json_is_string(json_array_get(to, i)))
			g_ptr_array_add(request->to,
			                (gpointer)json_string_value(json_array_get(to, i)));
	}
	g_ptr_array_add(request->to, NULL);
	return request->account != NULL && request->text != NULL && request->to->len >= 2 &&
	                       request->to->len - 1 == json_array_size(to) &&
	                       (subject == NULL || json_is_string(subject) || json_is_null(subject))
	               ? 0
	               : -1;
}

int
ctl_request_read(const char *line, struct ctl_request *request, char **error)
{
	json_error_t parse_error;
	json_t *json = json_loads(line, JSON_REJECT_DUPLICATES, &parse_error), *member;

	memset(request, 0, sizeof *request);
	request->json = json;
	if (json == NULL || !json_is_object(json)) {
		*error = g_strdup_printf("not a JSON object: %s",
		                         json ? "another JSON value" : parse_error.text);
		return -1;
	}
	if ((member = json_object_get(json, "seq")) != NULL && json_is_integer(member))
		request->seq = json_integer_value(member);
	if ((member = json_object_get(json, "command")) != NULL && json_is_string(member)) {
		request->kind = CTL_COMMAND;
		request->command = json_string_value(member);
	} else if (json_is_true(json_object_get(json, "unread"))) {
		request->kind = CTL_UNREAD;
	} else if ((member = json_object_get(json, "send")) != NULL && json_is_object(member)) {
		if (ctl_request_read_send(member, request) == -1) {
			*error = g_strdup("send: give \"account\", \"to\" (strings) and \"text\"");
			return -1;
		}
	} else if (json_is_true(json_object_get(json, "events"))) {
		request->kind = CTL_EVENTS;
	} else {
		*error = g_strdup("a request has a \"command\" (string), \"send\" (object), "
		                  "\"unread\": true or \"events\": true");
		return -1;
	}
	return 0;
}

void
ctl_request_clear(struct ctl_request *request)
{
	if (request->to != NULL)
		g_ptr_array_free(request->to, TRUE);
	json_decref(request->json);
	memset(request, 0, sizeof *request);
}

static void
ctl_handle(struct ctl_client *client, const char *line)
{
	struct ctl_request request;
	char *error = NULL;

	if (ctl_request_read(line, &request, &error) == -1) {
		ctl_reply_error(client, request.seq, error);
		g_free(error);
		ctl_request_clear(&request);
		return;
	}
	switch (request.kind) {
	case CTL_COMMAND: {
		struct cmd_context context = { .frontend = commands_frontend };
		struct cmd_result result;
		cmd_execute(&context, request.command, &result);
		ctl_client_print(client, eventjson_result(&result, request.seq));
		cmd_result_clear(&result);
		break;
	}
	case CTL_UNREAD: {
		json_t *object = ctl_unread_object();
		json_object_set_new(object, "seq", json_integer(request.seq));
		ctl_client_print(client, object);
		break;
	}
	case CTL_SEND:
		ctl_send(client, &request);
		break;
	case CTL_EVENTS:
		client->events = 1;
		ctl_client_print(client, json_pack("{s:s, s:I, s:o, s:b}", "event", "result", "seq",
		                                   request.seq, "command", json_null(), "ok", 1));
		break;
	}
	ctl_request_clear(&request);
}

static void
ctl_take_lines(struct ctl_client *client)
{
	char *newline;

	while (!client->dead && (newline = memchr(client->in->str, '\n', client->in->len))) {
		size_t length = (size_t)(newline - client->in->str);
		*newline = '\0';
		if (client->discarding)
			client->discarding = 0;
		else if (length > 0)
			ctl_handle(client, client->in->str);
		g_string_erase(client->in, 0, (gssize)length + 1);
	}
	if (!client->dead && client->in->len > CTL_LINE_MAX) {
		ctl_reply_error(client, 0, "request longer than 4 MiB ignored");
		g_string_truncate(client->in, 0);
		client->discarding = 1;
	}
}

static gboolean
ctl_on_readable(gint fd, GIOCondition condition, gpointer userdata)
{
	struct ctl_client *client = userdata;
	char chunk[16384];
	ssize_t n = recv(fd, chunk, sizeof chunk, 0);

	if (n > 0) {
		g_string_append_len(client->in, chunk, n);
		ctl_take_lines(client);
		return G_SOURCE_CONTINUE;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return G_SOURCE_CONTINUE;
	if (n == -1) {
		ctl_client_drop(client, NULL);
		return G_SOURCE_CONTINUE; /* removed by the drop */
	}
	/* End of its requests: what they asked for is still written. */
	client->in_source = 0;
	client->eof = 1;
	ctl_client_maybe_done(client);
	return G_SOURCE_REMOVE;
}

/* ---- clients ---- */

static void
ctl_client_free(gpointer pointer)
{
	struct ctl_client *client = pointer;

	/* Messages it handed over still go; only their answer is dropped. */
	for (guint i = 0; i < client->sends->len; i++) {
		struct ctl_send *send = client->sends->pdata[i];
		send_job_cancel(send->job);
	}
	g_ptr_array_unref(client->sends);
	g_clear_handle_id(&client->in_source, g_source_remove);
	g_clear_handle_id(&client->out_source, g_source_remove);
	close(client->fd);
	g_string_free(client->in, TRUE);
	g_string_free(client->out, TRUE);
	g_free(client);
}

static gboolean
ctl_on_reap(gpointer userdata)
{
	reap_source = 0;
	for (guint i = clients->len; i > 0; i--) {
		const struct ctl_client *client = clients->pdata[i - 1];
		if (client->dead)
			g_ptr_array_remove_index(clients, i - 1);
	}
	return G_SOURCE_REMOVE;
}

/* The client stops here: no more input or output; it is freed at the end
 * of the loop turn, so that whoever holds it now may still look at it. */
static void
ctl_client_drop(struct ctl_client *client, const char *why)
{
	if (client->dead)
		return;
	client->dead = 1;
	g_clear_handle_id(&client->in_source, g_source_remove);
	g_clear_handle_id(&client->out_source, g_source_remove);
	if (reap_source == 0)
		reap_source = g_idle_add(ctl_on_reap, NULL);
	if (why != NULL)
		event_log(NULL, LOG_WARNING, "control socket: a client was dropped: %s", why);
}

static gboolean ctl_on_connection(gint fd, GIOCondition condition, gpointer userdata);

static gboolean
ctl_on_accept_pause(gpointer userdata)
{
	accept_pause = 0;
	listen_source = g_unix_fd_add(listen_fd, G_IO_IN, ctl_on_connection, NULL);
	return G_SOURCE_REMOVE;
}

static gboolean
ctl_on_connection(gint fd, GIOCondition condition, gpointer userdata)
{
	/* cppcheck-suppress nullPointer ; accept4(2) takes NULL addr and addrlen (gnu.cfg says not)
	 */
	int client_fd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct ctl_client *client;
	char *cause = NULL;

	if (client_fd == -1 && (errno == EMFILE || errno == ENFILE)) {
		/* Out of descriptors: the connection stays queued, and would
		 * wake natter again at once; listen again in a second. */
		event_log(NULL, LOG_WARNING, "control socket: %s; not accepting for a second",
		          g_strerror(errno));
		listen_source = 0;
		accept_pause = g_timeout_add_seconds(1, ctl_on_accept_pause, NULL);
		return G_SOURCE_REMOVE;
	}
	if (client_fd == -1)
		return G_SOURCE_CONTINUE;
	if (ctl_check_peer(client_fd, geteuid(), &cause) == -1 || clients->len >= CTL_CLIENTS_MAX) {
		event_log(NULL, LOG_WARNING, "control socket: %s",
		          cause ? cause : "too many clients at once");
		g_free(cause);
		close(client_fd);
		return G_SOURCE_CONTINUE;
	}
	client = g_new0(struct ctl_client, 1);
	client->fd = client_fd;
	client->in = g_string_new(NULL);
	client->out = g_string_new(NULL);
	client->sends = g_ptr_array_new_with_free_func(g_free);
	client->in_source =
	        g_unix_fd_add(client_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, ctl_on_readable, client);
	g_ptr_array_add(clients, client);
	ctl_client_print(client, json_pack("{s:s, s:s, s:i, s:i}", "event", "ready", "version",
	                                   PACKAGE_VERSION, "schema", EVENTJSON_VERSION, "pid",
	                                   (int)getpid()));
	return G_SOURCE_CONTINUE;
}

/* Each event with a JSON form goes to the clients that asked for events;
 * a change of the windows' unread counts as an "activity" object. */
static void
ctl_on_event(const struct event *event, void *userdata)
{
	json_t *object = NULL;

	for (guint i = clients->len; i > 0; i--) {
		struct ctl_client *client = clients->pdata[i - 1];
		if (!client->events || client->dead)
			continue;
		if (object == NULL && event->type == EV_ACTIVITY) {
			object = ctl_unread_object();
			json_object_set_new(object, "event", json_string("activity"));
		} else if (object == NULL) {
			object = eventjson(event);
		}
		if (object == NULL)
			return;
		ctl_client_print(client, json_incref(object));
	}
	json_decref(object);
}

/* ---- the socket ---- */

/* The directory of the socket: made 0700, and refused when it is not
 * this user's alone (the socket's mode is the real guard; this one keeps
 * others from even seeing or replacing it). */
static int
ctl_private_dir(const char *dir, char **cause)
{
	struct stat st;

	if (paths_ensure_private_dir(dir, cause) == -1)
		return -1;
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		*cause = g_strdup_printf("the control socket's directory %s is not private to "
		                         "you (it must be yours, mode 0700)",
		                         dir);
		return -1;
	}
	return 0;
}

/* The profile's lock (PROFILE.lock beside the socket), held while the
 * socket is natter's: another natter of the profile, even one starting
 * at the same moment, cannot take or remove it. Returns the locked fd,
 * or -1 and *cause. */
static int
ctl_lock(const char *path, char **cause)
{
	char *lock = g_strconcat(path, ".lock", NULL);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd == -1) {
		*cause = g_strdup_printf("cannot open %s: %s", lock, g_strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		*cause = g_strdup_printf("another natter of this configuration has the control "
		                         "socket %s; natter ctl and natter send go to that one",
		                         path);
		close(fd);
		fd = -1;
	}
	g_free(lock);
	return fd;
}

int
ctl_start(const struct cmd_frontend *frontend, char **cause)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	char *path = ctl_socket_path(cause), *dir;
	mode_t old_mask;
	int fd, ret;

	if (path == NULL)
		return -1;
	dir = g_path_get_dirname(path);
	ret = ctl_private_dir(dir, cause);
	g_free(dir);
	if (ret == 0)
		lock_fd = ctl_lock(path, cause);
	if (ret == -1 || lock_fd == -1) {
		g_free(path);
		return -1;
	}
	g_unlink(path); /* stale, from a natter that did not stop cleanly */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	g_strlcpy(address.sun_path, path, sizeof address.sun_path);
	/* 0600 from the start: no moment when others could connect. */
	old_mask = umask(0177);
	ret = fd == -1 ? -1 : bind(fd, (struct sockaddr *)&address, sizeof address);
	umask(old_mask);
	if (ret == -1 || listen(fd, 16) == -1) {
		*cause = g_strdup_printf("cannot listen on %s: %s", path, g_strerror(errno));
		if (fd != -1)
			close(fd);
		close(lock_fd);
		lock_fd = -1;
		g_free(path);
		return -1;
	}
	listen_fd = fd;
	socket_path = path;
	commands_frontend = frontend;
	clients = g_ptr_array_new_with_free_func(ctl_client_free);
	listen_source = g_unix_fd_add(fd, G_IO_IN, ctl_on_connection, NULL);
	g_assert(eventjson_type_count + 1 <= G_N_ELEMENTS(subscriptions));
	for (size_t i = 0; i < eventjson_type_count; i++)
		subscriptions[i] = event_subscribe(eventjson_types[i], ctl_on_event, NULL);
	subscriptions[eventjson_type_count] = event_subscribe(EV_ACTIVITY, ctl_on_event, NULL);
	log_write(LOG_INFO, NULL, "control socket: %s", path);
	return 0;
}

void
ctl_stop(void)
{
	if (listen_fd == -1)
		return;
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_clear_handle_id(&listen_source, g_source_remove);
	g_clear_handle_id(&accept_pause, g_source_remove);
	close(listen_fd);
	listen_fd = -1;
	/* The last turn's lines, as far as the clients take them now; the
	 * rest is theirs only while natter runs. */
	for (guint i = 0; i < clients->len; i++)
		ctl_client_flush(clients->pdata[i]);
	g_clear_handle_id(&reap_source, g_source_remove);
	g_clear_handle_id(&flush_idle, g_source_remove);
	g_clear_pointer(&clients, g_ptr_array_unref);
	g_unlink(socket_path);
	g_clear_pointer(&socket_path, g_free);
	/* The lock file stays (removing it would race a natter starting). */
	close(lock_fd);
	lock_fd = -1;
	commands_frontend = NULL;
}

const struct app_service ctl_service = {
	.start = ctl_start,
	.stop = ctl_stop,
	.subcommand = "ctl",
	.run = ctl_main,
};
