/*
 * history.c: the input history of each window, kept across runs.
 *
 * Owns the histories (window key -> lines) and readline's history list,
 * which holds the current window's, from history_open() to
 * history_close(). They are kept in the data directory's input_history
 * file (0600), one entry per line: the window's key, a tab, the text with
 * '\', newline and tab escaped. Entries are appended as they are typed;
 * the file is rewritten without the surplus when it has grown to twice
 * what is kept.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "config/paths.h"
#include "config/prefs.h"
#include "core/rekey.h"
#include "fe/tty/history.h"
#include "fe/tty/input.h"
#include "fe/tty/window.h"
#include "model/conversation.h"

static GHashTable *histories; /* window key -> GPtrArray of char *, oldest first */
static void (*report)(const char *problem);
static char *history_key; /* the current window's key */
static int history_file_lines;

/* A window's key in the history file: stable across runs. */
static char *
history_window_key(const struct window *w)
{
	const struct conversation *c;

	switch (w->kind) {
	case WINDOW_CHAT:
		c = conversation_find_id(w->conversation);
		return g_strdup_printf("chat %s %s", w->account, c ? c->peer : w->name);
	case WINDOW_XML:
		return g_strdup("xmlconsole");
	case WINDOW_HELP:
		return g_strdup("help");
	case WINDOW_SEARCH:
		return g_strdup("search");
	case WINDOW_CONSOLE:
		break;
	}
	return g_strdup("console");
}

static char *
history_path(void)
{
	return paths_data_file("input_history");
}

static char *
history_escape(const char *text)
{
	GString *out = g_string_new(NULL);

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\\')
			g_string_append(out, "\\\\");
		else if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '\t')
			g_string_append(out, "\\t");
		else
			g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

static char *
history_unescape(const char *text)
{
	GString *out = g_string_new(NULL);

	for (const char *p = text; *p != '\0'; p++) {
		if (*p != '\\' || p[1] == '\0') {
			g_string_append_c(out, *p);
			continue;
		}
		p++;
		g_string_append_c(out, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
	}
	return g_string_free(out, FALSE);
}

static GPtrArray *
history_of(const char *key)
{
	GPtrArray *list = g_hash_table_lookup(histories, key);

	if (list == NULL) {
		list = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(histories, g_strdup(key), list);
	}
	return list;
}

static void
history_push(const char *key, const char *text)
{
	GPtrArray *list = history_of(key);
	int keep = prefs_int("ui.input_history");

	g_ptr_array_add(list, g_strdup(text));
	while (list->len > 0 && (int)list->len > keep)
		g_ptr_array_remove_index(list, 0);
}

/* Writes every kept entry anew (the file holds nothing else). */
static void
history_rewrite(void)
{
	GString *text = g_string_new(NULL);
	GHashTableIter iter;
	gpointer key, value;
	GError *error = NULL;
	char *path = history_path();

	history_file_lines = 0;
	g_hash_table_iter_init(&iter, histories);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		GPtrArray *list = value;
		for (guint i = 0; i < list->len; i++) {
			char *escaped = history_escape(list->pdata[i]);
			g_string_append_printf(text, "%s\t%s\n", (char *)key, escaped);
			g_free(escaped);
			history_file_lines++;
		}
	}
	if (!g_file_set_contents_full(path, text->str, (gssize)text->len,
	                              G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error)) {
		char *problem = g_strdup_printf("input history: %s", error->message);
		report(problem);
		g_free(problem);
		g_error_free(error);
	}
	g_string_free(text, TRUE);
	g_free(path);
}

static void
history_load(void)
{
	char *path = history_path(), *text = NULL;
	GError *error = NULL;
	int kept = 0;

	histories = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                  (GDestroyNotify)g_ptr_array_unref);
	history_file_lines = 0;
	if (!g_file_get_contents(path, &text, NULL, &error)) {
		if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			char *problem = g_strdup_printf("input history: %s", error->message);
			report(problem);
			g_free(problem);
		}
		g_error_free(error);
		g_free(path);
		return;
	}
	char **lines = g_strsplit(text, "\n", -1);
	for (char **line = lines; *line != NULL; line++) {
		char *tab = strchr(*line, '\t');
		/* A line that is not ours (or not UTF-8) is skipped, not fatal. */
		if (tab == NULL || !g_utf8_validate(*line, -1, NULL))
			continue;
		*tab = '\0';
		char *entry = history_unescape(tab + 1);
		history_push(*line, entry);
		g_free(entry);
		history_file_lines++;
	}
	g_strfreev(lines);
	g_free(text);
	g_free(path);
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, histories);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		kept += (int)((GPtrArray *)value)->len;
	if (history_file_lines > 2 * kept + 100)
		history_rewrite();
}

/* Appends one entry to the file (created 0600 in a 0700 directory). */
static void
history_append(const char *key, const char *text)
{
	char *path = history_path(), *dir = g_path_get_dirname(path), *cause = NULL;
	char *escaped = history_escape(text);
	char *record = g_strdup_printf("%s\t%s\n", key, escaped);
	int fd = -1;

	if (paths_ensure_private_dir(dir, &cause) == 0)
		fd = g_open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, record, strlen(record)) != (ssize_t)strlen(record)) {
		char *problem = g_strdup_printf("input history: %s: %s", path,
		                                cause ? cause : g_strerror(errno));
		report(problem);
		g_free(problem);
	}
	if (fd != -1)
		close(fd);
	history_file_lines++;
	g_free(record);
	g_free(escaped);
	g_free(cause);
	g_free(dir);
	g_free(path);
}

/* Empties readline's history. An entry the user edited (Up, then changed
 * the text) keeps its undo list in its data, which clear_history() leaves
 * to the application: free those first. */
static void
history_clear(void)
{
	HIST_ENTRY **entries = history_list();

	for (int i = 0; entries != NULL && entries[i] != NULL; i++) {
		UNDO_LIST *undo = (UNDO_LIST *)entries[i]->data;
		/* A recalled line being edited shares the current undo list:
		 * its edits can no longer be undone. */
		if (undo != NULL && undo == rl_undo_list)
			rl_undo_list = NULL;
		while (undo != NULL) {
			UNDO_LIST *next = undo->next;
			free(undo->text);
			free(undo);
			undo = next;
		}
		entries[i]->data = NULL;
	}
	clear_history();
}

void
history_select(const struct window *w)
{
	char *key, *text;
	GPtrArray *list;
	int point;

	/* readline's history is put aside while a secret is asked for: the
	 * window's comes once it is answered (tty.c selects again). */
	if (input_asking())
		return;
	key = history_window_key(w);
	if (g_strcmp0(key, history_key) == 0) {
		g_free(key);
		return;
	}
	g_free(history_key);
	history_key = key;
	/* The text being typed stays; readline's ties to the old history
	 * (the line put aside while going through it, undo lists) go. */
	text = g_strdup(rl_line_buffer);
	point = rl_point;
	/* A recalled line being edited keeps its undo list only in
	 * rl_undo_list: hand it to its entry (freed with the entries). */
	rl_maybe_replace_line();
	rl_maybe_unsave_line();
	rl_free_undo_list();
	history_clear();
	list = history_of(key);
	for (guint i = 0; i < list->len; i++)
		add_history(list->pdata[i]);
	/* Up starts from the newest entry again. */
	using_history();
	rl_replace_line(text, 1);
	rl_point = point <= rl_end ? point : rl_end;
	g_free(text);
}

/* The PEER of key when key is account's, "chat ACCOUNT PEER" where the
 * bare part of PEER has no blank (a JID's has none; an account name may);
 * else NULL. */
static const char *
history_key_peer(const char *key, const char *account)
{
	size_t length = strlen(account);
	const char *peer;

	if (!g_str_has_prefix(key, "chat ") || strncmp(key + 5, account, length) != 0 ||
	    key[5 + length] != ' ')
		return NULL;
	peer = key + 5 + length + 1;
	return strcspn(peer, "/ ") == strcspn(peer, "/") ? peer : NULL;
}

/* key with account old's name replaced by new, or NULL when key is not
 * old's. */
static char *
history_key_renamed(const char *key, const char *old, const char *new)
{
	const char *peer = history_key_peer(key, old);

	return peer != NULL ? g_strdup_printf("chat %s %s", new, peer) : NULL;
}

static gboolean
history_key_is_of(gpointer key, gpointer value, gpointer account)
{
	return history_key_peer(key, account) != NULL;
}

void
history_forget_account(const char *account)
{
	if (histories != NULL &&
	    g_hash_table_foreach_remove(histories, history_key_is_of, (gpointer)account) > 0)
		history_rewrite();
}

/* rekey_fn: data holds the old and new names. */
static char *
history_entry_renamed(const char *key, gpointer value, gpointer data)
{
	const char *const *names = data;

	return history_key_renamed(key, names[0], names[1]);
}

void
history_rename_account(const char *old, const char *new)
{
	const char *names[] = { old, new };
	char *current = history_key ? history_key_renamed(history_key, old, new) : NULL;

	if (current != NULL) {
		g_free(history_key);
		history_key = current;
	}
	if (histories != NULL && rekey(histories, history_entry_renamed, names) > 0)
		history_rewrite();
}

void
history_open(void (*problem)(const char *text))
{
	report = problem;
	history_load();
}

void
history_add(const char *line)
{
	if (prefs_int("ui.input_history") <= 0)
		return;
	add_history(line);
	history_push(history_key, line);
	history_append(history_key, line);
}

void
history_close(void)
{
	history_clear();
	g_clear_pointer(&histories, g_hash_table_unref);
	g_clear_pointer(&history_key, g_free);
}
