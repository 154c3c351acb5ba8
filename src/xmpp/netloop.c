/*
 * netloop.c: libstrophe driven by the GLib main loop.
 *
 * Owns the libstrophe contexts: a shared one that only builds stanzas,
 * and one per session (netloop_context_new()), so that what libstrophe
 * logs is known to be about that session's connection. Also owns the GLib
 * watches of the sockets (one struct watch per connection, from the
 * sockopt callback until the connection closes, with the idle source of
 * its turns left over from NETLOOP_MAX_TURNS), the flush idle source and
 * the busy timer (while libstrophe has timeouts running).
 *
 * libstrophe 0.12 has no accessor for a connection's socket, so the fd is
 * taken from the sockopt callback, which runs right after socket() and
 * before the non-blocking connect(). While the TCP connect is pending the
 * watch waits for writability; afterwards for readability, plus
 * writability only while libstrophe's send queue could not be written out.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <linux/sockios.h>
#include <linux/tcp.h> /* glibc's struct tcp_info lacks tcpi_bytes_received */
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/log.h"
#include "xmpp/netloop.h"
#include "xmpp/watchdog.h"

/* TLS records are up to 16 KiB and a turn reads 4 KiB at most, so a
 * turn that takes the end of a record from the socket can leave three
 * reads' worth in OpenSSL (libstrophe 0.12 does not turn on read-ahead:
 * OpenSSL holds one record at most), which poll() cannot see: turns go on
 * until this many in a row took nothing from the socket (netloop_turns();
 * three are needed, the fourth is spare: a select() cut short by a
 * signal reads nothing). */
#define NETLOOP_DRAIN_TURNS 4
/* Turns for one connection before the rest waits for an idle call, so
 * that one busy connection cannot starve the rest of the loop. */
#define NETLOOP_MAX_TURNS 64
/* The idle call starts counting afresh: with fewer turns than a drain
 * needs it would never end. */
G_STATIC_ASSERT(NETLOOP_DRAIN_TURNS < NETLOOP_MAX_TURNS);
/* Writable turns without progress before the write watch is dropped. */
#define NETLOOP_OUT_TURNS 2
/* Timer period while libstrophe has timeouts running. */
#define NETLOOP_BUSY_MS 250

struct watch {
	xmpp_conn_t *conn;
	int fd;
	guint source;
	GIOCondition condition;
	int tcp_pending; /* connect() not yet completed */
	int out_turns;   /* watch writability this many turns more */
	int guarded;     /* the watchdog guards the socket (not logged in) */
	uint64_t taken;  /* bytes taken from the socket, at the last look */
	guint drain;     /* idle source: turns left over from NETLOOP_MAX_TURNS */
};

/* A session's context and where its log lines go. */
struct netctx {
	xmpp_ctx_t *ctx;
	xmpp_log_t log;
	netloop_log_fn fn;
	void *userdata;
};

static xmpp_ctx_t *context; /* builds stanzas; connects nothing */
static GPtrArray *contexts; /* of struct netctx, one per session */
static GHashTable *watches; /* xmpp_conn_t * -> struct watch */
static guint flush_source;
static guint busy_source;
static int busy_sessions;
static unsigned pref_subscription; /* net.keepalive changes */

static void netloop_run(void);
static void netloop_run_once(xmpp_ctx_t *ctx);
static void netloop_drop(struct watch *watch);
static void netloop_on_pref(const struct event *event, void *userdata);

static void
netloop_on_log(void *userdata, xmpp_log_level_t level, const char *area, const char *msg)
{
	struct netctx *netctx = userdata;

	if (netctx != NULL && netctx->fn != NULL)
		netctx->fn(level, area, msg, netctx->userdata);
	if (!log_enabled())
		return;
	if (strncmp(msg, "SENT: ", 6) == 0 || strncmp(msg, "RECV: ", 6) == 0) {
		char *redacted = log_redact(msg);
		log_write(LOG_DEBUG, area, "%s", redacted);
		g_free(redacted);
		return;
	}
	log_write(level == XMPP_LEVEL_ERROR  ? LOG_ERROR
	          : level == XMPP_LEVEL_WARN ? LOG_WARNING
	          : level == XMPP_LEVEL_INFO ? LOG_INFO
	                                     : LOG_DEBUG,
	          area, "%s", msg);
}

static xmpp_log_t netloop_log = { netloop_on_log, NULL };

void
netloop_init(void)
{
	if (context != NULL)
		return;
	xmpp_initialize();
	context = xmpp_ctx_new(NULL, &netloop_log);
	contexts = g_ptr_array_new();
	watches = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	pref_subscription = event_subscribe(EV_PREF_CHANGED, netloop_on_pref, NULL);
}

void
netloop_shutdown(void)
{
	if (context == NULL)
		return;

	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, watches);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		netloop_drop(value);
	g_hash_table_destroy(watches);
	watches = NULL;
	event_unsubscribe(pref_subscription);
	pref_subscription = 0;
	g_clear_handle_id(&flush_source, g_source_remove);
	g_clear_handle_id(&busy_source, g_source_remove);
	busy_sessions = 0;
	g_assert(contexts->len == 0);
	g_ptr_array_free(contexts, TRUE);
	contexts = NULL;
	xmpp_ctx_free(context);
	context = NULL;
	xmpp_shutdown();
	watchdog_stop();
}

xmpp_ctx_t *
netloop_context(void)
{
	netloop_init();
	return context;
}

xmpp_ctx_t *
netloop_context_new(netloop_log_fn fn, void *userdata)
{
	struct netctx *netctx = g_new0(struct netctx, 1);

	netloop_init();
	netctx->fn = fn;
	netctx->userdata = userdata;
	netctx->log.handler = netloop_on_log;
	netctx->log.userdata = netctx;
	netctx->ctx = xmpp_ctx_new(NULL, &netctx->log);
	g_ptr_array_add(contexts, netctx);
	return netctx->ctx;
}

void
netloop_context_free(xmpp_ctx_t *ctx)
{
	for (guint i = 0; contexts != NULL && i < contexts->len; i++) {
		struct netctx *netctx = contexts->pdata[i];
		if (netctx->ctx != ctx)
			continue;
		g_ptr_array_remove_index(contexts, i);
		xmpp_ctx_free(ctx);
		g_free(netctx);
		return;
	}
}

static GIOCondition
netloop_wanted(const struct watch *watch)
{
	GIOCondition condition = G_IO_IN | G_IO_HUP | G_IO_ERR;

	/* xmpp_conn_send_queue_len() does not count an element libstrophe
	 * has begun to write, so writability is also watched for a few
	 * turns after anything was sent (see netloop_write()). */
	if (watch->tcp_pending || watch->out_turns > 0 || xmpp_conn_send_queue_len(watch->conn) > 0)
		condition |= G_IO_OUT;
	return condition;
}

static gboolean netloop_on_socket(gint fd, GIOCondition condition, gpointer userdata);

static void
netloop_arm(struct watch *watch)
{
	GIOCondition condition = netloop_wanted(watch);

	if (watch->source != 0 && condition == watch->condition)
		return;
	if (watch->source != 0)
		g_source_remove(watch->source);
	watch->condition = condition;
	watch->source = g_unix_fd_add(watch->fd, condition, netloop_on_socket, watch->conn);
}

static void
netloop_rearm_all(void)
{
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, watches);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		netloop_arm(value);
}

/* Bytes waiting in the kernel: to read (FIONREAD) or not yet acknowledged
 * by the peer (SIOCOUTQ). */
static int
netloop_queued(int fd, unsigned long request)
{
	int bytes = 0;

	if (ioctl(fd, request, &bytes) == -1)
		return 0;
	return bytes;
}

/* Bytes the kernel has received on the socket (Linux 4.1 and later; 0
 * where it does not say, and then only FIONREAD's changes are seen). */
static uint64_t
netloop_received(int fd)
{
	struct tcp_info info;
	socklen_t size = sizeof info;

	memset(&info, 0, sizeof info);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) == -1)
		return 0;
	return info.tcpi_bytes_received;
}

/* Whether bytes were taken from the watch's socket since the last look:
 * the kernel's count of bytes received, less what still waits in it
 * (*waiting, FIONREAD). The count is read on both sides of FIONREAD:
 * bytes arriving in between make the answer yes (a turn more, never one
 * fewer), and the next look, exact, says yes once more. */
static int
netloop_took(struct watch *watch, int *waiting)
{
	uint64_t before = netloop_received(watch->fd), after, taken;
	int took;

	*waiting = netloop_queued(watch->fd, FIONREAD);
	after = netloop_received(watch->fd);
	taken = after - (uint64_t)*waiting;
	took = after != before || taken != watch->taken;
	watch->taken = taken;
	return took;
}

static gboolean netloop_on_drain(gpointer userdata);

/* Turns of one connection's context until they leave nothing behind: on
 * while the kernel holds data, then until NETLOOP_DRAIN_TURNS turns in a
 * row took nothing from the socket. Counting from the last turn that took
 * bytes, not from the last look at the kernel, matters: the end of a TLS
 * record can arrive while the turns go on, and the turn that reads it
 * leaves the rest of the record in OpenSSL (an archive page stalled so
 * under valgrind, with its last messages read but never parsed). After
 * NETLOOP_MAX_TURNS the rest waits for an idle call. Every turn also
 * writes, and a handler may queue what libstrophe sends by itself
 * (<starttls/>, <auth/>, a stream header): xmpp_conn_send_queue_len()
 * counts only the user's stanzas, so netloop_wanted() cannot see those,
 * and the turns after the one that read send them. The watch may go (or
 * be replaced) during any turn. */
static void
netloop_turns(xmpp_conn_t *conn)
{
	struct watch *watch = g_hash_table_lookup(watches, conn);
	xmpp_ctx_t *ctx;
	int fd, idle = 0;

	if (watch == NULL)
		return;
	ctx = xmpp_conn_get_context(conn);
	fd = watch->fd;
	for (int turns = 0; idle < NETLOOP_DRAIN_TURNS; turns++) {
		int waiting;

		if (turns == NETLOOP_MAX_TURNS) {
			if (watch->drain == 0)
				watch->drain = g_idle_add_full(G_PRIORITY_DEFAULT, netloop_on_drain,
				                               conn, NULL);
			return;
		}
		netloop_run_once(ctx);
		watch = g_hash_table_lookup(watches, conn);
		if (watch == NULL || watch->fd != fd)
			return;
		if (netloop_took(watch, &waiting))
			idle = 0;
		else if (waiting == 0)
			idle++;
	}
}

static gboolean
netloop_on_drain(gpointer userdata)
{
	struct watch *watch = g_hash_table_lookup(watches, userdata);

	/* Every way a watch goes removes this source (netloop_drop()). */
	g_assert(watch != NULL);
	watch->drain = 0;
	netloop_turns(userdata);
	netloop_rearm_all();
	return G_SOURCE_REMOVE;
}

/* A readable socket. Until the stream is logged in, the next segment is
 * then acknowledged at once: a server that writes a reply in two parts
 * with Nagle's algorithm on (after STARTTLS, Prosody's stream header,
 * then its features) holds the second until the first is acknowledged,
 * and a delayed acknowledgement cost 40 ms of the login. The kernel
 * leaves quick-ACK mode by itself, so it is set after every read; not
 * once logged in, where an acknowledgement per segment of a large
 * transfer (a room's occupants) cost half as much CPU again. */
static void
netloop_read(xmpp_conn_t *conn, int fd)
{
	struct watch *watch;
	int quick = 1;

	netloop_turns(conn);
	watch = g_hash_table_lookup(watches, conn);
	if (watch != NULL && watch->fd == fd && watch->guarded)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof quick);
}

/* A writable socket: its turns, and keep watching writability while they
 * make progress (the kernel's send queue grows). Acknowledgements
 * arriving during the turns can hide progress; then the remaining turns
 * of out_turns, and any later read, which also writes, carry on. */
static void
netloop_write(struct watch *watch)
{
	xmpp_conn_t *conn = watch->conn;
	int fd = watch->fd, before = netloop_queued(fd, SIOCOUTQ);

	netloop_turns(conn);
	watch = g_hash_table_lookup(watches, conn);
	if (watch == NULL || watch->fd != fd)
		return;
	if (netloop_queued(fd, SIOCOUTQ) > before)
		watch->out_turns = NETLOOP_OUT_TURNS;
	else if (watch->out_turns > 0)
		watch->out_turns--;
}

static gboolean
netloop_on_socket(gint fd, GIOCondition condition, gpointer userdata)
{
	xmpp_conn_t *conn = userdata;
	struct watch *watch = g_hash_table_lookup(watches, conn);

	if (watch != NULL && watch->tcp_pending && (condition & (G_IO_OUT | G_IO_ERR | G_IO_HUP)))
		watch->tcp_pending = 0; /* this turn completes (or fails) connect() */
	if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		netloop_read(conn, fd);
	else if (watch != NULL)
		netloop_write(watch);
	netloop_rearm_all();
	/* The watch may be gone (connection closed) or re-armed: either way
	 * this source has then been replaced or removed. */
	watch = g_hash_table_lookup(watches, conn);
	if (watch == NULL || watch->fd != fd)
		return G_SOURCE_REMOVE;
	return G_SOURCE_CONTINUE;
}

static int
netloop_setsockopt(int fd, int level, int name, int value, const char *what)
{
	if (setsockopt(fd, level, name, &value, sizeof value) == 0)
		return 0;
	log_write(LOG_DEBUG, "xmpp", "%s: %s", what, g_strerror(errno));
	return -1;
}

/* net.keepalive (K seconds): the kernel finds a silent link without any
 * timer of ours. An idle connection is probed three times K/5 s apart,
 * the first so that the last falls at K; sent data unacknowledged for K s
 * (TCP_USER_TIMEOUT, which also ends the probing at the first probe at or
 * after K) ends the connection, rather than the kernel's default of about
 * 15 minutes of retransmissions. */
static int
netloop_keepalive(int fd)
{
	int total = prefs_int("net.keepalive"), interval = total / 5;
	int failed = netloop_setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");

	failed |= netloop_setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, total - 3 * interval,
	                             "TCP_KEEPIDLE");
	failed |= netloop_setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, interval, "TCP_KEEPINTVL");
	failed |= netloop_setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, 3, "TCP_KEEPCNT");
	failed |= netloop_setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, total * 1000,
	                             "TCP_USER_TIMEOUT");
	return failed;
}

int
netloop_sockopt(xmpp_conn_t *conn, void *sock)
{
	struct watch *watch = g_new0(struct watch, 1);

	netloop_unwatch(conn);
	watch->conn = conn;
	watch->fd = *(int *)sock;
	watch->tcp_pending = 1;
	watch->guarded = 1;
	watchdog_guard(watch->fd);
	g_hash_table_insert(watches, conn, watch);
	netloop_arm(watch);
	/* Stanzas are small and wanted at once: no Nagle delay (a ping took
	 * 40 ms on loopback, waiting for a delayed ACK). */
	netloop_setsockopt(watch->fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
	return netloop_keepalive(watch->fd);
}

/* net.keepalive changed: live sockets take the new value. */
static void
netloop_on_pref(const struct event *event, void *userdata)
{
	GHashTableIter iter;
	gpointer watch;

	if (strcmp(event->u.pref.name, "net.keepalive") != 0 || watches == NULL)
		return;
	g_hash_table_iter_init(&iter, watches);
	while (g_hash_table_iter_next(&iter, NULL, &watch))
		netloop_keepalive(((struct watch *)watch)->fd);
}

void
netloop_unwatch(xmpp_conn_t *conn)
{
	struct watch *watch;

	if (watches == NULL)
		return;
	watch = g_hash_table_lookup(watches, conn);
	if (watch == NULL)
		return;
	netloop_drop(watch);
	if (watch->guarded)
		watchdog_release(watch->fd);
	g_hash_table_remove(watches, conn);
}

/* The GLib sources of a watch that goes. */
static void
netloop_drop(struct watch *watch)
{
	g_clear_handle_id(&watch->source, g_source_remove);
	g_clear_handle_id(&watch->drain, g_source_remove);
}

void
netloop_logged_in(xmpp_conn_t *conn)
{
	struct watch *watch = watches ? g_hash_table_lookup(watches, conn) : NULL;

	if (watch != NULL && watch->guarded) {
		watchdog_release(watch->fd);
		watch->guarded = 0;
	}
}

void
netloop_abort(xmpp_conn_t *conn)
{
	struct watch *watch = watches ? g_hash_table_lookup(watches, conn) : NULL;

	if (watch != NULL)
		shutdown(watch->fd, SHUT_RDWR);
}

int
netloop_stalled(xmpp_conn_t *conn)
{
	struct watch *watch = watches ? g_hash_table_lookup(watches, conn) : NULL;

	return watch != NULL && watch->guarded && watchdog_fired(watch->fd);
}

static void
netloop_run_once(xmpp_ctx_t *ctx)
{
	watchdog_enter();
	xmpp_run_once(ctx, 0);
	watchdog_leave();
}

/* One turn of every session's context (to send what was queued, or for
 * libstrophe's timers); a connection whose turn took bytes from its socket
 * then has its turns until they leave nothing in OpenSSL. */
static void
netloop_run(void)
{
	GHashTableIter iter;
	gpointer value;
	GPtrArray *took = NULL; /* mostly none: a flush's turn only sends */

	if (context == NULL)
		return;
	for (guint i = 0; i < contexts->len; i++)
		netloop_run_once(((struct netctx *)contexts->pdata[i])->ctx);
	g_hash_table_iter_init(&iter, watches);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		struct watch *watch = value;
		int waiting;
		if (!netloop_took(watch, &waiting))
			continue;
		if (took == NULL)
			took = g_ptr_array_new();
		g_ptr_array_add(took, watch->conn);
	}
	/* Each lookup again: the turns of one may end another's watch. */
	for (guint i = 0; took != NULL && i < took->len; i++)
		netloop_turns(took->pdata[i]);
	if (took != NULL)
		g_ptr_array_free(took, TRUE);
	netloop_rearm_all();
}

static gboolean
netloop_on_flush(gpointer userdata)
{
	GHashTableIter iter;
	gpointer value;

	flush_source = 0;
	if (watches == NULL)
		return G_SOURCE_REMOVE;
	/* Whatever was queued may not fit in the socket at once. */
	g_hash_table_iter_init(&iter, watches);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		((struct watch *)value)->out_turns = NETLOOP_OUT_TURNS;
	netloop_run();
	return G_SOURCE_REMOVE;
}

void
netloop_flush(void)
{
	if (flush_source == 0)
		flush_source = g_idle_add_full(G_PRIORITY_DEFAULT, netloop_on_flush, NULL, NULL);
}

static gboolean
netloop_on_busy(gpointer userdata)
{
	netloop_run();
	return G_SOURCE_CONTINUE;
}

void
netloop_busy(int delta)
{
	netloop_init();
	busy_sessions += delta;
	g_assert(busy_sessions >= 0);
	if (busy_sessions > 0 && busy_source == 0)
		busy_source = g_timeout_add(NETLOOP_BUSY_MS, netloop_on_busy, NULL);
	else if (busy_sessions == 0 && busy_source != 0)
		g_clear_handle_id(&busy_source, g_source_remove);
}

int
netloop_busy_count(void)
{
	return busy_sessions;
}
