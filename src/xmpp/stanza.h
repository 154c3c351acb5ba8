/*
 * stanza.h: small helpers for reading stanzas and putting protocol errors
 * into words (private to src/xmpp). Returned strings are the caller's.
 */
#ifndef NATTER_XMPP_STANZA_H
#define NATTER_XMPP_STANZA_H

#include <glib.h>
#include <strophe.h>

/* "condition (text)" of a SASL <failure/> (RFC 6120 6.5). */
char *stanza_describe_failure(xmpp_stanza_t *failure);

/* Words for a stream error (RFC 6120 4.9.3). text may be NULL. */
char *stanza_describe_stream_error(xmpp_error_type_t type, const char *text);

/* Words for the <error/> child of a stanza (RFC 6120 8.3), or NULL when it
 * has none. */
char *stanza_describe_error(xmpp_stanza_t *stanza);

/* The defined condition of the <error/> child of a stanza ("conflict",
 * "forbidden"...), or NULL when it has none. Borrowed from the stanza. */
const char *stanza_error_condition(xmpp_stanza_t *stanza);

/* XEP-0203: when a delayed stanza was first sent (microseconds since the
 * epoch), or 0 without a usable <delay/>. */
gint64 stanza_delay(xmpp_stanza_t *stanza);

/* Text of the first child element named name (any namespace), or NULL. */
char *stanza_child_text(xmpp_stanza_t *stanza, const char *name);

/* Upper-case hex pairs joined by ':' from any hex fingerprint text. */
char *stanza_format_fingerprint(const char *fingerprint);

struct session;

/* Answers the request iq with an empty result (RFC 6120 8.2.3). */
void stanza_reply_result(struct session *session, xmpp_stanza_t *iq);

/* Answers the request iq with an error: condition (RFC 6120 8.3.3) of
 * type ("cancel", "modify"...). */
void stanza_reply_error(struct session *session, xmpp_stanza_t *iq, const char *condition,
                        const char *type);

/* A new stanza id, "prefix-N-XXXXXXXX". */
char *stanza_new_id(const char *prefix);

/* A new iq of type (to may be NULL) with a fresh id and one child
 * <name xmlns='ns'/>, given in *payload (held by the iq). Caller releases
 * the iq. */
xmpp_stanza_t *stanza_new_query(const char *type, const char *to, const char *name, const char *ns,
                                xmpp_stanza_t **payload);

/* XEP-0359 3: the id that archive by gave the stanza (<stanza-id
 * by='BY'/>), or NULL. Only the archive's own word counts: a stanza-id
 * by anyone else is the sender's claim. */
const char *stanza_id_by(xmpp_stanza_t *stanza, const char *by);

/* Appends <name>text</name> to parent. */
void stanza_add_text_child(xmpp_stanza_t *parent, const char *name, const char *text);

#endif
