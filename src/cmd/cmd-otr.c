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

int
cmd_otr(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argv[0];
	const char *account = cmd_pick_account(invocation, 0, result);

	if (account == NULL)
		return -1;
	if (strcmp(verb, "myfp") == 0)
		return cmd_otr_myfp(account, result);
	if (strcmp(verb, "fingerprints") == 0)
		return cmd_otr_fingerprints(account, result);
	return cmd_result_error(result, "/otr: '%s' is not one of myfp, fingerprints", verb);
}
