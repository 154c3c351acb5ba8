/*
 * policy.c: OTR policies of an account and of its contacts (see otr.h),
 * kept in otr/<account>/policies: a line each, "* POLICY" for the
 * account, "JID POLICY" for a contact. Read with the account's state
 * (keys.c), written whole (0600) on each change. A line that cannot be
 * read is refused by name: the state is not used then (a policy the
 * user set, lost, could send in the clear).
 */
#include "config.h"

#include <string.h>

#include "config/paths.h"
#include "core/jid.h"
#include "otr/otr-private.h"
#include "otr/otr.h"

int
otr_policies_read(struct otr_account *a, char **cause)
{
	char *path = otr_file(a->name, "policies");
	FILE *file = otr_open_private(path, cause);
	GString *read = g_string_new(NULL);
	char buffer[4096], *text;
	size_t got;
	char **lines;
	int ret = 0;

	a->policies = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	/* Private like the key: one others could write could turn always
	 * into manual. */
	if (file == NULL) {
		g_string_free(read, TRUE);
		g_free(path);
		return *cause != NULL ? -1 : 0;
	}
	while ((got = fread(buffer, 1, sizeof buffer, file)) > 0)
		g_string_append_len(read, buffer, (gssize)got);
	fclose(file);
	text = g_string_free(read, FALSE);
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL && ret == 0; i++) {
		char *line = g_strstrip(lines[i]), *space = strchr(line, ' ');
		enum otr_policy policy;
		if (*line == '\0')
			continue;
		if (space != NULL)
			*space = '\0';
		if (space == NULL || otr_policy_parse(g_strchug(space + 1), &policy) == -1 ||
		    (strcmp(line, "*") != 0 && !jid_is_valid(line))) {
			*cause = g_strdup_printf("%s, line %u: not 'JID POLICY' or '* POLICY' "
			                         "(POLICY: manual, opportunistic or always)",
			                         path, i + 1);
			ret = -1;
			break;
		}
		g_hash_table_insert(a->policies, g_strdup(line), GINT_TO_POINTER(policy + 1));
	}
	g_strfreev(lines);
	g_free(text);
	g_free(path);
	return ret;
}

static gint
otr_policy_order(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the account's policies (the file removed when none is left). */
static int
otr_policies_write(struct otr_account *a, char **cause)
{
	char *path = otr_file(a->name, "policies");
	GString *text = g_string_new(NULL);
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;
	int ret;

	g_hash_table_iter_init(&iter, a->policies);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(keys, key);
	g_ptr_array_sort(keys, otr_policy_order);
	for (guint i = 0; i < keys->len; i++)
		g_string_append_printf(text, "%s %s\n", (const char *)keys->pdata[i],
		                       otr_policy_name(GPOINTER_TO_INT(g_hash_table_lookup(
		                                               a->policies, keys->pdata[i])) -
		                                       1));
	ret = paths_write_private(path, text->str, cause);
	g_ptr_array_unref(keys);
	g_string_free(text, TRUE);
	g_free(path);
	return ret;
}

int
otr_policy_get(const char *account, const char *peer, enum otr_policy *policy)
{
	char *cause = NULL;
	struct otr_account *a = otr_account(account, &cause);
	gpointer value = a != NULL ? g_hash_table_lookup(a->policies, peer ? peer : "*") : NULL;

	g_free(cause);
	if (value == NULL)
		return 0;
	*policy = GPOINTER_TO_INT(value) - 1;
	return 1;
}

int
otr_policy_set(const char *account, const char *peer, int policy, char **cause)
{
	struct otr_account *a = otr_account(account, cause);

	if (a == NULL)
		return -1;
	if (policy < 0)
		g_hash_table_remove(a->policies, peer ? peer : "*");
	else
		g_hash_table_insert(a->policies, g_strdup(peer ? peer : "*"),
		                    GINT_TO_POINTER(policy + 1));
	return otr_policies_write(a, cause);
}
