/*
 * fuzz-accounts.c: libFuzzer target for accounts.ini parsing
 * (config/accounts.h).
 *
 * Every account that is loaded must have a valid, bare, normalised JID and
 * a name; every problem must be a string.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/accounts.h"
#include "core/jid.h"
#include "model/account.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;
	const GPtrArray *accounts;

	if (accounts_parse(text, problems, &cause) == -1 && cause == NULL)
		abort();
	accounts = account_list();
	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		char *bare = account->jid ? jid_bare_of(account->jid) : NULL;
		if (account->name == NULL || bare == NULL || strcmp(bare, account->jid) != 0)
			abort();
		if (strchr(account->jid, '/') != NULL)
			abort();
		if (account->password != NULL && account->eval_password != NULL)
			abort();
		g_free(bare);
	}
	for (guint i = 0; i < problems->len; i++) {
		if (problems->pdata[i] == NULL)
			abort();
	}
	account_list_clear();
	g_ptr_array_unref(problems);
	g_free(cause);
	g_free(text);
	return 0;
}
