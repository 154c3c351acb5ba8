/*
 * test-netloop.c: xmpp/netloop.c leaves nothing of a TLS record inside
 * OpenSSL, whichever turn the record's last bytes arrive at.
 *
 * Why: a turn is one xmpp_run_once(), which reads at most 4096 bytes
 * (one SSL_read()). A TLS record holds up to 16 KiB, and OpenSSL takes a
 * whole record from the socket before it returns any of it; the turn
 * that reads the end of a record therefore leaves up to 12 KiB decrypted
 * inside OpenSSL, where poll() cannot see it. If the turns stop before
 * those have been read, the rest of the record waits for the next bytes
 * the server happens to send: a stall (an archive page's last messages
 * and its iq result, under valgrind). The end of a record can arrive
 * while the turns go on, so how many turns follow it cannot be counted
 * from the first look at the socket.
 *
 * How: a TLS server in this process (OpenSSL with memory BIOs, so that
 * the test writes each byte of ciphertext into the socket itself) and a
 * libstrophe connection driven by netloop.c. A global timed handler of
 * the client's context (a "hook", called at the start of every turn and
 * at the end of every turn that had something to do) counts its calls
 * and writes the end of a record at a chosen one. Every round must parse
 * (libstrophe's "RECV: " log lines) all its stanzas with nothing else to
 * wake the loop.
 *
 * For each kind of event, a first round measures N, the hook calls of an
 * undisturbed event (its record's end comes after them); rounds k =
 * 1..N+2 then have the hook write the end at call k (where the turns end
 * before it, the end is an event of its own), and round N must have had
 * it written by the hook: the last turn is tested, however many turns
 * run. The kinds: a readable socket; netloop_flush() (its own turn, then
 * those of the write watch it arms); the cap round, one event with more
 * than NETLOOP_MAX_TURNS turns' worth in the kernel (short records, a
 * turn each, then a long one) and only its last few calls tried: the
 * long record is decrypted just before the cap, the kernel is then empty
 * but OpenSSL is not, and only the idle call that continues the turns
 * (netloop_on_drain()) can read the rest. Last, the end comes in a tick
 * of the busy timer, which must not leave the rest to the next ticks.
 *
 * libstrophe 0.12 runs the TLS handshake as a blocking loop inside one
 * xmpp_run_once(), so the server's side of the handshake alone runs in a
 * thread, everything else in the main loop. Deadlines are multiplied by
 * NATTER_TIMEOUT_SCALE (make check-valgrind sets 4).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"

#include "xmpp/netloop.h"

/* Stanzas of a long record, and the plaintext they fill: one TLS record
 * (at most 16384 bytes), four reads of 4096 but the last. */
#define ROUND_STANZAS   8
#define ROUND_PLAINTEXT 16000
/* Calls tried past the N measured (the end comes as an event of its
 * own), and the most N may be (more: the turns run away). */
#define EXTRA_CALLS 2
#define MOST_CALLS  400
/* netloop.c's NETLOOP_MAX_TURNS. The cap round's short records leave it
 * four turns: one reads the long record's first bytes, and the calls
 * tried for its end are that turn's last and the first of each after. */
#define CAP_TURNS       64
#define SHORT_RECORDS   (CAP_TURNS - 4)
#define SHORT_STANZA    200
#define CAP_CALLS_TRIED 5
/* How long a round waits for its stanzas once the loop is idle (the turns
 * should have parsed them all already), or its bytes for the client. */
#define GIVE_UP_MS 2000
/* Deadline of the connection's steps (handshake, stream features). */
#define CONNECT_MS 5000

/* The server's side of the one connection. */
struct server {
	int listener;
	int fd; /* the accepted connection */
	SSL_CTX *ssl_ctx;
	SSL *ssl;
	BIO *in, *out;         /* ciphertext from and for the client (ssl owns them) */
	GThread *handshake;    /* the server's half of the TLS handshake */
	gint64 deadline;       /* of the handshake (monotonic µs) */
	gint handshake_result; /* 0 running, 1 done, -1 failed (atomic) */
};

/* The hook: calls since the round armed it, and the end of the round's
 * record, written at call `at` (0: never) if that comes. */
struct hook {
	int calls, at;
	const guint8 *bytes;
	size_t length;
	int written;
	int dispatches; /* of the main loop, that the calls fell in */
	int iteration;  /* f->iterations at the last call */
};

struct fixture {
	const struct kind *kind; /* NULL for the busy timer's test */
	struct server server;
	struct hook hook;
	xmpp_ctx_t *ctx;
	xmpp_conn_t *conn;
	int client_fd;
	int features;        /* <stream:features/> parsed */
	int ended;           /* the connection ended */
	int iterations;      /* of the main loop, by this test's loops */
	int round;           /* the round whose stanzas are counted */
	int expected;        /* its stanzas */
	int received;        /* its stanzas parsed */
	int turn_calls;      /* hook calls in its event's turns */
	int turn_dispatches; /* and the dispatches they fell in */
	GByteArray *record;  /* its ciphertext */
	const char *broken;  /* what went wrong inside a callback */
	GString *failures;   /* the rounds that stalled */
};

/* A kind of round: what makes its event, with the end of its record left
 * to hook call `at` (0: after the turns); how many of the last calls of
 * an undisturbed event are tried for the end (0: all); and the main-loop
 * dispatches that event must take at least. */
struct kind {
	const char *name;
	void (*start)(struct fixture *f, int at);
	int tried;
	int dispatches;
};

/* For the sockopt callback, which has no userdata of its own. */
static struct fixture *fixture;
static double timeout_scale = 1; /* NATTER_TIMEOUT_SCALE */
/* Made once (slow under valgrind); the client trusts any (TRUST_TLS). */
static EVP_PKEY *identity_key;
static X509 *identity_cert;

/* The server's stream header and features, sent after the handshake: a
 * PLAIN mechanism never answered keeps the stream open, which is enough
 * for libstrophe to parse stanzas. What the client sends is never read. */
static const char greeting[] =
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        "xmlns:stream='http://etherx.jabber.org/streams' from='example.org' "
        "id='netloop-test' version='1.0'><stream:features>"
        "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
        "</mechanisms></stream:features>";

/* A deadline (monotonic µs) ms from now, scaled. */
static gint64
deadline_in(int ms)
{
	return g_get_monotonic_time() + (gint64)(ms * timeout_scale) * G_TIME_SPAN_MILLISECOND;
}

/* Milliseconds left until deadline, for poll(). */
static int
ms_left(gint64 deadline)
{
	gint64 left = (deadline - g_get_monotonic_time()) / 1000;

	return left > 0 ? (int)left : 0;
}

static int
socket_waiting(int fd)
{
	int bytes = 0;

	if (ioctl(fd, FIONREAD, &bytes) == -1)
		return -1;
	return bytes;
}

/* A self-signed EC P-256 certificate for example.org (the group setup). */
static int
identity_make(void **state)
{
	X509 *cert = identity_cert = X509_new();
	X509_NAME *name;
	int ok;

	identity_key = EVP_EC_gen("P-256");
	if (identity_key == NULL || cert == NULL)
		return -1;
	name = X509_get_subject_name(cert);
	ok = X509_set_version(cert, 2) && ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) &&
	     X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
	     X509_gmtime_adj(X509_getm_notAfter(cert), 3600) &&
	     X509_set_pubkey(cert, identity_key) &&
	     X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                                (const unsigned char *)"example.org", -1, -1, 0) &&
	     X509_set_issuer_name(cert, name) && X509_sign(cert, identity_key, EVP_sha256()) > 0;
	return ok ? 0 : -1;
}

static int
identity_free(void **state)
{
	X509_free(identity_cert);
	EVP_PKEY_free(identity_key);
	return 0;
}

/* Listens on 127.0.0.1 and readies the server's TLS: NULL, or what
 * failed. */
static const char *
server_start(struct server *server, unsigned short *port)
{
	struct sockaddr_in address = { .sin_family = AF_INET };
	socklen_t size = sizeof address;

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	server->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (server->listener < 0 ||
	    bind(server->listener, (struct sockaddr *)&address, sizeof address) != 0 ||
	    listen(server->listener, 1) != 0 ||
	    getsockname(server->listener, (struct sockaddr *)&address, &size) != 0)
		return "no listening socket on 127.0.0.1";
	*port = ntohs(address.sin_port);
	server->ssl_ctx = SSL_CTX_new(TLS_server_method());
	if (server->ssl_ctx == NULL ||
	    SSL_CTX_use_certificate(server->ssl_ctx, identity_cert) != 1 ||
	    SSL_CTX_use_PrivateKey(server->ssl_ctx, identity_key) != 1 ||
	    (server->ssl = SSL_new(server->ssl_ctx)) == NULL)
		return "no TLS server";
	/* No session tickets: after the handshake, the test's records only. */
	SSL_CTX_set_num_tickets(server->ssl_ctx, 0);
	server->in = BIO_new(BIO_s_mem());
	server->out = BIO_new(BIO_s_mem());
	SSL_set_bio(server->ssl, server->in, server->out);
	SSL_set_accept_state(server->ssl);
	return NULL;
}

/* Writes all of bytes into the server's socket by deadline. */
static int
server_write(struct server *server, const guint8 *bytes, size_t length, gint64 deadline)
{
	size_t done = 0;

	while (done < length) {
		struct pollfd writable = { .fd = server->fd, .events = POLLOUT };
		ssize_t wrote = send(server->fd, bytes + done, length - done, MSG_DONTWAIT);

		if (wrote > 0)
			done += (size_t)wrote;
		else if (wrote == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
			return -1;
		else if (errno != EINTR && poll(&writable, 1, ms_left(deadline)) != 1)
			return -1;
	}
	return 0;
}

/* Writes all of bytes into the server's socket, then waits until they
 * wait in the client's, so that the next turn can read them: loopback
 * delivers during send(), so neither wait normally lasts, but each gives
 * up after GIVE_UP_MS. */
static int
server_send(struct fixture *f, const guint8 *bytes, size_t length)
{
	gint64 deadline = deadline_in(GIVE_UP_MS);
	int before = socket_waiting(f->client_fd);

	if (before < 0 || server_write(&f->server, bytes, length, deadline) != 0)
		return -1;
	while (socket_waiting(f->client_fd) < before + (int)length) {
		if (g_get_monotonic_time() > deadline)
			return -1;
		g_usleep(1000);
	}
	return 0;
}

/* Sends what OpenSSL has to send, by the handshake's deadline. */
static int
server_flush(struct server *server)
{
	guint8 bytes[4096];
	int got;

	while ((got = BIO_read(server->out, bytes, sizeof bytes)) > 0)
		if (server_write(server, bytes, (size_t)got, server->deadline) != 0)
			return -1;
	return 0;
}

/* Moves what waits in the socket into OpenSSL, once something has come
 * (by the deadline): -1 at the end of the stream, on an error, or when
 * nothing came. */
static int
server_receive(struct server *server)
{
	struct pollfd readable = { .fd = server->fd, .events = POLLIN };
	char bytes[4096];
	int total = 0;

	if (poll(&readable, 1, ms_left(server->deadline)) != 1)
		return -1;
	for (;;) {
		ssize_t got = recv(server->fd, bytes, sizeof bytes, MSG_DONTWAIT);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return total;
		if (got <= 0)
			return -1;
		BIO_write(server->in, bytes, (int)got);
		total += (int)got;
	}
}

/* The server's half of the handshake, and its greeting, while the
 * client's half blocks the main loop inside xmpp_run_once(). That loop
 * waits for the socket, not for a deadline: the thread gives up at
 * server->deadline and then shuts the socket (a listener shut down
 * resets what it has not accepted), which ends the client's loop too. */
static gpointer
server_handshake(gpointer userdata)
{
	struct server *server = userdata;
	struct pollfd readable = { .fd = server->listener, .events = POLLIN };
	int result = -1;

	if (poll(&readable, 1, ms_left(server->deadline)) == 1)
		server->fd = accept4(server->listener, NULL, NULL, SOCK_CLOEXEC);
	while (server->fd >= 0) {
		int done = SSL_do_handshake(server->ssl);
		if (server_flush(server) != 0)
			break;
		if (done == 1) {
			if (SSL_write(server->ssl, greeting, (int)strlen(greeting)) > 0 &&
			    server_flush(server) == 0)
				result = 1;
			break;
		}
		if (SSL_get_error(server->ssl, done) != SSL_ERROR_WANT_READ ||
		    server_receive(server) <= 0)
			break;
	}
	if (result != 1)
		shutdown(server->fd >= 0 ? server->fd : server->listener, SHUT_RDWR);
	g_atomic_int_set(&server->handshake_result, result);
	g_main_context_wakeup(NULL);
	return NULL;
}

static void
client_on_log(xmpp_log_level_t level, const char *area, const char *text, void *userdata)
{
	struct fixture *f = userdata;
	const char *body;
	int number, stanza;

	if (strncmp(text, "RECV: ", 6) != 0)
		return;
	if (strncmp(text, "RECV: <features", 15) == 0)
		f->features = 1;
	body = strstr(text, "<body>round ");
	if (body == NULL || sscanf(body, "<body>round %d stanza %d", &number, &stanza) != 2)
		return;
	if (number == f->round)
		f->received++;
	else
		f->broken = "a stanza of an earlier round was parsed late";
}

static void
client_on_conn(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
               xmpp_stream_error_t *stream_error, void *userdata)
{
	struct fixture *f = userdata;

	if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL) {
		f->ended = 1;
		netloop_unwatch(conn); /* libstrophe closes the socket */
	}
}

static int
client_sockopt(xmpp_conn_t *conn, void *sock)
{
	fixture->client_fd = *(int *)sock;
	return netloop_sockopt(conn, sock);
}

/* Called at the start of every turn, and at its end unless the turn
 * found nothing to do. */
static int
hook_on_call(xmpp_ctx_t *ctx, void *userdata)
{
	struct fixture *f = userdata;

	f->hook.calls++;
	if (f->hook.iteration != f->iterations) {
		f->hook.iteration = f->iterations;
		f->hook.dispatches++;
	}
	if (!f->hook.written && f->hook.calls == f->hook.at) {
		f->hook.written = 1;
		if (server_send(f, f->hook.bytes, f->hook.length) != 0)
			f->broken = "the hook could not write the end of the record";
	}
	return 1;
}

static void
hook_arm(struct fixture *f, int at, const guint8 *bytes, size_t length)
{
	f->hook = (struct hook){ .at = at, .bytes = bytes, .length = length, .iteration = -1 };
}

/* One main-loop iteration, counted for the hook's dispatches. */
static gboolean
loop_once(struct fixture *f, gboolean may_block)
{
	f->iterations++;
	return g_main_context_iteration(NULL, may_block);
}

static void
loop_until_idle(struct fixture *f)
{
	while (loop_once(f, FALSE))
		;
}

static gboolean
on_give_up(gpointer userdata)
{
	*(int *)userdata = 1;
	return G_SOURCE_REMOVE;
}

/* Runs the loop until *flag reaches value, or the deadline. */
static int
loop_until(struct fixture *f, const int *flag, int value, gint64 deadline)
{
	int expired = 0;
	guint source = g_timeout_add((guint)ms_left(deadline), on_give_up, &expired);

	while (*flag < value && !expired)
		loop_once(f, TRUE);
	if (!expired)
		g_source_remove(source);
	return *flag >= value;
}

/* The connection, as session.c makes it, but for direct TLS to a server
 * whose certificate nobody could check. */
static const char *
client_connect(struct fixture *f, unsigned short port)
{
	f->ctx = netloop_context_new(client_on_log, f);
	xmpp_global_timed_handler_add(f->ctx, hook_on_call, 0, f);
	f->conn = xmpp_conn_new(f->ctx);
	xmpp_conn_set_jid(f->conn, "me@example.org/netloop");
	xmpp_conn_set_pass(f->conn, "secret");
	xmpp_conn_set_flags(f->conn, XMPP_CONN_FLAG_LEGACY_SSL | XMPP_CONN_FLAG_TRUST_TLS);
	xmpp_conn_set_sockopt_callback(f->conn, client_sockopt);
	if (xmpp_connect_client(f->conn, "127.0.0.1", port, client_on_conn, f) != XMPP_EOK)
		return "libstrophe did not start the connection";
	/* As session.c does after connecting: the first turn. */
	netloop_flush();
	return NULL;
}

/* Server, client, handshake and stream, by one deadline: NULL, or what
 * failed. */
static const char *
fixture_connect(struct fixture *f)
{
	unsigned short port;
	const char *cause;

	f->server.deadline = deadline_in(CONNECT_MS);
	if ((cause = server_start(&f->server, &port)) != NULL)
		return cause;
	f->server.handshake = g_thread_new("netloop-test-tls", server_handshake, &f->server);
	if ((cause = client_connect(f, port)) != NULL)
		return cause;
	/* No timer of the loop's own: the thread ends by the deadline, and
	 * wakes the loop. */
	while (g_atomic_int_get(&f->server.handshake_result) == 0)
		loop_once(f, TRUE);
	g_thread_join(f->server.handshake);
	f->server.handshake = NULL;
	if (g_atomic_int_get(&f->server.handshake_result) != 1)
		return "no TLS handshake";
	if (!loop_until(f, &f->features, 1, f->server.deadline))
		return "no stream features parsed: the client's stream did not start";
	loop_until_idle(f); /* the client's <auth/>, which stays unanswered */
	return NULL;
}

/* Whatever fixture_connect() made, however far it got: a context left
 * alive would fail every later test in netloop_shutdown(). A handshake
 * thread still running ends once both sockets are shut. */
static void
fixture_free(struct fixture *f)
{
	if (f->server.handshake != NULL)
		shutdown(f->server.listener, SHUT_RDWR);
	if (f->conn != NULL) {
		if (!f->ended && f->client_fd >= 0) {
			/* The way natter gives a connection up (netloop_abort()):
			 * libstrophe sees the stream end and reports it. */
			netloop_abort(f->conn);
			netloop_flush();
			loop_until(f, &f->ended, 1, deadline_in(CONNECT_MS));
		}
		netloop_unwatch(f->conn);
		xmpp_conn_release(f->conn);
	}
	if (f->server.handshake != NULL)
		g_thread_join(f->server.handshake);
	if (f->ctx != NULL) {
		/* xmpp_ctx_free() does not free a context's timed handlers. */
		xmpp_global_timed_handler_delete(f->ctx, hook_on_call);
		netloop_context_free(f->ctx);
	}
	netloop_shutdown();
	SSL_free(f->server.ssl);
	SSL_CTX_free(f->server.ssl_ctx);
	if (f->server.fd >= 0)
		close(f->server.fd);
	if (f->server.listener >= 0)
		close(f->server.listener);
	g_byte_array_free(f->record, TRUE);
	g_string_free(f->failures, TRUE);
	g_free(f);
	fixture = NULL;
}

static int
setup(void **state)
{
	struct fixture *f = g_new0(struct fixture, 1);
	const char *cause;

	fixture = f;
	f->kind = *state; /* cmocka's initial state */
	f->client_fd = f->server.fd = f->server.listener = -1;
	f->record = g_byte_array_new();
	f->failures = g_string_new(NULL);
	if ((cause = fixture_connect(f)) != NULL) {
		print_error("setup: %s\n", cause);
		fixture_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

static void
round_new(struct fixture *f)
{
	if (f->ended)
		fail_msg("the connection ended before round %d", f->round + 1);
	f->round++;
	f->expected = f->received = 0;
	g_byte_array_set_size(f->record, 0);
}

/* Appends to f->record the ciphertext of one SSL_write() of count
 * stanzas of the round, from number first on, each `each` bytes long;
 * it must make one TLS record. */
static void
round_append(struct fixture *f, int first, int count, size_t each)
{
	GString *stanzas = g_string_new(NULL);
	guint start = f->record->len;
	int pending;
	const guint8 *header;

	for (int i = first; i < first + count; i++) {
		size_t stanza = stanzas->len;
		g_string_append_printf(stanzas,
		                       "<message from='peer@example.org/x' to='me@example.org' "
		                       "id='r%d-%d'><body>round %d stanza %d ",
		                       f->round, i, f->round, i);
		while (stanzas->len - stanza < each - strlen("</body></message>"))
			g_string_append_c(stanzas, 'x');
		g_string_append(stanzas, "</body></message>");
	}
	assert_true(stanzas->len <= 16384);
	assert_int_equal(SSL_write(f->server.ssl, stanzas->str, (int)stanzas->len),
	                 (int)stanzas->len);
	pending = (int)BIO_pending(f->server.out);
	g_byte_array_set_size(f->record, start + (guint)pending);
	assert_int_equal(BIO_read(f->server.out, f->record->data + start, pending), pending);
	/* One record: application data whose length field covers the rest. */
	assert_true(pending > 5 + (int)stanzas->len);
	header = f->record->data + start;
	assert_int_equal(header[0], 23);
	assert_int_equal((header[3] << 8 | header[4]) + 5, f->record->len - start);
	f->expected += count;
	g_string_free(stanzas, TRUE);
}

/* Round k once its event is due: its turns, then the end of the record
 * as an event of its own unless the hook wrote it. Every stanza must then
 * be parsed, with nothing else to wake the loop; a round that stalls goes
 * to f->failures, and a flush fetches its stanzas so that the next round
 * starts clean. Returns 1 when the hook wrote the end. */
static int
round_finish(struct fixture *f, const struct kind *kind, int k)
{
	char what[160];

	snprintf(what, sizeof what, "%s, end of the record at hook call %d%s", kind->name, k,
	         k == 0 ? " (never: the measuring round)" : "");
	loop_until_idle(f);
	if (f->broken != NULL)
		fail_msg("%s: %s", what, f->broken);
	f->turn_calls = f->hook.calls;
	f->turn_dispatches = f->hook.dispatches;
	if (!f->hook.written) {
		f->hook.at = 0;
		assert_int_equal(server_send(f, f->hook.bytes, f->hook.length), 0);
		loop_until_idle(f);
	}
	if (loop_until(f, &f->received, f->expected, deadline_in(GIVE_UP_MS)))
		return f->hook.written;
	g_string_append_printf(f->failures,
	                       "%s: %d of %d stanzas parsed; the rest of the TLS record "
	                       "stayed in OpenSSL\n",
	                       what, f->received, f->expected);
	netloop_flush();
	if (!loop_until(f, &f->received, f->expected, deadline_in(GIVE_UP_MS)))
		fail_msg("%s%s: even a flush did not parse the rest", f->failures->str, what);
	loop_until_idle(f); /* the flush's write watch, which would disturb the next round */
	return f->hook.written;
}

/* Measures N, the calls of an undisturbed event of the fixture's kind,
 * then tries the end of the record at each call up to N and EXTRA_CALLS
 * more; then one failure that lists the stalls. */
static void
test_rounds(void **state)
{
	struct fixture *f = *state;
	const struct kind *kind = f->kind;
	int calls, dispatches, first, hit, reached = 0, reached_last = 0;

	kind->start(f, 0);
	round_finish(f, kind, 0);
	calls = f->turn_calls;
	dispatches = f->turn_dispatches;
	print_message("%s: %d hook calls in the turns of an undisturbed event, in %d dispatches\n",
	              kind->name, calls, dispatches);
	if (calls < 1 || calls > MOST_CALLS)
		fail_msg("%s: %d hook calls in an undisturbed event", kind->name, calls);
	first = kind->tried == 0 ? 1 : MAX(1, calls - kind->tried + 1);
	for (int k = first; k <= calls + EXTRA_CALLS; k++) {
		kind->start(f, k);
		hit = round_finish(f, kind, k);
		reached += hit;
		if (k == calls)
			reached_last = hit;
	}
	if (f->failures->len > 0)
		fail_msg("%s", f->failures->str);
	/* Else the last turn may not have been tested. */
	if (!reached_last)
		fail_msg("%s: the end of the record at hook call %d, the last of an undisturbed "
		         "event, came after the turns: they differ from event to event",
		         kind->name, calls);
	/* Else the test would prove nothing. */
	if (reached < 4)
		fail_msg("%s: the end of the record came among the turns in %d rounds only: the "
		         "hook is not called where this test expects (has libstrophe changed?)",
		         kind->name, reached);
	/* Else the cap round would prove nothing. */
	if (dispatches < kind->dispatches)
		fail_msg("%s: an undisturbed event's turns ran in %d dispatches, not %d: no "
		         "idle call went on after %d turns (has NETLOOP_MAX_TURNS changed?)",
		         kind->name, dispatches, kind->dispatches, CAP_TURNS);
}

/* A long record sent but for its last `hooked` bytes, which the hook
 * writes at call `at`; of those, the second-to-last byte is sent at once
 * if only the last is left to the hook, to make the socket event. */
static void
round_long(struct fixture *f, int at, size_t hooked)
{
	size_t total;

	round_new(f);
	round_append(f, 0, ROUND_STANZAS, ROUND_PLAINTEXT / ROUND_STANZAS);
	total = f->record->len;
	assert_int_equal(server_send(f, f->record->data, total - 2), 0);
	loop_until_idle(f);
	/* Nothing of a record can be read before its last byte. */
	assert_int_equal(f->received, 0);
	hook_arm(f, at, f->record->data + total - hooked, hooked);
	if (hooked == 1)
		assert_int_equal(server_send(f, f->record->data + total - 2, 1), 0);
}

/* The turns that a readable socket (the second-to-last byte) starts. */
static void
socket_start(struct fixture *f, int at)
{
	round_long(f, at, 1);
}

/* The turns that netloop_flush() starts (to send a stanza, in natter):
 * its own turn, then those of the write watch it arms, the socket having
 * been quiet until then. */
static void
flush_start(struct fixture *f, int at)
{
	round_long(f, at, 2);
	netloop_flush();
}

/* The turns of SHORT_RECORDS short records and a long one in the kernel
 * at once, but for the long one's last byte. */
static void
cap_start(struct fixture *f, int at)
{
	size_t total;

	round_new(f);
	for (int i = 0; i < SHORT_RECORDS; i++)
		round_append(f, i, 1, SHORT_STANZA);
	round_append(f, SHORT_RECORDS, ROUND_STANZAS, ROUND_PLAINTEXT / ROUND_STANZAS);
	total = f->record->len;
	/* The hook is called in the loop only: not before the send. */
	hook_arm(f, at, f->record->data + total - 1, 1);
	assert_int_equal(server_send(f, f->record->data, total - 1), 0);
}

/* The end of the record arrives in the turn of the busy timer (which
 * runs while a session connects or disconnects: netloop_busy()). Nothing
 * follows that turn but the next tick, so the tick itself must read the
 * rest of the record: its stanzas are counted as soon as the iteration
 * that called the hook, the whole tick, is over. */
static void
test_record_end_during_busy_turn(void **state)
{
	struct fixture *f = *state;
	int ticked;

	round_long(f, 1, 2);
	netloop_busy(1);
	ticked = loop_until(f, &f->hook.written, 1, deadline_in(GIVE_UP_MS));
	netloop_busy(-1);
	if (!ticked)
		fail_msg("the busy timer ran no turn in %d ms", GIVE_UP_MS);
	if (f->broken != NULL)
		fail_msg("%s", f->broken);
	if (f->received < f->expected)
		fail_msg("the busy timer's turn read the end of the record: %d of %d stanzas "
		         "parsed after that tick; the rest of the TLS record waited in OpenSSL for "
		         "the next ticks",
		         f->received, f->expected);
}

int
main(void)
{
	static struct kind kinds[] = {
		{ "socket event", socket_start, 0, 1 },
		{ "flush", flush_start, 0, 1 },
		{ "cap round", cap_start, CAP_CALLS_TRIED, 2 },
	};
	const struct CMUnitTest tests[] = {
		{ "test_record_end_during_socket_turns", test_rounds, setup, teardown, &kinds[0] },
		{ "test_record_end_during_flush_turns", test_rounds, setup, teardown, &kinds[1] },
		{ "test_record_end_before_turn_cap", test_rounds, setup, teardown, &kinds[2] },
		cmocka_unit_test_setup_teardown(test_record_end_during_busy_turn, setup, teardown),
	};
	const char *scale = g_getenv("NATTER_TIMEOUT_SCALE");

	if (scale != NULL && g_ascii_strtod(scale, NULL) > 0)
		timeout_scale = g_ascii_strtod(scale, NULL);
	/* As natter does (app.c): a write to a closed socket is an error,
	 * not the end of the process. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, identity_make, identity_free);
}
