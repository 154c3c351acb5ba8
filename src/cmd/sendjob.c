/*
 * sendjob.c: one message to its recipients, until the server has it (see
 * sendjob.h).
 *
 * Owns each job from send_job_start() until its done callback has run (or
 * send_job_cancel()): its copy of the request, the ids it waits for, the
 * rooms it entered (and leaves at the end) and its event subscriptions.
 */
#include "config.h"

#include <string.h>

#include "cmd/sendjob.h"
#include "core/event.h"
#include "core/jid.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/chat.h"
#include "xmpp/muc.h"
#include "xmpp/session.h"

struct send_job {
	guint serial; /* names the job for its round trip's answer */
	char *account;
	struct session *session;
	char **to;
	int room, join, headline;
	char *subject, *text;
	GHashTable *chat_ids; /* ids of the messages to contacts (set) */
	GHashTable *waiting;  /* room -> id of the message awaiting its reflection */
	GHashTable *entering; /* rooms being entered (set) */
	GPtrArray *entered;   /* rooms this job entered: left at the end */
	int trip_pending;     /* the round trip after the chat messages */
	int finished;
	enum send_outcome outcome;
	char *error;
	unsigned subscriptions[4];
	guint finish_source;
	send_done_fn done;
	void *data;
};

/* Jobs not yet freed: a round trip's answer finds its job here by serial
 * (the job may have been cancelled meanwhile, and another allocated at
 * the same address). */
static GPtrArray *jobs;
static guint next_serial;

static void
send_job_free(struct send_job *job)
{
	event_unsubscribe_all(job->subscriptions, G_N_ELEMENTS(job->subscriptions));
	g_clear_handle_id(&job->finish_source, g_source_remove);
	g_ptr_array_remove(jobs, job);
	if (jobs->len == 0)
		g_clear_pointer(&jobs, g_ptr_array_unref);
	g_free(job->account);
	g_strfreev(job->to);
	g_free(job->subject);
	g_free(job->text);
	g_hash_table_destroy(job->chat_ids);
	g_hash_table_destroy(job->waiting);
	g_hash_table_destroy(job->entering);
	g_ptr_array_unref(job->entered);
	g_free(job->error);
	g_free(job);
}

static gboolean
send_job_on_finish(gpointer userdata)
{
	struct send_job *job = userdata;

	job->finish_source = 0;
	job->done(job->outcome, job->error, job->data);
	send_job_free(job);
	return G_SOURCE_REMOVE;
}

/* The job ends with outcome (the first one that is not SEND_OK stands):
 * the rooms it entered are left, and done runs from the loop. */
static void
send_job_finish(struct send_job *job, enum send_outcome outcome, const char *error)
{
	if (job->finished)
		return;
	job->finished = 1;
	job->outcome = outcome;
	job->error = g_strdup(error);
	event_unsubscribe_all(job->subscriptions, G_N_ELEMENTS(job->subscriptions));
	if (session_state(job->session) == SESSION_ONLINE) {
		for (guint i = 0; i < job->entered->len; i++) {
			char *cause = NULL;
			if (muc_leave(job->session, job->entered->pdata[i], NULL, &cause) == -1)
				g_free(cause);
		}
	}
	job->finish_source = g_idle_add(send_job_on_finish, job);
}

/* Done when nothing is awaited any more. */
static void
send_job_check(struct send_job *job)
{
	if (!job->finished && !job->trip_pending && g_hash_table_size(job->waiting) == 0 &&
	    g_hash_table_size(job->entering) == 0)
		send_job_finish(job, SEND_OK, NULL);
}

static void
send_job_on_trip(void *data)
{
	guint serial = GPOINTER_TO_UINT(data);

	for (guint i = 0; jobs != NULL && i < jobs->len; i++) {
		struct send_job *job = jobs->pdata[i];
		/* Cancelled or finished meanwhile: not there, or nothing to do. */
		if (job->serial == serial && !job->finished) {
			job->trip_pending = 0;
			send_job_check(job);
			return;
		}
	}
}

/* The group message to room, now that the account is in it. */
static void
send_job_to_room(struct send_job *job, const char *room)
{
	char *id = NULL, *cause = NULL;

	if (chat_send_extra(job->session, room, job->text, NULL, &id, &cause) == -1) {
		char *error = g_strdup_printf("%s: %s", room, cause);
		send_job_finish(job, SEND_INVALID, error);
		g_free(error);
		g_free(cause);
		return;
	}
	g_hash_table_replace(job->waiting, g_strdup(room), id);
}

static void
send_job_on_room(const struct event *event, void *userdata)
{
	struct send_job *job = userdata;
	const struct room *room = event->u.room.room;

	if (strcmp(event->account, job->account) != 0 ||
	    !g_hash_table_contains(job->entering, room->jid))
		return;
	if (event->u.room.change == ROOM_CHANGE_JOINED) {
		g_hash_table_remove(job->entering, room->jid);
		g_ptr_array_add(job->entered, g_strdup(room->jid));
		send_job_to_room(job, room->jid);
	} else if (event->u.room.change == ROOM_CHANGE_REFUSED ||
	           event->u.room.change == ROOM_CHANGE_LEFT) {
		char *error = g_strdup_printf("%s: cannot enter the room: %s", room->jid,
		                              event->u.room.text ? event->u.room.text : "refused");
		g_hash_table_remove(job->entering, room->jid);
		send_job_finish(job, SEND_RECIPIENT, error);
		g_free(error);
	}
}

/* A room sent one of ours back: the room has it. */
static void
send_job_on_update(const struct event *event, void *userdata)
{
	struct send_job *job = userdata;
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;
	const char *id;

	if (strcmp(event->account, job->account) != 0 || m->direction != MESSAGE_OUT ||
	    m->delivery != DELIVERY_DELIVERED)
		return;
	id = g_hash_table_lookup(job->waiting, c->peer);
	if (id != NULL && g_strcmp0(id, m->id) == 0) {
		g_hash_table_remove(job->waiting, c->peer);
		send_job_check(job);
	}
}

/* An error that names one of ours: that recipient bounced it. */
static void
send_job_on_message(const struct event *event, void *userdata)
{
	struct send_job *job = userdata;
	const struct message *m = event->u.message.message;
	const char *peer = event->u.message.conversation->peer;
	char *error;

	if (strcmp(event->account, job->account) != 0 || m->type != MESSAGE_ERROR || m->id == NULL)
		return;
	if (!g_hash_table_contains(job->chat_ids, m->id) &&
	    g_strcmp0(g_hash_table_lookup(job->waiting, peer), m->id) != 0)
		return;
	error = g_strdup_printf("%s: %s", m->from ? m->from : peer,
	                        m->error ? m->error : "the message was refused");
	send_job_finish(job, SEND_RECIPIENT, error);
	g_free(error);
}

static void
send_job_on_session(const struct event *event, void *userdata)
{
	struct send_job *job = userdata;

	if (strcmp(event->account, job->account) == 0 && event->u.session.state != SESSION_ONLINE)
		send_job_finish(job, SEND_LOST,
		                "the connection ended before the server confirmed the message");
}

/* The room address of text: bare and normalised, or NULL. */
static char *
send_job_room_address(const char *text)
{
	struct jid jid;
	char *why = NULL, *bare = NULL;

	if (jid_parse(text, &jid, &why) == 0) {
		if (jid.local != NULL && jid.resource == NULL)
			bare = jid_bare(&jid);
		jid_clear(&jid);
	}
	g_free(why);
	return bare;
}

/* One recipient: a contact's message goes now; a room's once the account
 * is in the room. Returns 0, or -1 when the job finished. */
static int
send_job_recipient(struct send_job *job, const char *to)
{
	char *id = NULL, *cause = NULL, *error, *address;
	struct chat_extras extras = { .subject = job->subject, .headline = job->headline };
	const struct room *room;
	int ret = 0;

	if (!job->room) {
		if (chat_send_extra(job->session, to, job->text, &extras, &id, &cause) == 0) {
			g_hash_table_add(job->chat_ids, id);
			return 0;
		}
		error = g_strdup_printf("%s: %s", to, cause);
		send_job_finish(job, SEND_INVALID, error);
		g_free(error);
		g_free(cause);
		return -1;
	}
	address = send_job_room_address(to);
	room = address ? room_find(job->account, address) : NULL;
	if (address == NULL) {
		error = g_strdup_printf("'%s' is not a room address (ROOM@SERVICE)", to);
		send_job_finish(job, SEND_INVALID, error);
		g_free(error);
		ret = -1;
	} else if (room != NULL && room->state == ROOM_JOINED) {
		send_job_to_room(job, address);
		ret = job->finished ? -1 : 0;
	} else if (!job->join) {
		error = g_strdup_printf("%s is not in %s", job->account, address);
		send_job_finish(job, SEND_NOT_IN_ROOM, error);
		g_free(error);
		ret = -1;
	} else if (muc_join(job->session, address, NULL, NULL, &cause) == 0) {
		g_hash_table_add(job->entering, g_strdup(address));
	} else {
		error = g_strdup_printf("%s: %s", address, cause);
		send_job_finish(job, SEND_RECIPIENT, error);
		g_free(error);
		g_free(cause);
		ret = -1;
	}
	g_free(address);
	return ret;
}

static int
send_job_check_request(struct send_job *job)
{
	char *cause = NULL, *error = NULL;

	if (chat_check_text(job->text, &cause) == -1) {
		error = cause;
	} else if (job->subject != NULL && chat_check_text(job->subject, &cause) == -1) {
		error = g_strdup_printf("the subject: %s", cause);
		g_free(cause);
	}
	for (char **to = job->to; error == NULL && *to != NULL; to++) {
		char *address = job->room ? send_job_room_address(*to) : NULL;
		if (job->room && address == NULL)
			error = g_strdup_printf("'%s' is not a room address (ROOM@SERVICE)", *to);
		else if (!job->room && !jid_is_valid(*to))
			error = g_strdup_printf("'%s' is not a valid JID", *to);
		g_free(address);
	}
	if (error == NULL)
		return 0;
	send_job_finish(job, SEND_INVALID, error);
	g_free(error);
	return -1;
}

struct send_job *
send_job_start(struct session *session, const struct send_request *request, send_done_fn done,
               void *data)
{
	struct send_job *job = g_new0(struct send_job, 1);

	job->serial = ++next_serial;
	job->account = g_strdup(session_account(session));
	job->session = session;
	job->to = g_strdupv((char **)request->to);
	job->room = request->room;
	job->join = request->join;
	job->headline = request->headline;
	job->subject = g_strdup(request->subject);
	job->text = g_strdup(request->text);
	job->chat_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	job->waiting = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	job->entering = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	job->entered = g_ptr_array_new_with_free_func(g_free);
	job->done = done;
	job->data = data;
	if (jobs == NULL)
		jobs = g_ptr_array_new();
	g_ptr_array_add(jobs, job);
	job->subscriptions[0] = event_subscribe(EV_ROOM, send_job_on_room, job);
	job->subscriptions[1] = event_subscribe(EV_MESSAGE_UPDATED, send_job_on_update, job);
	job->subscriptions[2] = event_subscribe(EV_MESSAGE_ADDED, send_job_on_message, job);
	job->subscriptions[3] = event_subscribe(EV_SESSION_STATE, send_job_on_session, job);
	if (session_state(session) != SESSION_ONLINE) {
		send_job_finish(job, SEND_LOST, "the account is not online");
		return job;
	}
	/* Every recipient and the text checked first: nothing goes out
	 * unless all of it can. */
	if (send_job_check_request(job) == -1)
		return job;
	for (char **to = job->to; *to != NULL; to++) {
		if (send_job_recipient(job, *to) == -1)
			return job;
	}
	if (g_hash_table_size(job->chat_ids) > 0) {
		job->trip_pending = 1;
		session_round_trip(session, send_job_on_trip, GUINT_TO_POINTER(job->serial));
	}
	send_job_check(job);
	return job;
}

void
send_job_cancel(struct send_job *job)
{
	send_job_free(job);
}
