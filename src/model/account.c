/*
 * account.c: the accounts natter knows.
 *
 * Owns the account list (an array of struct account in configuration
 * order). Accounts are added, replaced and removed only by the config
 * layer (at load time, by /account) and freed at exit.
 */
#include "config.h"

#include <string.h>

#include "model/account.h"
#include "model/contact.h"

static GPtrArray *accounts; /* of struct account */

struct account *
account_new(const char *name)
{
	struct account *account = g_new0(struct account, 1);

	account->name = g_strdup(name);
	account->tls = ACCOUNT_TLS_REQUIRED;
	account->colour = -1;
	account->show = SHOW_ONLINE;
	return account;
}

void
account_free(struct account *account)
{
	if (account == NULL)
		return;
	g_free(account->name);
	g_free(account->jid);
	if (account->password != NULL)
		explicit_bzero(account->password, strlen(account->password));
	g_free(account->password);
	g_free(account->eval_password);
	g_free(account->server);
	g_free(account->resource);
	g_free(account->trust_cafile);
	g_free(account->tag);
	g_free(account->status);
	g_free(account->nick);
	g_strfreev(account->autojoin);
	g_free(account);
}

static void
account_free_void(gpointer account)
{
	account_free(account);
}

void
account_list_add(struct account *account)
{
	account_list_replace(account->name, account);
}

int
account_autojoins(const struct account *account, const char *room)
{
	return account->autojoin != NULL &&
	       g_strv_contains((const char *const *)account->autojoin, room);
}

void
account_list_replace(const char *name, struct account *account)
{
	if (accounts == NULL)
		accounts = g_ptr_array_new_with_free_func(account_free_void);
	for (guint i = 0; i < accounts->len; i++) {
		struct account *old = accounts->pdata[i];
		if (strcmp(old->name, name) == 0) {
			account_free(old);
			accounts->pdata[i] = account;
			return;
		}
	}
	g_ptr_array_add(accounts, account);
}

int
account_list_remove(const char *name)
{
	for (guint i = 0; accounts != NULL && i < accounts->len; i++) {
		struct account *account = accounts->pdata[i];
		if (strcmp(account->name, name) == 0) {
			g_ptr_array_remove_index(accounts, i);
			return 1;
		}
	}
	return 0;
}

struct account *
account_find(const char *name)
{
	if (accounts == NULL || name == NULL)
		return NULL;
	for (guint i = 0; i < accounts->len; i++) {
		struct account *account = accounts->pdata[i];
		if (strcmp(account->name, name) == 0)
			return account;
	}
	return NULL;
}

const GPtrArray *
account_list(void)
{
	if (accounts == NULL)
		accounts = g_ptr_array_new_with_free_func(account_free_void);
	return accounts;
}

void
account_list_clear(void)
{
	if (accounts != NULL)
		g_ptr_array_free(accounts, TRUE);
	accounts = NULL;
}

const char *
account_tag(const struct account *account)
{
	return account->tag != NULL ? account->tag : account->name;
}

static const char *const tls_names[] = {
	[ACCOUNT_TLS_REQUIRED] = "required",
	[ACCOUNT_TLS_DIRECT] = "direct",
	[ACCOUNT_TLS_DISABLE] = "disable",
};

const char *
account_tls_name(enum account_tls tls)
{
	return tls_names[tls];
}

int
account_tls_parse(const char *name, enum account_tls *tls)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tls_names); i++) {
		if (strcmp(name, tls_names[i]) == 0) {
			*tls = (enum account_tls)i;
			return 0;
		}
	}
	return -1;
}
