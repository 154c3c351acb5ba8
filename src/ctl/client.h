/*
 * client.h: the client side of the control socket (natter ctl, and
 * natter send handing a message to a running natter).
 */
#ifndef NATTER_CTL_CLIENT_H
#define NATTER_CTL_CLIENT_H

#include <jansson.h>

/* Exit statuses of natter ctl (natter(1)). */
enum {
	CTL_EXIT_FAILED = 1,       /* the command ran and failed */
	CTL_EXIT_USAGE = 64,       /* EX_USAGE */
	CTL_EXIT_UNAVAILABLE = 69, /* EX_UNAVAILABLE: no natter answers */
	CTL_EXIT_TIMEOUT = 75,     /* EX_TEMPFAIL: natter did not answer in time */
};

/* How long natter ctl waits for an answer. */
#define CTL_ANSWER_TIMEOUT_S 30

struct ctl_connection;

/* Connects to the running natter of the profile paths_init() set.
 * Returns 0, or an exit status and *cause. */
int ctl_connect(struct ctl_connection **connection, char **cause);

/* Closes the connection. NULL is ignored. */
void ctl_disconnect(struct ctl_connection *connection);

/* Writes request (taken) as a line. Returns 0, or -1 and *cause. */
int ctl_write(struct ctl_connection *connection, json_t *request, char **cause);

/* The next line natter wrote, as an object (and *line, the line itself,
 * when line is not NULL; caller frees), or NULL and *cause. Blocks up to
 * timeout seconds (< 0: as long as it takes). */
json_t *ctl_read(struct ctl_connection *connection, char **line, int timeout, char **cause);

/* Writes request (taken; its "seq" member names it) and returns natter's
 * answer with that seq (or an error answer with seq 0: natter could not
 * read the request), or NULL and *cause, within timeout seconds. */
json_t *ctl_request(struct ctl_connection *connection, json_t *request, int timeout, char **cause);

/* Whether the last ctl_read() or ctl_request() gave up for time. */
int ctl_timed_out(const struct ctl_connection *connection);

/* natter ctl ARGS (argv[0] is "ctl"). Returns the exit status. */
int ctl_main(int argc, char **argv);

/* natter send ARGS (argv[0] is "send"). Returns the exit status. */
int send_main(int argc, char **argv);

#endif
