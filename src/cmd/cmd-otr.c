/*
 * cmd-otr.c: /otr, Off-the-Record messaging (otr/otr.h): the account's
 * own fingerprint (its key made on first need) and the fingerprints it
 * knows.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "cmd/tokenize.h"
#include "config/prefs.h"
#include "core/jid.h"
#include "model/room.h"
#include "otr/otr.h"

/* /otr myfp: the account's fingerprint, or its key started. */
static int
cmd_otr_myfp(const char *account, struct cmd_result *result)
{
	int generating = 0;
	char *cause = NULL, *fingerprint = otr_own_fingerprint(account, &generating, &cause);
	int started;

	if (fingerprint != NULL) {
		cmd_result_line(result, "your OTR fingerprint on %s: %s", account, fingerprint);
		g_free(fingerprint);
		return 0;
	}
	g_clear_pointer(&cause, g_free);
	started = otr_generate_key(account, &cause);
	if (started == -1) {
		cmd_result_error(result, "/otr: %s", cause);
		g_free(cause);
		return -1;
	}
	cmd_result_line(result,
	                "account %s has no OTR key yet; it is being made, and its fingerprint "
	                "shows when it is ready",
	                account);
	return 0;
}

/* /otr fingerprints: the contacts' fingerprints the account knows. */
static int
cmd_otr_fingerprints(const char *account, struct cmd_result *result)
{
	char *cause = NULL;
	GPtrArray *list = otr_fingerprints(account, &cause);

	if (list == NULL) {
		cmd_result_error(result, "/otr: %s", cause);
		g_free(cause);
		return -1;
	}
	if (list->len == 0)
		cmd_result_line(result, "account %s knows no OTR fingerprints yet", account);
	for (guint i = 0; i < list->len; i++) {
		const struct otr_fingerprint *f = list->pdata[i];
		cmd_result_line(result, "%s  %s  %s%s", f->peer, f->human,
		                *f->trust ? f->trust : "not trusted", f->active ? " (in use)" : "");
	}
	g_ptr_array_unref(list);
	return 0;
}

/* The contact a verb is about: JID (a bare one; not a room or its
 * occupant), or the current window's. Caller frees; NULL and an error. */
static char *
cmd_otr_peer(const struct cmd_invocation *invocation, const char *account, const char *jid,
             struct cmd_result *result)
{
	char *bare;

	if (jid == NULL)
		jid = cmd_option(invocation, 't');
	if (jid == NULL)
		jid = invocation->context->peer;
	if (jid == NULL) {
		cmd_result_error(result,
		                 "/otr %s: say with whom (a JID), or run it in the conversation's "
		                 "window",
		                 invocation->argv[0]);
		return NULL;
	}
	if (!jid_is_valid(jid)) {
		cmd_result_error(result, "/otr: '%s' is not a valid JID", jid);
		return NULL;
	}
	bare = jid_bare_of(jid);
	if (room_find(account, bare) != NULL) {
		cmd_result_error(result, "/otr: %s is a room: OTR is for one-to-one conversations",
		                 bare);
		g_free(bare);
		return NULL;
	}
	return bare;
}

/* start, end, theirfp, trust, untrust [JID]. */
static int
cmd_otr_session(const struct cmd_invocation *invocation, const char *account,
                struct cmd_result *result)
{
	const char *verb = invocation->argv[0];
	char *peer = cmd_otr_peer(invocation, account,
	                          invocation->argc > 1 ? invocation->argv[1] : NULL, result);
	char *cause = NULL, *fingerprint;
	int ret = 0;

	if (peer == NULL)
		return -1;
	if (strcmp(verb, "start") == 0) {
		ret = otr_start(account, peer, &cause);
		if (ret == 0)
			cmd_result_line(result, "asking %s for an OTR session", peer);
		else if (ret == 1)
			cmd_result_line(result,
			                "making your OTR key first; the session with %s is "
			                "asked for when it is ready",
			                peer);
	} else if (strcmp(verb, "end") == 0) {
		ret = otr_end(account, peer, &cause);
		if (ret == 0)
			cmd_result_line(result, "no OTR session with %s: messages go in the clear",
			                peer);
	} else if (strcmp(verb, "theirfp") == 0) {
		fingerprint = otr_their_fingerprint(account, peer, &cause);
		ret = fingerprint != NULL ? 0 : -1;
		if (fingerprint != NULL)
			cmd_result_line(result, "%s's OTR fingerprint: %s (%s)", peer, fingerprint,
			                otr_state(account, peer) == OTR_VERIFIED ? "trusted"
			                                                         : "not trusted");
		g_free(fingerprint);
	} else {
		ret = otr_trust(account, peer, strcmp(verb, "trust") == 0, &cause);
	}
	if (ret == -1)
		cmd_result_error(result, "/otr %s: %s", verb, cause);
	g_free(cause);
	g_free(peer);
	return ret == -1 ? -1 : 0;
}

int
cmd_otr_secret(int position, const char *const *before)
{
	return position == 2 &&
	       (strcmp(before[0], "secret") == 0 || strcmp(before[0], "question") == 0 ||
	        strcmp(before[0], "answer") == 0);
}

/* secret SECRET, question QUESTION ANSWER, answer ANSWER: in the current
 * window's conversation. */
static int
cmd_otr_verify(const struct cmd_invocation *invocation, const char *account,
               struct cmd_result *result)
{
	const char *verb = invocation->argv[0];
	const char *rest = invocation->argc > 1 ? invocation->argv[1] : "";
	char *peer = NULL, *question = NULL, *cause = NULL;
	int ret = -1;

	if (strcmp(verb, "question") == 0) {
		/* The question one word, or quoted; the answer the rest. */
		if (tokenize_next(&rest, &question, &cause) == -1) {
			cmd_result_error(result, "/otr question: %s", cause);
			goto out;
		}
		rest = tokenize_skip_space(rest);
	}
	if (*rest == '\0') {
		cmd_result_error(result, "/otr %s: %s", verb,
		                 strcmp(verb, "question") == 0
		                         ? "give the question (quoted) and its answer"
		                         : "give the secret (or the answer)");
		goto out;
	}
	peer = cmd_otr_peer(invocation, account, NULL, result);
	if (peer == NULL)
		goto out;
	ret = otr_verify(account, peer, question, rest, strcmp(verb, "answer") == 0, &cause);
	if (ret == -1)
		cmd_result_error(result, "/otr %s: %s", verb, cause);
	else if (strcmp(verb, "answer") == 0)
		cmd_result_line(result, "answer sent to %s", peer);
	else
		cmd_result_line(result, "verifying %s: they are asked for the %s", peer,
		                question ? "answer" : "secret");
out:
	g_free(cause);
	g_free(question);
	g_free(peer);
	return ret;
}

/* policy [POLICY|default]: everyone's (the otr.policy option), or with
 * -a ACCOUNT the account's, with -t JID a contact's (default: unset). */
static int
cmd_otr_policy(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *word = invocation->argc > 1 ? invocation->argv[1] : NULL;
	const char *contact = cmd_option(invocation, 't');
	const char *account;
	char *peer = NULL, *cause = NULL, *scope;
	enum otr_policy policy = OTR_POLICY_MANUAL;
	int ret = 0;

	if (contact == NULL && cmd_option(invocation, 'a') == NULL) {
		if (word == NULL) {
			cmd_result_line(result,
			                "OTR policy: %s (everyone's; -a ACCOUNT or -t JID for "
			                "an account's or a contact's)",
			                prefs_string("otr.policy"));
			return 0;
		}
		return cmd_set_value("otr.policy", word, result);
	}
	account = cmd_pick_account(invocation, 0, result);
	if (account == NULL)
		return -1;
	if (contact != NULL && (peer = cmd_otr_peer(invocation, account, NULL, result)) == NULL)
		return -1;
	scope = peer ? g_strdup_printf("with %s (account %s)", peer, account)
	             : g_strdup_printf("of account %s", account);
	if (word == NULL) {
		if (otr_policy_get(account, peer, &policy))
			cmd_result_line(result, "OTR policy %s: %s", scope,
			                otr_policy_name(policy));
		else
			cmd_result_line(result, "OTR policy %s: not set (%s applies)", scope,
			                peer ? "the account's, else everyone's" : "everyone's");
	} else if (strcmp(word, "default") != 0 && otr_policy_parse(word, &policy) == -1) {
		ret = cmd_result_error(result,
		                       "/otr policy: '%s' is not manual, opportunistic, "
		                       "always or default",
		                       word);
	} else if (otr_policy_set(account, peer, strcmp(word, "default") == 0 ? -1 : (int)policy,
	                          &cause) == -1) {
		ret = cmd_result_error(result, "/otr policy: %s", cause);
	} else {
		cmd_result_line(result, "OTR policy %s: %s", scope,
		                strcmp(word, "default") == 0 ? "not set" : otr_policy_name(policy));
	}
	g_free(cause);
	g_free(scope);
	g_free(peer);
	return ret;
}

int
cmd_otr(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argv[0];
	const char *account;

	if (strcmp(verb, "policy") == 0)
		return cmd_otr_policy(invocation, result);
	account = cmd_pick_account(invocation, 0, result);
	if (account == NULL)
		return -1;
	if (strcmp(verb, "myfp") == 0)
		return cmd_otr_myfp(account, result);
	if (strcmp(verb, "fingerprints") == 0)
		return cmd_otr_fingerprints(account, result);
	if (strcmp(verb, "secret") == 0 || strcmp(verb, "question") == 0 ||
	    strcmp(verb, "answer") == 0)
		return cmd_otr_verify(invocation, account, result);
	if (strcmp(verb, "start") == 0 || strcmp(verb, "end") == 0 ||
	    strcmp(verb, "theirfp") == 0 || strcmp(verb, "trust") == 0 ||
	    strcmp(verb, "untrust") == 0)
		return cmd_otr_session(invocation, account, result);
	return cmd_result_error(result,
	                        "/otr: '%s' is not one of start, end, myfp, theirfp, trust, "
	                        "untrust, secret, question, answer, fingerprints, policy",
	                        verb);
}
