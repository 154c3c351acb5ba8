/*
 * session.c: OTR sessions with contacts (see otr.h): libotr's message
 * operations, what goes out and what comes in, starting and ending.
 *
 * A contact is its bare JID (libotr's instance tags tell its clients
 * apart). OTR's own messages go out through the transport the program
 * sets (xmpp is not otr's to call); what libotr has to say (a session
 * secured or ended, a message it could not read) is an EV_OTR event for
 * the conversation. libotr's timer_control becomes a GLib timeout per
 * account. Owns the accounts' timers and the contacts waiting for a key.
 */
#include "config.h"

/* libotr's headers need proto.h (and tlv.h) first. */
#include <libotr/proto.h>

#include <libotr/tlv.h>

#include <libotr/context.h>
#include <libotr/instag.h>
#include <libotr/message.h>
#include <libotr/privkey.h>
#include <string.h>

#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "otr/otr-private.h"
#include "otr/otr.h"

/* How much of a contact's OTR error is quoted (characters). */
#define OTR_ERROR_SHOWN 300

static const OtrlMessageAppOps otr_ops;
static void (*transport)(const char *account, const char *to, const char *text);
static enum otr_policy (*policy_source)(const char *account, const char *peer);

void
otr_set_transport(void (*send)(const char *account, const char *to, const char *text))
{
	transport = send;
}

void otr_set_policy_source(enum otr_policy (*policy)(const char *account, const char *peer))
{
	policy_source = policy;
}

static enum otr_policy
otr_policy_of(const char *account, const char *peer)
{
	return policy_source != NULL ? policy_source(account, peer) : OTR_POLICY_MANUAL;
}

const char *
otr_policy_name(enum otr_policy policy)
{
	switch (policy) {
	case OTR_POLICY_OPPORTUNISTIC:
		return "opportunistic";
	case OTR_POLICY_ALWAYS:
		return "always";
	case OTR_POLICY_MANUAL:
		break;
	}
	return "manual";
}

int
otr_policy_parse(const char *name, enum otr_policy *policy)
{
	for (int p = OTR_POLICY_MANUAL; p <= OTR_POLICY_ALWAYS; p++) {
		if (g_strcmp0(name, otr_policy_name(p)) == 0) {
			*policy = p;
			return 0;
		}
	}
	return -1;
}

const char *
otr_state_name(enum otr_state state)
{
	switch (state) {
	case OTR_ENCRYPTED:
		return "encrypted";
	case OTR_VERIFIED:
		return "verified";
	case OTR_FINISHED:
		return "finished";
	case OTR_PLAINTEXT:
		break;
	}
	return "plaintext";
}

/* The state of a libotr context, as the user sees it. */
static enum otr_state
otr_context_state(const ConnContext *context)
{
	if (context == NULL)
		return OTR_PLAINTEXT;
	switch (context->msgstate) {
	case OTRL_MSGSTATE_ENCRYPTED:
		return context->active_fingerprint != NULL && otrl_context_is_fingerprint_trusted(
		                                                      context->active_fingerprint)
		               ? OTR_VERIFIED
		               : OTR_ENCRYPTED;
	case OTRL_MSGSTATE_FINISHED:
		return OTR_FINISHED;
	case OTRL_MSGSTATE_PLAINTEXT:
		break;
	}
	return OTR_PLAINTEXT;
}

/* Tells the conversation with peer what changed or happened. */
static void
otr_tell(const struct otr_account *a, const char *peer, enum otr_state state, const char *text)
{
	struct event event = { .type = EV_OTR, .account = a->name };

	event.u.otr.peer = peer;
	event.u.otr.state = state;
	event.u.otr.text = text;
	event_emit(&event);
}

static void
otr_tell_context(const struct otr_account *a, const ConnContext *context, const char *text)
{
	otr_tell(a, context->username, otr_context_state(context), text);
}

/* ---- libotr's operations (opdata: the struct otr_account) ---- */

static OtrlPolicy
otr_op_policy(void *opdata, ConnContext *context)
{
	const struct otr_account *a = opdata;

	switch (otr_policy_of(a->name, context ? context->username : NULL)) {
	case OTR_POLICY_OPPORTUNISTIC:
		return OTRL_POLICY_OPPORTUNISTIC;
	case OTR_POLICY_ALWAYS:
		return OTRL_POLICY_ALWAYS;
	case OTR_POLICY_MANUAL:
		break;
	}
	return OTRL_POLICY_MANUAL;
}

static void
otr_op_create_privkey(void *opdata, const char *accountname, const char *protocol)
{
	struct otr_account *a = opdata;
	char *cause = NULL;

	/* Made in the background; what needed it starts again then
	 * (otr_session_key_ready()). */
	if (otr_generate_key(a->name, &cause) == -1) {
		event_log(a->name, LOG_ERROR, "OTR: %s", cause);
		g_free(cause);
	}
}

/* Whether the contact is online: libotr sends the end of a session (and
 * heartbeats) only then. Offline only when natter sees the contact's
 * presence and none of its resources is available; when it cannot know,
 * online: the end of a session is rather told than not. */
static int
otr_op_is_logged_in(void *opdata, const char *accountname, const char *protocol,
                    const char *recipient)
{
	const struct otr_account *a = opdata;
	const struct contact *contact = contact_find(a->name, recipient);

	if (contact != NULL && contact->in_roster &&
	    (contact->subscription == SUB_TO || contact->subscription == SUB_BOTH))
		return contact->resources != NULL && contact->resources->len > 0;
	return 1;
}

static void
otr_op_inject(void *opdata, const char *accountname, const char *protocol, const char *recipient,
              const char *message)
{
	const struct otr_account *a = opdata;

	if (transport != NULL)
		transport(a->name, recipient, message);
}

static void
otr_op_new_fingerprint(void *opdata, OtrlUserState us, const char *accountname,
                       const char *protocol, const char *username, unsigned char fingerprint[20])
{
	char human[OTRL_PRIVKEY_FPRINT_HUMAN_LEN], *text;

	otrl_privkey_hash_to_human(human, fingerprint);
	text = g_strdup_printf("a new OTR fingerprint for %s: %s; compare it with theirs (over "
	                       "another channel), then /otr trust, or verify with /otr secret or "
	                       "/otr question",
	                       username, human);
	otr_tell(opdata, username, OTR_PLAINTEXT, text);
	g_free(text);
}

static void
otr_op_write_fingerprints(void *opdata)
{
	struct otr_account *a = opdata;
	char *cause = NULL;

	if (otr_write(a, OTR_FILE_FINGERPRINTS, NULL, &cause) == -1) {
		event_log(a->name, LOG_ERROR, "OTR: %s", cause);
		g_free(cause);
	}
}

static void
otr_op_gone_secure(void *opdata, ConnContext *context)
{
	otr_tell_context(opdata, context,
	                 otr_context_state(context) == OTR_VERIFIED
	                         ? "OTR session started: encrypted, and their fingerprint verified"
	                         : "OTR session started: encrypted, but their fingerprint is not "
	                           "verified (/otr theirfp, then /otr trust, /otr secret or /otr "
	                           "question)");
}

static void
otr_op_gone_insecure(void *opdata, ConnContext *context)
{
	otr_tell_context(opdata, context, "OTR session ended: messages are not encrypted");
}

static void
otr_op_still_secure(void *opdata, ConnContext *context, int is_reply)
{
	otr_tell_context(opdata, context, "OTR session refreshed: still encrypted");
}

static int
otr_op_max_message_size(void *opdata, ConnContext *context)
{
	return 0; /* XMPP carries a message whole */
}

static const char *
otr_op_account_name(void *opdata, const char *account, const char *protocol)
{
	return g_strdup(account);
}

static void
otr_op_free_text(void *opdata, const char *text)
{
	g_free((char *)text);
}

/* What the contact's client is told when its message could not be read
 * (libotr sends it). */
static const char *
otr_op_error_message(void *opdata, ConnContext *context, OtrlErrorCode code)
{
	switch (code) {
	case OTRL_ERRCODE_ENCRYPTION_ERROR:
		return g_strdup("an error occurred while encrypting a message");
	case OTRL_ERRCODE_MSG_NOT_IN_PRIVATE:
		return g_strdup("you sent an encrypted message, but no private conversation was "
		                "under way");
	case OTRL_ERRCODE_MSG_UNREADABLE:
		return g_strdup("you sent an encrypted message that could not be read");
	case OTRL_ERRCODE_MSG_MALFORMED:
		return g_strdup("you sent a malformed message");
	case OTRL_ERRCODE_NONE:
		break;
	}
	return g_strdup("an OTR error");
}

static const char *
otr_op_resent_prefix(void *opdata, ConnContext *context)
{
	return g_strdup("[resent]");
}

/* What happened to a message, in words for the conversation. */
static void
otr_op_msg_event(void *opdata, OtrlMessageEvent event, ConnContext *context, const char *message,
                 gcry_error_t err)
{
	const struct otr_account *a = opdata;
	const char *peer = context ? context->username : "";
	char *text = NULL;

	switch (event) {
	case OTRL_MSGEVENT_ENCRYPTION_REQUIRED:
		text = g_strdup(
		        "OTR policy: messages to this contact must be encrypted; starting a "
		        "session");
		break;
	case OTRL_MSGEVENT_ENCRYPTION_ERROR:
		text = g_strdup("OTR: the message could not be encrypted; it was not sent");
		break;
	case OTRL_MSGEVENT_CONNECTION_ENDED:
		text = g_strdup("OTR: the contact ended the session; the message was not sent "
		                "(/otr end to write in the clear, /otr start for a new session)");
		break;
	case OTRL_MSGEVENT_SETUP_ERROR:
		text = g_strdup_printf("OTR: the session could not be set up: %s",
		                       err ? gcry_strerror(err) : "an error");
		break;
	case OTRL_MSGEVENT_MSG_REFLECTED:
		text = g_strdup("OTR: a message of ours came back to us; ignored");
		break;
	case OTRL_MSGEVENT_MSG_RESENT:
		text = g_strdup("OTR: the last message was sent again, encrypted");
		break;
	case OTRL_MSGEVENT_RCVDMSG_NOT_IN_PRIVATE:
		text = g_strdup("OTR: an encrypted message came that cannot be read: no session "
		                "with this contact now (it may have been meant for another of your "
		                "clients; /otr start)");
		break;
	case OTRL_MSGEVENT_RCVDMSG_UNREADABLE:
		text = g_strdup("OTR: an encrypted message came that cannot be read");
		break;
	case OTRL_MSGEVENT_RCVDMSG_MALFORMED:
		text = g_strdup("OTR: a malformed OTR message came; ignored");
		break;
	case OTRL_MSGEVENT_RCVDMSG_GENERAL_ERR: {
		/* OTR 3, "OTR Error Messages": human-readable details. Nearly
		 * always a message the contact's client could not decrypt: its
		 * session ended (it restarted, say) while natter's went on.
		 * libotr then starts a new session itself under a policy with
		 * ERROR_START_AKE, and sends the last message again in it. */
		char *words = g_utf8_make_valid(message ? message : "", -1);
		if (g_utf8_strlen(words, -1) > OTR_ERROR_SHOWN) {
			char *cut = g_utf8_substring(words, 0, OTR_ERROR_SHOWN);
			g_free(words);
			words = g_strconcat(cut, "…", NULL);
			g_free(cut);
		}
		text = g_strdup_printf(
		        "OTR: %s's client could not read a message of yours; it says: \"%s\". "
		        "Its OTR session may have ended (when it restarted, say): %s",
		        peer, words,
		        context != NULL && (otr_op_policy(opdata, context) &
		                            OTRL_POLICY_ERROR_START_AKE)
		                ? "natter is starting a new session; send the message again if "
		                  "it does not say it was"
		                : "/otr start for a new session, then send the message again");
		g_free(words);
		break;
	}
	case OTRL_MSGEVENT_RCVDMSG_UNENCRYPTED:
		text = g_strdup("OTR: the next message came unencrypted, in an encrypted session");
		break;
	case OTRL_MSGEVENT_RCVDMSG_UNRECOGNIZED:
		text = g_strdup("OTR: an OTR message of a kind natter does not know came; ignored");
		break;
	case OTRL_MSGEVENT_RCVDMSG_FOR_OTHER_INSTANCE:
		/* Another of the account's clients has its own session. */
		text = g_strdup("OTR: an encrypted message for another of your clients came; "
		                "it cannot be read here");
		break;
	case OTRL_MSGEVENT_LOG_HEARTBEAT_RCVD:
	case OTRL_MSGEVENT_LOG_HEARTBEAT_SENT:
	case OTRL_MSGEVENT_NONE:
		break;
	}
	if (text != NULL)
		otr_tell(a, peer, otr_context_state(context), text);
	g_free(text);
}

/* The socialist millionaires' protocol (SMP): its steps, in words; a
 * success of one's own secret or question trusts the fingerprint (one
 * where the user answered the contact's question only tells the contact
 * who the user is). */
static void
otr_op_smp_event(void *opdata, OtrlSMPEvent event, ConnContext *context, unsigned short progress,
                 char *question)
{
	struct otr_account *a = opdata;
	const char *peer = context->username;
	char *text = NULL;

	switch (event) {
	case OTRL_SMPEVENT_ASK_FOR_SECRET:
		text = g_strdup_printf(
		        "%s wants to verify you with a secret you share: /otr answer "
		        "SECRET",
		        peer);
		break;
	case OTRL_SMPEVENT_ASK_FOR_ANSWER:
		text = g_strdup_printf("%s asks, to verify you: %s (/otr answer ANSWER)", peer,
		                       question ? question : "");
		break;
	case OTRL_SMPEVENT_SUCCESS:
		if (context->smstate != NULL && context->smstate->received_question) {
			text = g_strdup_printf("your answer was right: %s can trust you now; to "
			                       "verify them, /otr secret or /otr question",
			                       peer);
		} else if (context->active_fingerprint != NULL) {
			otrl_context_set_trust(context->active_fingerprint, "smp");
			otr_op_write_fingerprints(a);
			text = g_strdup_printf("verified: %s knew the secret; their fingerprint is "
			                       "trusted now",
			                       peer);
		}
		break;
	case OTRL_SMPEVENT_FAILURE:
		text = g_strdup_printf("verification failed: the secret (or the answer) did not "
		                       "match; %s's fingerprint is not verified",
		                       peer);
		break;
	case OTRL_SMPEVENT_ABORT:
		text = g_strdup_printf("%s stopped the verification", peer);
		break;
	case OTRL_SMPEVENT_CHEATED:
	case OTRL_SMPEVENT_ERROR:
		otrl_message_abort_smp(a->us, &otr_ops, a, context);
		text = g_strdup("verification failed: the protocol went wrong; start it again");
		break;
	case OTRL_SMPEVENT_IN_PROGRESS:
	case OTRL_SMPEVENT_NONE:
		break;
	}
	if (text != NULL)
		otr_tell_context(a, context, text);
	g_free(text);
}

static void
otr_op_create_instag(void *opdata, const char *accountname, const char *protocol)
{
	struct otr_account *a = opdata;
	char *cause = NULL;

	if (otr_write(a, OTR_FILE_INSTAGS, NULL, &cause) == -1) {
		event_log(a->name, LOG_ERROR, "OTR: %s", cause);
		g_free(cause);
	}
}

static gboolean
otr_on_timer(gpointer data)
{
	struct otr_account *a = data;

	otrl_message_poll(a->us, &otr_ops, a);
	return G_SOURCE_CONTINUE;
}

/* libotr asks to be polled every interval seconds (0: no more). */
static void
otr_op_timer_control(void *opdata, unsigned int interval)
{
	struct otr_account *a = opdata;

	g_clear_handle_id(&a->timer, g_source_remove);
	if (interval > 0)
		a->timer = g_timeout_add_seconds(interval, otr_on_timer, a);
}

static const OtrlMessageAppOps otr_ops = {
	.policy = otr_op_policy,
	.create_privkey = otr_op_create_privkey,
	.is_logged_in = otr_op_is_logged_in,
	.inject_message = otr_op_inject,
	.new_fingerprint = otr_op_new_fingerprint,
	.write_fingerprints = otr_op_write_fingerprints,
	.gone_secure = otr_op_gone_secure,
	.gone_insecure = otr_op_gone_insecure,
	.still_secure = otr_op_still_secure,
	.max_message_size = otr_op_max_message_size,
	.account_name = otr_op_account_name,
	.account_name_free = otr_op_free_text,
	.otr_error_message = otr_op_error_message,
	.otr_error_message_free = otr_op_free_text,
	.resent_msg_prefix = otr_op_resent_prefix,
	.resent_msg_prefix_free = otr_op_free_text,
	.handle_msg_event = otr_op_msg_event,
	.handle_smp_event = otr_op_smp_event,
	.create_instag = otr_op_create_instag,
	.timer_control = otr_op_timer_control,
};

/* ---- what the program calls ---- */

static ConnContext *
otr_context_of(const struct otr_account *a, const char *peer)
{
	return otrl_context_find(a->us, peer, a->jid, OTR_PROTOCOL, OTRL_INSTAG_BEST, 0, NULL, NULL,
	                         NULL);
}

enum otr_state
otr_state(const char *account, const char *peer)
{
	/* Asked on every redraw of a title: never reads files (an account
	 * whose state is not loaded has no session). */
	struct otr_account *a = otr_account_loaded(account);

	return a != NULL ? otr_context_state(otr_context_of(a, peer)) : OTR_PLAINTEXT;
}

/* Sends the OTR query to peer (the key ready). */
static void
otr_send_query(struct otr_account *a, const char *peer)
{
	char *query = otrl_proto_default_query_msg(a->jid, otr_op_policy(a, NULL));

	if (transport != NULL && query != NULL)
		transport(a->name, peer, query);
	free(query);
}

/* peer is asked for a session once the account's key is ready. */
static void
otr_wait_for_key(struct otr_account *a, const char *peer)
{
	if (a->waiting == NULL)
		a->waiting = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < a->waiting->len; i++)
		if (strcmp(a->waiting->pdata[i], peer) == 0)
			return;
	g_ptr_array_add(a->waiting, g_strdup(peer));
}

int
otr_start(const char *account, const char *peer, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	int made;

	if (a == NULL)
		return -1;
	made = otr_generate_key(account, cause);
	if (made == -1)
		return -1;
	if (made == 1) {
		otr_wait_for_key(a, peer);
		return 1;
	}
	otr_send_query(a, peer);
	return 0;
}

void
otr_session_key_ready(struct otr_account *a)
{
	for (guint i = 0; a->waiting != NULL && i < a->waiting->len; i++)
		otr_send_query(a, a->waiting->pdata[i]);
	g_clear_pointer(&a->waiting, g_ptr_array_unref);
}

int
otr_end(const char *account, const char *peer, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	enum otr_state before;

	if (a == NULL)
		return -1;
	before = otr_context_state(otr_context_of(a, peer));
	/* Not asked again when the key is ready. */
	for (guint i = 0; a->waiting != NULL && i < a->waiting->len; i++)
		if (strcmp(a->waiting->pdata[i], peer) == 0)
			g_ptr_array_remove_index(a->waiting, i--);
	otrl_message_disconnect_all_instances(a->us, &otr_ops, a, a->jid, OTR_PROTOCOL, peer);
	if (before != OTR_PLAINTEXT)
		otr_tell(a, peer, OTR_PLAINTEXT, "OTR session ended: messages are not encrypted");
	return 0;
}

int
otr_outgoing(const char *account, const char *peer, const char *text, char **wire, int *encrypted,
             char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	enum otr_policy policy = otr_policy_of(account, peer);
	ConnContext *context;
	enum otr_state state;
	char *message = NULL;
	gcry_error_t err;

	*wire = NULL;
	*encrypted = 0;
	if (a == NULL) {
		/* The account's OTR state (its key, fingerprints, policies)
		 * cannot be read: its policy cannot be known either. Nothing
		 * goes out until the file is mended (failing closed). */
		char *why = *cause;
		*cause = g_strdup_printf("OTR: %s; nothing is sent to contacts of account %s until "
		                         "that is mended",
		                         why, account);
		g_free(why);
		return -1;
	}
	context = otr_context_of(a, peer);
	state = otr_context_state(context);
	/* OTR 3: after the contact ended the session, nothing is sent until
	 * the user ends it too or starts anew. */
	if (state == OTR_FINISHED) {
		*cause = g_strdup_printf("%s ended the OTR session: the message was not sent (/otr "
		                         "end to write in the clear, /otr start for a new session)",
		                         peer);
		return -1;
	}
	if (state == OTR_PLAINTEXT && policy == OTR_POLICY_ALWAYS) {
		otr_start(account, peer, cause);
		g_clear_pointer(cause, g_free);
		*cause =
		        g_strdup_printf("the OTR policy for %s is always: the message was not sent "
		                        "in the clear; a session is being started: send it again "
		                        "once it is encrypted",
		                        peer);
		return -1;
	}
	err = otrl_message_sending(a->us, &otr_ops, a, a->jid, OTR_PROTOCOL, peer, OTRL_INSTAG_BEST,
	                           text, NULL, &message, OTRL_FRAGMENT_SEND_SKIP, &context, NULL,
	                           NULL);
	if (err != 0) {
		*cause = g_strdup_printf("OTR could not encrypt the message: %s; it was not sent",
		                         gcry_strerror(err));
		otrl_message_free(message);
		return -1;
	}
	*encrypted = state == OTR_VERIFIED    ? MESSAGE_VERIFIED
	             : state == OTR_ENCRYPTED ? MESSAGE_ENCRYPTED
	                                      : MESSAGE_CLEAR;
	if (message != NULL)
		*wire = g_strdup(message);
	otrl_message_free(message);
	return 0;
}

int
otr_incoming(const char *account, const char *from, const char *text, char **plain, int *encrypted)
{
	char *cause = NULL, *message = NULL, *peer = jid_bare_of(from);
	struct otr_account *a = otr_account(account, &cause);
	OtrlTLV *tlvs = NULL;
	ConnContext *context = NULL;
	int ignore;

	*plain = NULL;
	*encrypted = 0;
	if (a == NULL || peer == NULL) {
		/* Shown as it came: OTR cannot be asked. */
		if (a == NULL && g_str_has_prefix(text, "?OTR"))
			*plain = g_strdup_printf("[an OTR message that cannot be read: %s]", cause);
		g_free(cause);
		g_free(peer);
		return 0;
	}
	/* Asked for a session (a query, a key exchange) before the account
	 * has a key: libotr would begin an exchange it cannot finish (its
	 * signature needs the key), and a second one, crossing it, would
	 * then stall both. Not given to libotr: the key is made, and the
	 * contact asked again once it is ready. A data message (AAMD, AAID)
	 * or an error is libotr's to explain. */
	if (g_str_has_prefix(text, "?OTR") && !g_str_has_prefix(text, "?OTR:AAMD") &&
	    !g_str_has_prefix(text, "?OTR:AAID") && !g_str_has_prefix(text, "?OTR Error") &&
	    otrl_privkey_find(a->us, a->jid, OTR_PROTOCOL) == NULL) {
		if (otr_generate_key(account, &cause) == -1)
			otr_tell(a, peer, OTR_PLAINTEXT, cause);
		else
			otr_wait_for_key(a, peer);
		g_free(cause);
		g_free(peer);
		return 1;
	}
	/* OTR 3, "OTR Error Messages": "Any message containing the string
	 * "?OTR Error:" is an OTR Error Message". libotr 4.1 reads the
	 * details only after "?OTR Error: " (a space), and passes on one
	 * without (potr's) as a message: given to it with the space. */
	const char *error = strstr(text, "?OTR Error:");
	char *mended = NULL;
	if (error != NULL && error[strlen("?OTR Error:")] != ' ')
		mended = g_strdup_printf("%.*s" OTR_ERROR_PREFIX "%s", (int)(error - text), text,
		                         error + strlen("?OTR Error:"));
	ignore = otrl_message_receiving(a->us, &otr_ops, a, a->jid, OTR_PROTOCOL, peer,
	                                mended ? mended : text, &message, &tlvs, &context, NULL,
	                                NULL);
	g_free(mended);
	/* The contact ended the session: libotr is FINISHED now. */
	if (otrl_tlv_find(tlvs, OTRL_TLV_DISCONNECTED) != NULL)
		otr_tell(a, peer, OTR_FINISHED,
		         "the contact ended the OTR session: nothing is sent until you /otr end "
		         "(to write in the clear) or /otr start");
	otrl_tlv_free(tlvs);
	if (!ignore) {
		*encrypted = !g_str_has_prefix(text, "?OTR:")             ? MESSAGE_CLEAR
		             : otr_context_state(context) == OTR_VERIFIED ? MESSAGE_VERIFIED
		                                                          : MESSAGE_ENCRYPTED;
		*plain = message != NULL ? g_strdup(message) : NULL;
	}
	otrl_message_free(message);
	g_free(peer);
	return ignore ? 1 : 0;
}

void
otr_session_forget(struct otr_account *a)
{
	g_clear_handle_id(&a->timer, g_source_remove);
	g_clear_pointer(&a->waiting, g_ptr_array_unref);
}

/* The fingerprint of the session with peer (an encrypted instance's),
 * or NULL and *cause. */
static Fingerprint *
otr_session_fingerprint(struct otr_account *a, const char *peer, ConnContext **context,
                        char **cause)
{
	*context = otr_context_of(a, peer);
	if (*context == NULL || (*context)->msgstate != OTRL_MSGSTATE_ENCRYPTED ||
	    (*context)->active_fingerprint == NULL) {
		*cause = g_strdup_printf("no OTR session with %s: /otr start first", peer);
		return NULL;
	}
	return (*context)->active_fingerprint;
}

char *
otr_their_fingerprint(const char *account, const char *peer, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	ConnContext *context;
	Fingerprint *f = a ? otr_session_fingerprint(a, peer, &context, cause) : NULL;
	char human[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];

	if (f == NULL)
		return NULL;
	otrl_privkey_hash_to_human(human, f->fingerprint);
	return g_strdup(human);
}

int
otr_trust(const char *account, const char *peer, int trusted, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	ConnContext *context;
	Fingerprint *f = a ? otr_session_fingerprint(a, peer, &context, cause) : NULL;

	if (f == NULL)
		return -1;
	otrl_context_set_trust(f, trusted ? "verified" : "");
	otr_op_write_fingerprints(a);
	otr_tell(a, peer, otr_context_state(context),
	         trusted ? "OTR: their fingerprint is now trusted (verified)"
	                 : "OTR: their fingerprint is no longer trusted");
	return 0;
}

int
otr_verify(const char *account, const char *peer, const char *question, const char *secret,
           int answer, char **cause)
{
	struct otr_account *a = otr_account(account, cause);
	ConnContext *context;
	Fingerprint *f = a ? otr_session_fingerprint(a, peer, &context, cause) : NULL;
	size_t length = strlen(secret);

	if (f == NULL)
		return -1;
	if (answer)
		otrl_message_respond_smp(a->us, &otr_ops, a, context, (const unsigned char *)secret,
		                         length);
	else if (question != NULL)
		otrl_message_initiate_smp_q(a->us, &otr_ops, a, context, question,
		                            (const unsigned char *)secret, length);
	else
		otrl_message_initiate_smp(a->us, &otr_ops, a, context,
		                          (const unsigned char *)secret, length);
	return 0;
}
