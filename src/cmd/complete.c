/*
 * complete.c: what a partial command line can be completed with, from
 * the command table's completion kinds and the model (accounts,
 * conversations). Frontends ask; this file never draws.
 *
 * Stateless; returned arrays are the caller's.
 */
#include "config.h"

#include <string.h>

#include "cmd/command.h"
#include "cmd/tokenize.h"
#include "model/account.h"
#include "model/conversation.h"

static void
complete_add(GPtrArray *matches, const char *candidate, const char *prefix)
{
	if (!g_str_has_prefix(candidate, prefix))
		return;
	for (guint i = 0; i < matches->len; i++) {
		if (strcmp(matches->pdata[i], candidate) == 0)
			return;
	}
	g_ptr_array_add(matches, g_strdup(candidate));
}

/* Command names and aliases; with the slash when the prefix has one
 * ("/he"), without it as the argument of /help ("he"). */
static void
complete_commands(GPtrArray *matches, const char *prefix)
{
	const char *slash = prefix[0] == '/' ? "/" : "";

	for (const struct cmd_entry *const *e = cmd_table(); *e != NULL; e++) {
		char *name = g_strconcat(slash, (*e)->name, NULL);
		complete_add(matches, name, prefix);
		g_free(name);
		for (const char *const *alias = (*e)->aliases; alias && *alias; alias++) {
			name = g_strconcat(slash, *alias, NULL);
			complete_add(matches, name, prefix);
			g_free(name);
		}
	}
}

static void
complete_kind(GPtrArray *matches, enum cmd_complete kind, const char *prefix)
{
	const GPtrArray *list;

	switch (kind) {
	case COMPLETE_ACCOUNT:
		list = account_list();
		for (guint i = 0; i < list->len; i++)
			complete_add(matches, ((struct account *)list->pdata[i])->name, prefix);
		break;
	case COMPLETE_JID:
		list = conversation_list();
		for (guint i = 0; i < list->len; i++)
			complete_add(matches, ((struct conversation *)list->pdata[i])->peer,
			             prefix);
		break;
	case COMPLETE_COMMAND:
		complete_commands(matches, prefix);
		break;
	case COMPLETE_NONE:
		break;
	}
}

static gint
complete_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The kind of the word after the words already typed: positional
 * arguments count, an option letter's value is an account. */
static enum cmd_complete
complete_kind_after(char **words, int count)
{
	const struct cmd_entry *entry = cmd_find(words[0] + 1);
	int position = 0;

	if (entry == NULL)
		return COMPLETE_NONE;
	for (int i = 1; i < count; i++) {
		if (words[i][0] == '-' && words[i][1] != '\0' && entry->options != NULL &&
		    strchr(entry->options, words[i][1]) != NULL) {
			if (i == count - 1)
				return COMPLETE_ACCOUNT; /* -a ACCOUNT is the only option */
			i++;
			continue;
		}
		position++;
	}
	if (position >= CMD_MAX_ARGS || position >= entry->max_args)
		return COMPLETE_NONE;
	return entry->complete[position];
}

GPtrArray *
cmd_complete(const char *line, size_t point, size_t *word_start)
{
	GPtrArray *matches = g_ptr_array_new_with_free_func(g_free);
	char *before = g_strndup(line, point), *prefix, *cause = NULL;
	const char *start = before + point;
	char **words = NULL;
	int count = 0;

	/* The word being completed starts after the last blank. */
	while (start > before && start[-1] != ' ' && start[-1] != '\t')
		start--;
	*word_start = (size_t)(start - before);
	prefix = g_strdup(start);
	before[*word_start] = '\0';
	if (tokenize(before, &words, &count, &cause) == -1) {
		g_free(cause); /* inside quotes: nothing to offer */
	} else if (count == 0) {
		if (prefix[0] == '/')
			complete_commands(matches, prefix);
	} else if (words[0][0] == '/') {
		complete_kind(matches, complete_kind_after(words, count), prefix);
	}
	g_strfreev(words);
	g_free(prefix);
	g_free(before);
	g_ptr_array_sort(matches, complete_compare);
	return matches;
}
