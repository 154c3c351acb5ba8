/*
 * sendjob.h: one message to one or more recipients, until the server has
 * it (natter send, alone or through a running natter's control socket).
 *
 * "The server has it" is: for a contact, the server answered a round trip
 * sent after the message (RFC 6120 10.1: stanzas are processed in order,
 * so a bounce from a local recipient has come back by then); for a room,
 * the room sent the message back to its occupants (XEP-0045 7.4).
 */
#ifndef NATTER_CMD_SENDJOB_H
#define NATTER_CMD_SENDJOB_H

#include <glib.h>

struct session;

/* How a send ended. */
enum send_outcome {
	SEND_OK,         /* the server has every message */
	SEND_RECIPIENT,  /* a recipient bounced it, or a room refused entry */
	SEND_INVALID,    /* a recipient or the text cannot be sent */
	SEND_LOST,       /* the connection ended before the server confirmed */
	SEND_NOT_IN_ROOM /* join is 0 and the account is not in a room */
};

struct send_request {
	const char *const *to; /* JIDs, or room addresses with room */
	int room;              /* group messages to rooms */
	int join;              /* enter rooms the account is not in, leave after */
	const char *subject;   /* or NULL */
	int headline;          /* type headline */
	const char *text;
};

/* outcome, and error (in words) when not SEND_OK. */
typedef void (*send_done_fn)(enum send_outcome outcome, const char *error, void *data);

struct send_job;

/* Sends request on session (online) and calls done once, from the main
 * loop (never before returning), then frees the job. */
struct send_job *send_job_start(struct session *session, const struct send_request *request,
                                send_done_fn done, void *data);

/* Stops the job without calling done (the one waiting for it left). */
void send_job_cancel(struct send_job *job);

#endif
