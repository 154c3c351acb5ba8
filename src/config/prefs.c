/*
 * prefs.c: natter's options.
 *
 * Owns the values read from natter.conf (canonical text per option name)
 * and the key file they came from, so saving keeps the user's comments.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/paths.h"
#include "config/prefs.h"
#include "core/event.h"

static const char *const sides[] = { "left", "right", NULL };
static const char *const account_modes[] = { "auto", "always", NULL };
static const char *const notify_kinds[] = { "chat", "highlight", NULL };
static const char *const away_shows[] = { "away", "xa", NULL };
static const char *const conflict_modes[] = { "suffix", "fail", NULL };
static const char *const join_modes[] = { "auto", "show", "hide", NULL };
static const char *const otr_policies[] = { "manual", "opportunistic", "always", NULL };

static const struct pref_def pref_rows[] = {
	{ "presence.autoaway", PREF_INT, "0", 0, 1440, NULL,
	  "Minutes without input after which online accounts go away (0: never); any "
	  "key brings them back." },
	{ "presence.autoaway_show", PREF_CHOICE, "away", 0, 0, away_shows,
	  "What auto-away sets: away or xa." },
	{ "presence.autoaway_message", PREF_STRING, "", 0, 0, NULL,
	  "Status text while auto-away (empty: none)." },
	{ "im.carbons", PREF_BOOL, "on", 0, 0, NULL,
	  "Ask the server for copies of your messages with your other clients "
	  "(XEP-0280), so conversations here show them too (from the next login)." },
	{ "otr.policy", PREF_CHOICE, "manual", 0, 0, otr_policies,
	  "When OTR (Off-the-Record) encrypts a one-to-one conversation: manual (when "
	  "you /otr start it), opportunistic (also when the contact's client offers it: "
	  "your messages carry OTR's whitespace tag), always (nothing is sent in the "
	  "clear: a message without a session is refused and a session started)." },
	{ "otr.log", PREF_BOOL, "off", 0, 0, NULL,
	  "Keep OTR-encrypted messages in the history (history.db, searchable); off: "
	  "they are not stored at all." },
	{ "im.csi_idle", PREF_INT, "5", 0, 1440, NULL,
	  "Minutes without input after which natter tells the servers the user is not "
	  "looking (XEP-0352: they may hold back presence updates); losing the "
	  "terminal's focus does it at once (0: only focus)." },
	{ "muc.nick_conflict", PREF_CHOICE, "suffix", 0, 0, conflict_modes,
	  "When the nick asked for is taken in a room being joined: suffix tries NICK_, "
	  "NICK__ and NICK___; fail gives up and says so (then /join ROOM OTHERNICK)." },
	{ "muc.self_ping", PREF_INT, "300", 0, 86400, NULL,
	  "Seconds a room may be silent before natter checks that you are still in it "
	  "(XEP-0410 self-ping) and enters it again if not (0: never)." },
	/* The maximum is what a room's conversation keeps to recognise
	 * history shown before (CONVERSATION_KEEP_ROOM). */
	{ "muc.history", PREF_INT, "20", 0, 1000, NULL,
	  "Messages of history a room is asked for on joining (0: none); on rejoining, "
	  "only what was missed." },
	{ "net.reconnect", PREF_BOOL, "on", 0, 0, NULL,
	  "Reconnect an account whose connection was lost: after 1 s, then doubling up "
	  "to 5 min (with jitter), resuming the session (XEP-0198) where the server "
	  "still has it." },
	{ "net.ping_interval", PREF_INT, "0", 0, 3600, NULL,
	  "Seconds between pings to the server (XEP-0199) that find a dead connection "
	  "sooner than TCP keepalive does; one without an answer by the next ends the "
	  "connection (0: no pings, and no timer waking natter)." },
	{ "net.keepalive", PREF_INT, "150", 10, 3600, NULL,
	  "Seconds after which a connection whose link went silent (nothing acknowledged: "
	  "the network or the server's machine gone) is given up and reconnected. The "
	  "kernel's TCP keepalive finds it, so natter is not woken meanwhile; applies to "
	  "live connections at once." },
	{ "privacy.version_reply", PREF_BOOL, "on", 0, 0, NULL,
	  "Answer software version requests (XEP-0092) with natter's name and version "
	  "(never the operating system); off: such requests are refused." },
	{ "ui.theme", PREF_STRING, "default", 0, 0, NULL,
	  "Theme to use: a NAME.theme in the configuration directory's themes/ or in "
	  "natter's data directory (/theme list shows them)." },
	{ "ui.time_format", PREF_STRING, "%H:%M", 0, 0, NULL,
	  "Timestamp before each message (strftime format; empty: no timestamps)." },
	{ "ui.date_format", PREF_STRING, "%A %-d %B %Y", 0, 0, NULL,
	  "Day shown on the line between messages of different days (strftime)." },
	{ "ui.status_time", PREF_STRING, "", 0, 0, NULL,
	  "Clock in the status bar (strftime, e.g. %H:%M; empty, the default: no "
	  "clock, so natter never wakes up while idle; a clock wakes it each minute, "
	  "each second with seconds)." },
	{ "ui.status_account", PREF_CHOICE, "auto", 0, 0, account_modes,
	  "When the status bar names the current window's account: auto (when more "
	  "than one account is connected) or always." },
	{ "ui.roster_panel", PREF_BOOL, "on", 0, 0, NULL,
	  "Show the roster panel (accounts, contacts and conversations); Alt-R and "
	  "/roster panel on|off toggle it." },
	{ "ui.roster_side", PREF_CHOICE, "right", 0, 0, sides,
	  "Side of the screen for the roster panel." },
	{ "ui.roster_width", PREF_INT, "24", 10, 80, NULL,
	  "Width of the roster panel in columns (it shrinks on narrow terminals)." },
	{ "ui.room_joins", PREF_CHOICE, "auto", 0, 0, join_modes,
	  "Lines for occupants joining and leaving rooms: show, hide, or auto (hidden in "
	  "rooms of more than 50 occupants). Nick changes, kicks and bans always show." },
	{ "ui.nick_colours", PREF_BOOL, "on", 0, 0, NULL,
	  "Colour each name by its own colour (XEP-0392); off: the theme's peer_nick." },
	{ "ui.highlight_words", PREF_STRING, "", 0, 0, NULL,
	  "Comma-separated words that highlight a message that contains them "
	  "(whole words, any case)." },
	{ "ui.notify_on", PREF_SET, "chat,highlight", 0, 0, notify_kinds,
	  "What alerts (bell, terminal title, notify command): chat (a message in a "
	  "one-to-one window you are not looking at), highlight (a highlighted "
	  "message)." },
	{ "ui.bell", PREF_BOOL, "on", 0, 0, NULL, "Ring the terminal bell on an alert." },
	{ "ui.terminal_title", PREF_BOOL, "on", 0, 0, NULL,
	  "Set the terminal's title to natter and the number of windows waiting." },
	{ "ui.notify_command", PREF_STRING, "", 0, 0, NULL,
	  "Program run on an alert, with the sender and the text as two more "
	  "arguments (split like a shell would, but never run through one), e.g. "
	  "notify-send natter; NATTER_ACCOUNT in its environment names the account "
	  "the message came to." },
	{ "ui.scrollback", PREF_INT, "10000", 0, 1000000, NULL,
	  "Lines each window keeps (0: no limit; never fewer than 128 and twice the "
	  "screen's height); beyond the newest few hundred they are "
	  "kept compressed, and the oldest go 128 at a time." },
	{ "ui.history_page", PREF_INT, "100", 0, 10000, NULL,
	  "Messages from the history a conversation window shows when it opens (0: "
	  "none)." },
	{ "ui.input_history", PREF_INT, "500", 0, 100000, NULL,
	  "Lines of input history kept per window, saved across runs (0: none)." },
	{ "ui.mouse", PREF_BOOL, "off", 0, 0, NULL,
	  "Let the mouse wheel scroll (the terminal then needs Shift for selecting "
	  "text)." },
};

static const struct pref_def *pref_table[G_N_ELEMENTS(pref_rows) + 1];
static GHashTable *values; /* name -> canonical text */
static GKeyFile *file;
static char *file_path;

const struct pref_def *const *
prefs_table(void)
{
	if (pref_table[0] == NULL) {
		for (size_t i = 0; i < G_N_ELEMENTS(pref_rows); i++)
			pref_table[i] = &pref_rows[i];
	}
	return pref_table;
}

const struct pref_def *
prefs_find(const char *name)
{
	/* Name -> row, built on the first look-up: options are read for
	 * every message and every line drawn. */
	static GHashTable *index; /* name -> row number + 1 */
	guint row;

	if (index == NULL) {
		index = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i < G_N_ELEMENTS(pref_rows); i++)
			g_hash_table_insert(index, (gpointer)pref_rows[i].name,
			                    GUINT_TO_POINTER(i + 1));
	}
	row = GPOINTER_TO_UINT(g_hash_table_lookup(index, name));
	return row > 0 ? &pref_rows[row - 1] : NULL;
}

static int
prefs_choice(const struct pref_def *def, const char *word)
{
	for (size_t i = 0; def->choices[i] != NULL; i++) {
		if (g_ascii_strcasecmp(def->choices[i], word) == 0)
			return (int)i;
	}
	return -1;
}

static char *
prefs_choices_text(const struct pref_def *def)
{
	return g_strjoinv(", ", (char **)def->choices);
}

int
prefs_check(const struct pref_def *def, const char *value, char **normal, char **cause)
{
	char *text = g_strstrip(g_strdup(value));
	char *canonical = NULL;

	switch (def->type) {
	case PREF_BOOL:
		if (strcmp(text, "on") == 0 || strcmp(text, "true") == 0 ||
		    strcmp(text, "yes") == 0 || strcmp(text, "1") == 0)
			canonical = g_strdup("on");
		else if (strcmp(text, "off") == 0 || strcmp(text, "false") == 0 ||
		         strcmp(text, "no") == 0 || strcmp(text, "0") == 0)
			canonical = g_strdup("off");
		else
			*cause = g_strdup_printf("%s is on or off, not '%s'", def->name, text);
		break;
	case PREF_INT: {
		char *end = NULL;
		errno = 0;
		long n = strtol(text, &end, 10);
		if (*text == '\0' || *end != '\0' || errno != 0 || n < def->min || n > def->max)
			*cause = g_strdup_printf("%s is a number from %d to %d, not '%s'",
			                         def->name, def->min, def->max, text);
		else
			canonical = g_strdup_printf("%ld", n);
		break;
	}
	case PREF_STRING:
		if (strpbrk(value, "\r\n") != NULL || !g_utf8_validate(value, -1, NULL))
			*cause = g_strdup_printf("%s is one line of UTF-8 text", def->name);
		else
			canonical = g_strdup(text);
		break;
	case PREF_CHOICE: {
		int i = prefs_choice(def, text);
		if (i < 0) {
			char *all = prefs_choices_text(def);
			*cause = g_strdup_printf("%s is one of %s, not '%s'", def->name, all, text);
			g_free(all);
		} else {
			canonical = g_strdup(def->choices[i]);
		}
		break;
	}
	case PREF_SET: {
		char **items = g_strsplit(text, ",", -1);
		GString *out = g_string_new(NULL);
		for (char **item = items; *item != NULL && *cause == NULL; item++) {
			g_strstrip(*item);
			if (**item == '\0')
				continue;
			int i = prefs_choice(def, *item);
			if (i < 0) {
				char *all = prefs_choices_text(def);
				*cause = g_strdup_printf("%s takes a comma-separated list of %s, "
				                         "not '%s'",
				                         def->name, all, *item);
				g_free(all);
			} else {
				g_string_append_printf(out, "%s%s", out->len ? "," : "",
				                       def->choices[i]);
			}
		}
		g_strfreev(items);
		canonical = g_string_free(out, FALSE);
		if (*cause != NULL)
			g_clear_pointer(&canonical, g_free);
		break;
	}
	}
	g_free(text);
	if (canonical == NULL)
		return -1;
	if (normal != NULL)
		*normal = canonical;
	else
		g_free(canonical);
	return 0;
}

/* Splits "group.key". */
static void
prefs_split(const char *name, char **group, const char **key)
{
	const char *dot = strchr(name, '.');

	*group = g_strndup(name, (gsize)(dot - name));
	*key = dot + 1;
}

static void
prefs_read(GKeyFile *keys, GPtrArray *problems)
{
	gchar **groups = g_key_file_get_groups(keys, NULL);

	for (gchar **group = groups; *group != NULL; group++) {
		gchar **names = g_key_file_get_keys(keys, *group, NULL, NULL);
		for (gchar **key = names; key != NULL && *key != NULL; key++) {
			char *name = g_strdup_printf("%s.%s", *group, *key);
			/* The raw text: no escapes, so "%H" and "\" mean themselves. */
			char *raw = g_key_file_get_value(keys, *group, *key, NULL);
			const struct pref_def *def = prefs_find(name);
			char *normal = NULL, *cause = NULL;
			if (def == NULL)
				g_ptr_array_add(
				        problems,
				        g_strdup_printf("natter.conf: unknown option %s", name));
			else if (prefs_check(def, raw ? raw : "", &normal, &cause) == -1)
				g_ptr_array_add(problems,
				                g_strdup_printf("natter.conf: %s; using %s", cause,
				                                def->fallback));
			else
				g_hash_table_replace(values, g_strdup(name), normal);
			g_free(cause);
			g_free(raw);
			g_free(name);
		}
		g_strfreev(names);
	}
	g_strfreev(groups);
}

static void
prefs_reset(void)
{
	prefs_clear();
	values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	file = g_key_file_new();
}

int
prefs_parse(const char *text, GPtrArray *problems, char **cause)
{
	GError *error = NULL;

	prefs_reset();
	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, &error)) {
		*cause = g_strdup_printf("natter.conf: %s", error->message);
		g_error_free(error);
		return -1;
	}
	prefs_read(file, problems);
	return 0;
}

int
prefs_load(const char *path, GPtrArray *problems, char **cause)
{
	char *text = NULL;
	GError *error = NULL;
	int ret = 0;

	prefs_reset();
	file_path = g_strdup(path);
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return 0;
	if (!g_file_get_contents(path, &text, NULL, &error)) {
		*cause = g_strdup_printf("%s: %s", path, error->message);
		g_error_free(error);
		return -1;
	}
	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, &error)) {
		*cause = g_strdup_printf("%s: %s (every option has its default)", path,
		                         error->message);
		g_error_free(error);
		/* Never overwrite a file we could not read. */
		g_clear_pointer(&file_path, g_free);
		ret = -1;
	} else {
		prefs_read(file, problems);
	}
	g_free(text);
	return ret;
}

void
prefs_clear(void)
{
	g_clear_pointer(&values, g_hash_table_unref);
	g_clear_pointer(&file, g_key_file_free);
	g_clear_pointer(&file_path, g_free);
}

static const char *
prefs_value(const char *name)
{
	const struct pref_def *def = prefs_find(name);
	const char *value = values ? g_hash_table_lookup(values, name) : NULL;

	g_return_val_if_fail(def != NULL, "");
	return value != NULL ? value : def->fallback;
}

int
prefs_bool(const char *name)
{
	return strcmp(prefs_value(name), "on") == 0;
}

int
prefs_int(const char *name)
{
	return atoi(prefs_value(name));
}

const char *
prefs_string(const char *name)
{
	return prefs_value(name);
}

int
prefs_has(const char *name, const char *item)
{
	char **items = g_strsplit(prefs_value(name), ",", -1);
	int found = g_strv_contains((const gchar *const *)items, item);

	g_strfreev(items);
	return found;
}

static int
prefs_save(char **cause)
{
	GError *error = NULL;
	char *dir, *text;
	gsize length;
	int ret = 0;

	if (file_path == NULL) {
		*cause = g_strdup("natter.conf could not be read at start, so it is left as it is");
		return -1;
	}
	dir = g_path_get_dirname(file_path);
	if (paths_ensure_private_dir(dir, cause) == -1) {
		g_free(dir);
		return -1;
	}
	text = g_key_file_to_data(file, &length, NULL);
	if (!g_file_set_contents_full(file_path, text, (gssize)length,
	                              G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		ret = -1;
	}
	g_free(text);
	g_free(dir);
	return ret;
}

int
prefs_set(const char *name, const char *value, char **cause)
{
	const struct pref_def *def = prefs_find(name);
	char *normal = NULL, *group;
	const char *key;
	struct event event = { .type = EV_PREF_CHANGED };
	int ret;

	if (def == NULL) {
		*cause = g_strdup_printf("no option %s (/set lists them)", name);
		return -1;
	}
	if (value != NULL && prefs_check(def, value, &normal, cause) == -1)
		return -1;
	if (values == NULL)
		prefs_reset();
	prefs_split(name, &group, &key);
	if (normal != NULL) {
		g_key_file_set_value(file, group, key, normal);
		g_hash_table_replace(values, g_strdup(name), normal);
	} else {
		g_key_file_remove_key(file, group, key, NULL);
		g_hash_table_remove(values, name);
	}
	g_free(group);
	ret = prefs_save(cause);
	event.u.pref.name = def->name;
	event_emit(&event);
	return ret;
}
