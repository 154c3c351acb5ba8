/*
 * complete.c: what a partial command line can be completed with, from
 * the command table's completion kinds, the model (accounts,
 * conversations, roster contacts), the options, the themes, the file system and the
 * frontend's windows. Frontends ask; this file never draws.
 *
 * Stateless; returned arrays are the caller's.
 */
#include "config.h"

#include <string.h>

#include "cmd/command.h"
#include "cmd/tokenize.h"
#include "config/prefs.h"
#include "config/theme.h"
#include "core/fold.h"
#include "model/account.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"

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

/* Where the word being completed stands. */
struct complete_spot {
	const struct cmd_entry *entry;
	int position;         /* positional argument index */
	const char *previous; /* the argument before it, or NULL */
	const char *account;  /* the value of -a typed before it, or NULL */
};

static void
complete_words(GPtrArray *matches, const char *const *words, const char *prefix)
{
	for (const char *const *word = words; word && *word; word++)
		complete_add(matches, *word, prefix);
}

static void
complete_list(GPtrArray *matches, GPtrArray *list, const char *prefix)
{
	for (guint i = 0; list && i < list->len; i++)
		complete_add(matches, list->pdata[i], prefix);
	if (list != NULL)
		g_ptr_array_free(list, TRUE);
}

/* Nicks of the current window's room that start with prefix in any
 * case, followed by suffix (": " is how one addresses someone at the
 * start of a line; readline adds the blank). */
static void
complete_nicks(GPtrArray *matches, const struct cmd_frontend *frontend, const char *prefix,
               const char *suffix)
{
	GPtrArray *nicks =
	        frontend != NULL && frontend->room_nicks != NULL ? frontend->room_nicks() : NULL;
	char *folded = fold_case(prefix, -1);

	for (guint i = 0; nicks != NULL && i < nicks->len; i++) {
		char *nick = fold_case(nicks->pdata[i], -1);
		if (g_str_has_prefix(nick, folded))
			g_ptr_array_add(matches, g_strconcat(nicks->pdata[i], suffix, NULL));
		g_free(nick);
	}
	if (nicks != NULL)
		g_ptr_array_free(nicks, TRUE);
	g_free(folded);
}

/* File names under the directory part of prefix ("~/" is home). */
static void
complete_files(GPtrArray *matches, const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	char *shown_dir = g_strndup(prefix, (gsize)(slash - prefix + 1));
	char *dir = g_str_has_prefix(shown_dir, "~/")
	                    ? g_build_filename(g_get_home_dir(), shown_dir + 2, NULL)
	                    : g_strdup(shown_dir);
	GDir *listing = g_dir_open(dir, 0, NULL);
	const char *name;

	while (listing != NULL && (name = g_dir_read_name(listing)) != NULL) {
		char *path = g_build_filename(dir, name, NULL);
		char *candidate = g_strconcat(
		        shown_dir, name, g_file_test(path, G_FILE_TEST_IS_DIR) ? "/" : "", NULL);
		/* Hidden files only when asked for ("dir/."). */
		if (name[0] != '.' || slash[1] == '.')
			complete_add(matches, candidate, prefix);
		g_free(candidate);
		g_free(path);
	}
	if (listing != NULL)
		g_dir_close(listing);
	g_free(dir);
	g_free(shown_dir);
}

static void
complete_themes(GPtrArray *matches, const char *prefix)
{
	if (strchr(prefix, '/') != NULL)
		complete_files(matches, prefix);
	else
		complete_list(matches, theme_names(), prefix);
}

static void
complete_values(GPtrArray *matches, const char *option, const char *prefix)
{
	static const char *const booleans[] = { "on", "off", NULL };
	const struct pref_def *def = option ? prefs_find(option) : NULL;

	if (def == NULL)
		return;
	if (def->type == PREF_BOOL)
		complete_words(matches, booleans, prefix);
	else if (def->type == PREF_CHOICE)
		complete_words(matches, def->choices, prefix);
	else if (def->type == PREF_STRING && strcmp(def->name, "ui.theme") == 0)
		complete_themes(matches, prefix);
	if (def->type != PREF_SET)
		return;
	/* A set: complete the item after the last comma. */
	const char *comma = strrchr(prefix, ',');
	char *head = comma ? g_strndup(prefix, (gsize)(comma - prefix + 1)) : g_strdup("");
	for (const char *const *choice = def->choices; *choice; choice++) {
		char *candidate = g_strconcat(head, *choice, NULL);
		complete_add(matches, candidate, prefix);
		g_free(candidate);
	}
	g_free(head);
}

/* The account a JID would be of: -a typed before it, else the current
 * window's, else the one /account switch chose; NULL: any. */
static const char *
complete_account(const struct cmd_frontend *frontend, const struct complete_spot *spot)
{
	const char *account = spot != NULL ? spot->account : NULL;

	if (account == NULL && frontend != NULL && frontend->current_account != NULL)
		account = frontend->current_account();
	if (account == NULL)
		account = cmd_default_account();
	return account != NULL && account_find(account) != NULL ? account : NULL;
}

/* JIDs of the conversations and the roster of that account (of every
 * account when none is implied). */
static void
complete_jids(GPtrArray *matches, const struct cmd_frontend *frontend,
              const struct complete_spot *spot, const char *prefix)
{
	const char *account = complete_account(frontend, spot);
	const GPtrArray *list = conversation_list();

	for (guint i = 0; i < list->len; i++) {
		const struct conversation *c = list->pdata[i];
		if (account == NULL || strcmp(c->account, account) == 0)
			complete_add(matches, c->peer, prefix);
	}
	list = contact_list();
	for (guint i = 0; i < list->len; i++) {
		const struct contact *c = list->pdata[i];
		if (c->in_roster && (account == NULL || strcmp(c->account, account) == 0))
			complete_add(matches, c->jid, prefix);
	}
}

/* Room addresses of that account (of every account when none is
 * implied): rooms known, bookmarked or in its autojoin setting. */
static void
complete_rooms(GPtrArray *matches, const struct cmd_frontend *frontend,
               const struct complete_spot *spot, const char *prefix)
{
	const char *only = complete_account(frontend, spot);
	const GPtrArray *accounts = account_list();

	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		GPtrArray *list;
		if (only != NULL && strcmp(only, account->name) != 0)
			continue;
		list = room_list(account->name);
		for (guint j = 0; j < list->len; j++)
			complete_add(matches, ((const struct room *)list->pdata[j])->jid, prefix);
		g_ptr_array_free(list, TRUE);
		list = bookmark_list(account->name);
		for (guint j = 0; j < list->len; j++)
			complete_add(matches, ((const struct bookmark *)list->pdata[j])->jid,
			             prefix);
		g_ptr_array_free(list, TRUE);
		for (char **room = account->autojoin; room != NULL && *room != NULL; room++)
			complete_add(matches, *room, prefix);
	}
}

static void
complete_kind(GPtrArray *matches, const struct cmd_frontend *frontend, enum cmd_complete kind,
              const struct complete_spot *spot, const char *prefix)
{
	const GPtrArray *list;

	switch (kind) {
	case COMPLETE_CHOICE:
		complete_words(matches, spot->entry->choices[spot->position], prefix);
		break;
	case COMPLETE_OPTION:
		for (const struct pref_def *const *def = prefs_table(); *def; def++)
			complete_add(matches, (*def)->name, prefix);
		break;
	case COMPLETE_VALUE:
		complete_values(matches, spot->previous, prefix);
		break;
	case COMPLETE_WINDOW:
		if (frontend != NULL && frontend->window_names != NULL)
			complete_list(matches, frontend->window_names(), prefix);
		break;
	case COMPLETE_THEME:
		complete_themes(matches, prefix);
		break;
	case COMPLETE_NICK:
		complete_nicks(matches, frontend, prefix, "");
		break;
	case COMPLETE_ACCOUNT:
		list = account_list();
		for (guint i = 0; i < list->len; i++)
			complete_add(matches, ((struct account *)list->pdata[i])->name, prefix);
		break;
	case COMPLETE_JID:
		complete_jids(matches, frontend, spot, prefix);
		break;
	case COMPLETE_ROOM:
		complete_rooms(matches, frontend, spot, prefix);
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
complete_kind_after(char **words, int count, struct complete_spot *spot)
{
	const struct cmd_entry *entry = cmd_find(words[0] + 1);
	int position = 0;

	*spot = (struct complete_spot){ entry, 0, NULL, NULL };
	if (entry == NULL)
		return COMPLETE_NONE;
	for (int i = 1; i < count; i++) {
		/* --all and the like are no arguments. */
		if (entry->flags != NULL && words[i][0] == '-' && words[i][1] == '-' &&
		    words[i][2] != '\0')
			continue;
		if (words[i][0] == '-' && words[i][1] != '\0' && entry->options != NULL &&
		    strchr(entry->options, words[i][1]) != NULL) {
			/* -a ACCOUNT, -t JID */
			if (i == count - 1)
				return words[i][1] == 't' ? COMPLETE_JID : COMPLETE_ACCOUNT;
			if (words[i][1] == 'a')
				spot->account = words[i + 1];
			i++;
			continue;
		}
		spot->previous = words[i];
		position++;
	}
	spot->position = position;
	if (position >= CMD_MAX_ARGS || position >= entry->max_args)
		return COMPLETE_NONE;
	return entry->complete[position];
}

GPtrArray *
cmd_complete(const struct cmd_frontend *frontend, const char *line, size_t point,
             size_t *word_start)
{
	struct complete_spot spot;
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
		else if (*prefix != '\0')
			complete_nicks(matches, frontend, prefix, ":");
	} else if (words[0][0] == '/') {
		enum cmd_complete kind = complete_kind_after(words, count, &spot);
		complete_kind(matches, frontend, kind, &spot, prefix);
	} else if (*prefix != '\0') {
		/* Text for the window: a nick in the room. */
		complete_nicks(matches, frontend, prefix, "");
	}
	g_strfreev(words);
	g_free(prefix);
	g_free(before);
	g_ptr_array_sort(matches, complete_compare);
	return matches;
}
