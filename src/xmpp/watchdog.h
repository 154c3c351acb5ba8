/*
 * watchdog.h: unblocks a TLS handshake that a server never finishes
 * (private to src/xmpp).
 *
 * libstrophe 0.12 runs the TLS handshake inside xmpp_run_once() as a loop
 * with no deadline, so a server that accepts a connection and then says
 * nothing would freeze natter: the loop, the UI and the signal handlers.
 * While a connection that has not logged in yet exists, every run of
 * libstrophe is guarded: a thread that sleeps on a condition variable
 * shuts such sockets down when one run lasts longer than
 * WATCHDOG_TIMEOUT_S, which makes the handshake fail at once. Nothing is
 * guarded, and the thread sleeps without a timeout, once all connections
 * are logged in.
 */
#ifndef NATTER_XMPP_WATCHDOG_H
#define NATTER_XMPP_WATCHDOG_H

#define WATCHDOG_TIMEOUT_S 20
/* Then, if the run still does not end, the next socket after this long. */
#define WATCHDOG_NEXT_S 2

/* Guards the socket fd (a connection that is not logged in yet). */
void watchdog_guard(int fd);

/* Stops guarding fd (logged in, or closed). */
void watchdog_release(int fd);

/* Around each xmpp_run_once(): arms and disarms the deadline when some
 * socket is guarded. */
void watchdog_enter(void);
void watchdog_leave(void);

/* 1 when the watchdog shut fd down since it was guarded. */
int watchdog_fired(int fd);

/* Ends the thread (at shutdown). */
void watchdog_stop(void);

#endif
