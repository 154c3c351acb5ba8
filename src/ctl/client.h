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
};

struct ctl_connection;

/* Connects to the running natter of the profile paths_init() set.
 * Returns 0, or an exit status and *cause. */
int ctl_connect(struct ctl_connection **connection, char **cause);

/* Closes the connection. NULL is ignored. */
void ctl_disconnect(struct ctl_connection *connection);

/* Writes request (taken) as a line. Returns 0, or -1 and *cause. */
int ctl_write(struct ctl_connection *connection, json_t *request, char **cause);

/* The next line natter wrote, as an object (and *line, the line itself,
 * when line is not NULL; caller frees), or NULL and *cause. Blocks. */
json_t *ctl_read(struct ctl_connection *connection, char **line, char **cause);

/* Writes request (taken; its "seq" member names it) and returns natter's
 * answer with that seq, or NULL and *cause. Blocks. */
json_t *ctl_request(struct ctl_connection *connection, json_t *request, char **cause);

/* natter ctl ARGS (argv[0] is "ctl"). Returns the exit status. */
int ctl_main(int argc, char **argv);

#endif
