/*
 * session-private.h: the session structure, for the files of src/xmpp only.
 */
#ifndef NATTER_XMPP_SESSION_PRIVATE_H
#define NATTER_XMPP_SESSION_PRIVATE_H

#include <gio/gio.h>
#include <strophe.h>

#include "core/ratelimit.h"
#include "model/conversation.h"
#include "xmpp/session.h"

struct session;
typedef void (*session_send_fn)(struct session *session, xmpp_stanza_t *stanza);

struct session {
	char *account;          /* account name */
	char *jid;              /* configured bare JID */
	char *bound_jid;        /* full JID bound by the server, when online */
	int oneshot;            /* natter send's: quiet, no reconnection */
	char *mam_query;        /* the archive query being answered (mam.c), or NULL */
	int mam_forward;        /* it reads forward from a position (more pages may come) */
	gint64 mam_started;     /* when the reading began (the next one's 'since') */
	GPtrArray *mam_fetches; /* fetches for the user under way (mam-fetch.c) */
	int mam_fresh;          /* backfill messages the history did not have */
	int sid_trusted;        /* the account announces urn:xmpp:sid:0 (XEP-0359 §4) */
	unsigned mam_pages;     /* pages fetched backwards so far (serials) */
	unsigned mam_page;      /* the serial of the page being read backwards, or 0 */
	char *resource;         /* natter send's own resource, or NULL */
	enum session_state state;
	int busy; /* counted in netloop_busy() */
	xmpp_conn_t *conn;
	char *password;             /* from eval_password or /password, kept until disconnected */
	GCancellable *cancel;       /* DNS and eval_password of this attempt */
	char *failure;              /* why the current attempt failed, when known */
	int user_disconnect;        /* the user asked to disconnect */
	int authenticated;          /* this attempt reached the CONNECT event */
	char *address;              /* "host port N" of this attempt, for messages */
	struct spawn *eval;         /* eval_password running, or NULL */
	guint attempt_source;       /* deadline of the current attempt's login */
	int attempt_expired;        /* that deadline passed */
	struct route *route;        /* places still to try (connect.c), or NULL */
	int show;                   /* own presence: enum presence_show */
	char *status;               /* own status text, or NULL */
	int priority;               /* own priority */
	GPtrArray *requests;        /* session_request()s waiting for an answer */
	int roster_versioning;      /* the server offered it (RFC 6121 2.6.1) */
	int csi;                    /* the server offered client state indication */
	char *roster_version;       /* of the roster the model holds, or NULL */
	char *nick;                 /* the user's nickname as published (XEP-0172) */
	xmpp_ctx_t *ctx;            /* this session's libstrophe context */
	struct tls_seen *seen_cert; /* the certificate presented last (tls.c) */
	char *cert_problem;         /* why verification failed, until decided */
	int cert_unchecked;         /* accepted in the handshake, not yet decided */
	/* What this attempt's log said (session-log.c). */
	char *sasl_failure;      /* the server's SASL failure, in words */
	char *strophe_error;     /* libstrophe's last error line */
	char *transport_failure; /* why TCP failed, in words */
	int link_error;          /* errno libstrophe's TLS layer logged as the stream broke, or 0 */
	int sm_offered;          /* stream features offered XEP-0198 */
	int resumed;             /* the server resumed the previous session */
	long failed_h;           /* h of that <failed/>, or -1 */
	long resumed_h;          /* h of <resumed/>: what the server had, or -1 */
	/* Reliability (reconnect.c). */
	int was_online;                 /* online since the user's /connect */
	int reconnecting;               /* this attempt reconnects a lost session */
	int restart_fresh;              /* drop this connection, log in again at once */
	int at_once;                    /* reconnect without waiting (/reconnect now) */
	xmpp_sm_state_t *sm_state;      /* the lost connection's, for resumption */
	int sm_state_given;             /* this attempt's connection was given one */
	GPtrArray *unsent;              /* stanzas the lost connection never wrote */
	unsigned backoff_s;             /* the last delay before reconnecting, 0: none */
	guint reconnect_source;         /* the delay's timer */
	gint64 reconnect_due;           /* when it fires (monotonic microseconds) */
	struct session_closed *closing; /* the last connection, to release */
	guint ping_source;              /* net.ping_interval timer */
	int ping_outstanding;           /* its last ping has no answer yet */
	/* In-band registration (register.c). */
	int registering;            /* this attempt creates the account */
	int registered;             /* ... and did */
	GPtrArray *register_fields; /* FIELD=VALUE the user gave */
	/* Stream management (outbox.c). */
	int sm_enabled;       /* stream management on (<enabled/>, or resumed) */
	int sm_resumable;     /* the server allows resuming it (XEP-0198 5) */
	int presence_changed; /* own presence changed while not online */
	int csi_told;         /* the client state the server was told (1: inactive) */
	guint32 sm_sent;      /* stanzas sent since <enabled/> (XEP-0198 h) */
	GQueue outbox;        /* struct outgoing: pending or unacknowledged */
	/* Multi-user chat (muc.c). */
	char *muc_service;            /* the server's MUC service, once found */
	int muc_looking;              /* looking for it (XEP-0045 6.1) */
	int muc_lookups;              /* disco#info requests of the lookup unanswered */
	GPtrArray *muc_waiting;       /* joins waiting for it (struct muc_wait) */
	guint muc_ping_source;        /* the rooms' self-ping timer (muc-ping.c) */
	struct ratelimit invitations; /* invitations told (muc-admin.c) */
	/* Bookmarks (bookmarks.c). */
	int bookmarks_mode;           /* where the server keeps them */
	int bookmarks_first;          /* the first login since /connect: autojoin */
	int bookmarks_loaded;         /* the server's set arrived (this login) */
	char *bookmarks_others;       /* XEP-0048 storage children kept as XML */
	GPtrArray *bookmarks_pending; /* XEP-0402 changes awaiting their answer */
	GPtrArray *autojoin;          /* rooms waiting to be entered (char *) */
	guint autojoin_source;        /* the spacing timer */
	int autojoined;               /* rooms entered in the first burst */
	/* Test seam: where stanzas go (default: the connection). */
	session_send_fn send;
};

/* session.c: the session leaves the list and is freed (session-life.c:
 * session_forget()); it must be disconnected. */
void session_drop(struct session *session);

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

/* session_request(), but when no answer came within seconds, answer gets
 * an error iq (remote-server-timeout, "no answer in N s") and a later
 * answer is ignored. */
void session_request_within(struct session *session, xmpp_stanza_t *iq, int seconds,
                            session_answer_fn answer, void *data, GDestroyNotify free_data);

/* A detached session (unit tests): the answer iq goes to the request
 * with its id, as libstrophe's id handler would. Returns 1 when one
 * took it. */
int session_answer_detached(struct session *session, xmpp_stanza_t *iq);

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

/* How long one attempt (one address) may take from TCP connect to login. */
#define SESSION_ATTEMPT_S 45

/* Sets the state and emits EV_SESSION_STATE with the seconds until the
 * next attempt (waiting) or whether the session was resumed (online). */
void session_announce(struct session *session, enum session_state state, const char *reason,
                      int error, int retry_s, int resumed);

/* Starts an attempt to log in (state connecting). */
void session_attempt(struct session *session);

/* The session is established (after <enabled/> when stream management is
 * offered): restores what a new session needs and sends what waited. */
void session_started(struct session *session, int resumed);

/* csi.c: whether the user is not looking (XEP-0352); setting it returns
 * 1 when it changed. */
int csi_inactive(void);
int csi_set_inactive(int inactive);

/* csi.c: tells the server the user's client state, when it offers CSI. */
void session_send_client_state(struct session *session);

/* The domain of the account's JID (its server), borrowed. */
const char *session_domain(const struct session *session);

/* The local part of the account's JID (its user name); caller frees. */
char *session_node(const struct session *session);

/* The session of a libstrophe context, or NULL. */
struct session *session_by_context(const xmpp_ctx_t *ctx);

/* session-log.c: libstrophe's log lines about the session (userdata). */
void session_on_log(xmpp_log_level_t level, const char *area, const char *text, void *userdata);

/* session-log.c: the id attribute of a stanza's text, or NULL (caller
 * frees). */
char *session_stanza_id(const char *xml);

/* session-log.c: forgets what the last attempt's log said. */
void session_log_reset(struct session *session);

/* session-log.c: the certificate failed verification. */
int session_on_certfail(const xmpp_tlscert_t *cert, const char *const errormsg);

/* session-log.c: puts into words why the stream ended (caller frees);
 * *transport: the place could not be reached (another may be). */
char *session_close_reason(struct session *session, int error, xmpp_stream_error_t *stream_error,
                           int *transport);

/* tls.c: the server presented cert (verified: an authority vouches for
 * it; else problem says why not). Remembers it and returns 1 to accept
 * it, or 0 with session->failure saying why not (the pin decides when
 * there is one). */
int tls_check_presented(struct session *session, const xmpp_tlscert_t *cert, int verified,
                        const char *problem);

/* tls.c: frees what tls_check_presented() remembered. */
struct tls_seen;
void tls_seen_free(struct tls_seen *seen);

/* reconnect.c: whether a lost session (or its failed reconnection)
 * should be tried again: net.reconnect, not the user's doing, not a
 * refusal that trying again cannot change. */
int reconnect_wanted(struct session *session, xmpp_stream_error_t *stream_error);

/* reconnect.c: waits (backoff with jitter, 1 s to 5 min; none after
 * /reconnect now or a refused resumption) and tries again;
 * state waiting, with reason. */
void reconnect_schedule(struct session *session, const char *reason);

/* reconnect.c: the closed connection is about to be released: keep its
 * stream management state and unsent stanzas when keep and the session
 * is reconnecting; else free them. */
void reconnect_take_state(struct session *session, xmpp_conn_t *conn, int keep);

/* reconnect.c: the session is online (ping timer) / its connection ended. */
void reconnect_online(struct session *session);
void reconnect_offline(struct session *session);

/* reconnect.c: stops waiting and drops what resumption would need. */
void reconnect_forget(struct session *session);

/* Ends the connection under libstrophe for why (the failure shown), which
 * then reports it lost: the reconnection follows. Safe inside
 * libstrophe's callbacks (the socket is only shut down). */
void reconnect_cut(struct session *session, const char *why);

/* register.c: the raw stream of a registration attempt is open. */
void register_begin(struct session *session, xmpp_conn_t *conn);

/* outbox.c: sends the user's message stanza (id, to peer's conversation)
 * now, or when the session starts if it is not online; keeps it until
 * the server acknowledges it. Returns DELIVERY_SENT or DELIVERY_PENDING. */
enum message_delivery outbox_send(struct session *session, xmpp_stanza_t *stanza, const char *peer,
                                  const char *id);

/* outbox.c: handlers for stream management on the new connection. */
void outbox_attach(struct session *session);

/* outbox.c: the session started: send what waited (after a new session,
 * also what the server had not acknowledged). */
void outbox_restart(struct session *session, int resumed);

/* outbox.c: the server refused to resume; what its <failed/> says it had
 * is acknowledged. */
void outbox_resume_refused(struct session *session);

/* outbox.c: frees the outbox. */
void outbox_clear(struct session *session);

/* Called by connect.c once the password and address are known; direct:
 * TLS at once (XEP-0368), else STARTTLS as the account says. */
void session_start_stream(struct session *session, const char *host, unsigned port, int direct);

/* Called by connect.c when the attempt fails before a stream exists. */
void session_fail(struct session *session, const char *reason);

/* connect.c: obtains the password (running eval_password when needed) and
 * resolves the server, then calls session_start_stream(). */
void connect_begin(struct session *session);

/* connect.c: after failure (in words) to reach the current address, tries
 * the next address or target at the end of the loop turn. Returns 1 when
 * there was one, 0 when every place was tried. */
int connect_retry(struct session *session, const char *failure);

/* connect.c: wipes and frees the password eval_password gave (kept until
 * the session ends, for every address tried and every reconnection). */
void connect_forget_password(struct session *session);

/* connect.c: stops what connect_begin() started. */
void connect_cancel(struct session *session);

#endif
