/*
 * session-private.h: the session structure, for the files of src/xmpp only.
 */
#ifndef NATTER_XMPP_SESSION_PRIVATE_H
#define NATTER_XMPP_SESSION_PRIVATE_H

#include <gio/gio.h>
#include <strophe.h>

#include "xmpp/session.h"

struct session;
typedef void (*session_send_fn)(struct session *session, xmpp_stanza_t *stanza);

struct session {
	char *account;   /* account name */
	char *jid;       /* configured bare JID */
	char *bound_jid; /* full JID bound by the server, when online */
	enum session_state state;
	int busy; /* counted in netloop_busy() */
	xmpp_conn_t *conn;
	char *password;        /* from eval_password, wiped after use */
	GCancellable *cancel;  /* DNS and eval_password of this attempt */
	char *failure;         /* why the current attempt failed, when known */
	int user_disconnect;   /* the user asked to disconnect */
	int authenticated;     /* this attempt reached the CONNECT event */
	char *address;         /* "host port N" of this attempt, for messages */
	struct spawn *eval;    /* eval_password running, or NULL */
	guint attempt_source;  /* deadline of the current attempt's login */
	int attempt_expired;   /* that deadline passed */
	struct route *route;   /* places still to try (connect.c), or NULL */
	int show;              /* own presence: enum presence_show */
	char *status;          /* own status text, or NULL */
	int priority;          /* own priority */
	GPtrArray *requests;   /* session_request()s waiting for an answer */
	int roster_versioning; /* the server offered it (RFC 6121 2.6.1) */
	int csi;               /* the server offered client state indication */
	char *roster_version;  /* of the roster the model holds, or NULL */
	/* Test seam: where stanzas go (default: the connection). */
	session_send_fn send;
};

/* The answer to a request sent with session_request(): iq is the result
 * or error; data is the request's own. */
typedef void (*session_answer_fn)(struct session *session, xmpp_stanza_t *iq, void *data);

/*
 * Sends iq (which has an id) and calls answer once with its result or
 * error. data belongs to the request: free_data frees it after the answer,
 * or when the connection ends first (session_forget_requests()).
 */
void session_request(struct session *session, xmpp_stanza_t *iq, session_answer_fn answer,
                     void *data, GDestroyNotify free_data);

/* The connection ended: requests without an answer are dropped. */
void session_forget_requests(struct session *session);

/* Queues stanza on the session's connection and schedules a flush. */
void session_send(struct session *session, xmpp_stanza_t *stanza);

/* Creates a session not connected to anything, for unit tests that route
 * stanzas; send receives what the session would send. */
struct session *session_new_detached(const char *account, const char *jid, session_send_fn send);

/* Frees a detached session. */
void session_free_detached(struct session *session);

/* Sets the state and emits EV_SESSION_STATE. reason may be NULL. */
void session_set_state(struct session *session, enum session_state state, const char *reason,
                       int error);

/* Called by connect.c once the password and address are known. */
void session_start_stream(struct session *session, const char *host, unsigned port);

/* Called by connect.c when the attempt fails before a stream exists. */
void session_fail(struct session *session, const char *reason);

/* connect.c: obtains the password (running eval_password when needed) and
 * resolves the server, then calls session_start_stream(). */
void connect_begin(struct session *session);

/* connect.c: after failure (in words) to reach the current address, tries
 * the next address or target at the end of the loop turn. Returns 1 when
 * there was one, 0 when every place was tried. */
int connect_retry(struct session *session, const char *failure);

/* connect.c: wipes and frees the password eval_password gave (kept for
 * every address tried until login). */
void connect_forget_password(struct session *session);

/* connect.c: stops what connect_begin() started. */
void connect_cancel(struct session *session);

#endif
