/*
 * eventjson.h: natter's events and command results as JSON (the headless
 * frontend's lines, the control socket's).
 */
#ifndef NATTER_CMD_EVENTJSON_H
#define NATTER_CMD_EVENTJSON_H

#include <glib.h>
#include <jansson.h>

#include "cmd/command.h"
#include "core/event.h"

/* The version of the event schema in "ready": raised when a member or an
 * event changes meaning (adding one does not). */
#define EVENTJSON_VERSION 1

/* The event types that have a JSON form. */
extern const enum event_type eventjson_types[];
extern const size_t eventjson_type_count;

/* The event as a JSON object (new reference), or NULL when it has no JSON
 * form. */
json_t *eventjson(const struct event *event);

/* The "result" object of command line number seq. */
json_t *eventjson_result(const struct cmd_result *result, json_int_t seq);

/* text as a JSON string (invalid UTF-8 made valid), or null for NULL. */
json_t *eventjson_string(const char *text);

/* A time (microseconds since 1970) as "2026-01-02T03:04:05.678Z". Caller
 * frees. */
char *eventjson_timestamp(gint64 microseconds);

struct stored_message;

/* A message of the history (natter search --json, /search's result):
 * id (its row), account, conversation, direction, sender, body,
 * timestamp, edited. */
json_t *eventjson_stored(const struct stored_message *m);

/* The same as one line of text (not sanitized): "YYYY-MM-DD HH:MM
 * ACCOUNT CONVERSATION <SENDER> BODY". Caller frees. */
char *eventjson_stored_text(const struct stored_message *m);

/* object as one line of text ending with a newline, every non-ASCII
 * character escaped; takes the reference. NULL for NULL. Caller frees. */
char *eventjson_line(json_t *object);

#endif
