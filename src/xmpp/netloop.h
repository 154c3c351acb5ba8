/*
 * netloop.h: libstrophe driven by the GLib main loop (private to src/xmpp).
 *
 * Each session has a libstrophe context of its own (so that libstrophe's
 * log lines can be told apart by session); a shared one builds stanzas.
 * Sockets come from the sockopt callback and are watched by GLib;
 * xmpp_run_once(ctx, 0) runs only when a socket is ready, when something
 * was queued for sending, on a short timer while some session is
 * connecting or disconnecting (the only time libstrophe has timeouts of
 * its own), and after any of these for as long as a connection's turns
 * take bytes from its socket (what OpenSSL holds is invisible to poll()).
 * Idle and connected: no timer.
 */
#ifndef NATTER_XMPP_NETLOOP_H
#define NATTER_XMPP_NETLOOP_H

#include <strophe.h>

/* Creates the shared context, which builds stanzas (idempotent). */
void netloop_init(void);

/* Frees the shared context; every session's context must have been freed
 * (netloop_context_free()). */
void netloop_shutdown(void);

/* The shared context (borrowed): for building stanzas, not connections. */
xmpp_ctx_t *netloop_context(void);

/* Called for every log line of a session's context, with its userdata. */
typedef void (*netloop_log_fn)(xmpp_log_level_t level, const char *area, const char *text,
                               void *userdata);

/* A new context for one session's connections: what libstrophe logs about
 * them goes to the debug log and to fn (the session uses it to learn what
 * the library's callbacks do not say). Free with netloop_context_free()
 * once its connections are released. */
xmpp_ctx_t *netloop_context_new(netloop_log_fn fn, void *userdata);

/* Frees a context made by netloop_context_new(). */
void netloop_context_free(xmpp_ctx_t *ctx);

/* The sockopt callback to install on every connection. */
int netloop_sockopt(xmpp_conn_t *conn, void *sock);

/* Stops watching the socket of conn (it is closed or about to be). */
void netloop_unwatch(xmpp_conn_t *conn);

/* The connection logged in: its socket no longer needs the handshake
 * watchdog (watchdog.h). */
void netloop_logged_in(xmpp_conn_t *conn);

/* Shuts the connection's socket down: libstrophe then sees the stream end
 * and reports it (for a login that takes too long). */
void netloop_abort(xmpp_conn_t *conn);

/* 1 when the watchdog cut this connection's handshake short. */
int netloop_stalled(xmpp_conn_t *conn);

/* Schedules a turn of every session's context at the end of this loop
 * iteration, to send what was queued with xmpp_send() (a connection whose
 * turn reads has its further turns then). */
void netloop_flush(void);

/* A session entered (+1) or left (-1) a state where libstrophe keeps its
 * own timeouts (connecting, disconnecting). */
void netloop_busy(int delta);

/* Number of busy sessions (for tests). */
int netloop_busy_count(void);

#endif
