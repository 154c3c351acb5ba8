/*
 * watchdog.c: unblocks a TLS handshake that a server never finishes.
 *
 * Owns one thread (started on the first guarded socket, joined by
 * watchdog_stop()) and, under one mutex, the set of guarded sockets and
 * the deadline of the run in progress. The main thread only takes the
 * mutex for a moment around each guarded run.
 */
#include "config.h"

#include <glib.h>
#include <sys/socket.h>

#include "xmpp/watchdog.h"

struct guarded {
	int fd;
	int fired;
};

static GMutex lock;
static GCond changed;
static GThread *thread;
static GArray *guarded; /* of struct guarded */
static gint64 deadline; /* monotonic µs; 0 when no guarded run */
static guint64 run;     /* number of the guarded run in progress */
static int stopping;

static gpointer
watchdog_main(gpointer unused)
{
	g_mutex_lock(&lock);
	while (!stopping) {
		guint64 watched = run;
		gint64 until = deadline;

		if (until == 0) {
			g_cond_wait(&changed, &lock);
			continue;
		}
		if (g_cond_wait_until(&changed, &lock, until))
			continue; /* the run ended or another began */
		if (stopping || run != watched || deadline == 0)
			continue;
		/* Only one handshake can block the run; which one is unknown, so
		 * the oldest guarded socket goes first, and the next only if the
		 * run still does not end. */
		deadline = 0;
		for (guint i = 0; i < guarded->len; i++) {
			struct guarded *g = &g_array_index(guarded, struct guarded, i);
			if (g->fired)
				continue;
			shutdown(g->fd, SHUT_RDWR);
			g->fired = 1;
			deadline = g_get_monotonic_time() + WATCHDOG_NEXT_S * G_USEC_PER_SEC;
			break;
		}
	}
	g_mutex_unlock(&lock);
	return NULL;
}

void
watchdog_guard(int fd)
{
	struct guarded g = { fd, 0 };

	g_mutex_lock(&lock);
	if (guarded == NULL)
		guarded = g_array_new(FALSE, FALSE, sizeof(struct guarded));
	g_array_append_val(guarded, g);
	if (thread == NULL)
		thread = g_thread_new("natter-watchdog", watchdog_main, NULL);
	g_mutex_unlock(&lock);
}

void
watchdog_release(int fd)
{
	g_mutex_lock(&lock);
	for (guint i = 0; guarded != NULL && i < guarded->len; i++) {
		if (g_array_index(guarded, struct guarded, i).fd == fd) {
			g_array_remove_index(guarded, i); /* keeps the oldest first */
			break;
		}
	}
	g_mutex_unlock(&lock);
}

void
watchdog_enter(void)
{
	g_mutex_lock(&lock);
	if (guarded != NULL && guarded->len > 0) {
		run++;
		deadline = g_get_monotonic_time() + WATCHDOG_TIMEOUT_S * G_USEC_PER_SEC;
		g_cond_signal(&changed);
	}
	g_mutex_unlock(&lock);
}

void
watchdog_leave(void)
{
	g_mutex_lock(&lock);
	if (deadline != 0) {
		/* Wake the thread now, so that it goes back to waiting without
		 * a timeout instead of waking later for a run long over. */
		deadline = 0;
		g_cond_signal(&changed);
	}
	g_mutex_unlock(&lock);
}

int
watchdog_fired(int fd)
{
	int fired = 0;

	g_mutex_lock(&lock);
	for (guint i = 0; guarded != NULL && i < guarded->len; i++) {
		if (g_array_index(guarded, struct guarded, i).fd == fd)
			fired = g_array_index(guarded, struct guarded, i).fired;
	}
	g_mutex_unlock(&lock);
	return fired;
}

void
watchdog_stop(void)
{
	g_mutex_lock(&lock);
	stopping = 1;
	g_cond_signal(&changed);
	g_mutex_unlock(&lock);
	if (thread != NULL)
		g_thread_join(thread);
	thread = NULL;
	stopping = 0;
	deadline = 0;
	if (guarded != NULL)
		g_array_free(guarded, TRUE);
	guarded = NULL;
}
