/*
 * ctl.h: the control socket of a running natter.
 *
 * A running natter listens on $XDG_RUNTIME_DIR/natter/<profile>.sock
 * (directory 0700, socket 0600) for clients of the same user (checked
 * with SO_PEERCRED): natter ctl, natter send. Each line a client writes is
 * a JSON request; each line natter writes is a JSON object of the headless
 * protocol (eventjson.h):
 *
 *   {"seq": N, "command": "/status away"}  -> a "result" (seq N)
 *   {"seq": N, "unread": true}             -> an "unread" object
 *   {"seq": N, "events": true}             -> a "result", then every event
 *   {"seq": N, "send": {...}}              -> a "result" once the server
 *                                             has the message (see ctl.c)
 *
 * On connecting, a client first receives a "ready" line. Each client has a
 * bounded output buffer: one that stops reading is dropped, with a log
 * line, and never holds natter up.
 */
#ifndef NATTER_CTL_CTL_H
#define NATTER_CTL_CTL_H

#include <glib.h>
#include <sys/types.h>

#include "cmd/app.h"
#include "cmd/command.h"

/* Opens the socket; commands run with frontend (its windows for /win,
 * its unread counts). Returns 0, or -1 and *cause: another natter of the
 * same profile is running, or the socket cannot be made. */
int ctl_start(const struct cmd_frontend *frontend, char **cause);

/* Closes the socket and every client, and removes the socket file. */
void ctl_stop(void);

/* The socket's path for the profile natter runs with (caller frees), or
 * NULL and *cause when it would not fit a socket address. */
char *ctl_socket_path(char **cause);

/* 0 when the peer on fd is the user uid, else -1 and *cause. */
int ctl_check_peer(int fd, uid_t uid, char **cause);

/* A request line, read and checked (ctl.c; what a client may write). */
enum ctl_request_kind { CTL_COMMAND, CTL_UNREAD, CTL_SEND, CTL_EVENTS };

struct ctl_request {
	enum ctl_request_kind kind;
	gint64 seq;
	const char *command; /* CTL_COMMAND: the command line */
	/* CTL_SEND: natter send's message (send.c) */
	const char *account, *text, *subject; /* subject may be NULL */
	GPtrArray *to;                        /* of const char *, NULL-terminated: 1 or more */
	int room, headline, probe;
	void *json; /* the parsed line, which holds the strings */
};

/* Reads line: 0, or -1 and *error (request->seq is the line's seq, when
 * it had one); either way ctl_request_clear() frees what it holds. */
int ctl_request_read(const char *line, struct ctl_request *request, char **error);
void ctl_request_clear(struct ctl_request *request);

/* The socket as a service of the program, with natter ctl; and natter
 * send (send.c). */
extern const struct app_service ctl_service;
extern const struct app_service send_service;
extern const struct app_service search_service;
extern const struct app_service export_service;

#endif
