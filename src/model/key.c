/*
 * key.c: the keys of an account's objects in the model's hash tables.
 */
#include "config.h"

#include <string.h>

#include "core/rekey.h"
#include "model/key.h"

char *
model_key(const char *account, const char *jid)
{
	return g_strconcat(account, "\037", jid, NULL);
}

/* What model_key_rename() moves. */
struct model_rename {
	const char *old, *new;
	size_t length;
	char **(*field)(gpointer value);
};

static char *
model_key_renamed(const char *key, gpointer value, gpointer data)
{
	struct model_rename *rename = data;
	char **account;

	if (strncmp(key, rename->old, rename->length) != 0 || key[rename->length] != '\037')
		return NULL;
	account = rename->field(value);
	g_free(*account);
	*account = g_strdup(rename->new);
	return model_key(rename->new, key + rename->length + 1);
}

void
model_key_rename(GHashTable *table, const char *old, const char *new,
                 char **(*field)(gpointer value))
{
	struct model_rename rename = { old, new, strlen(old), field };

	if (table != NULL)
		rekey(table, model_key_renamed, &rename);
}
