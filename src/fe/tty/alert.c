/*
 * alert.c: telling the user something needs them: the terminal bell, the
 * terminal title ("natter (N)") and ui.notify_command; and which messages
 * are highlighted (ui.highlight_words).
 *
 * Stateless but for where problems are reported (alert_init()) and how
 * many alerts came lately.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/fold.h"
#include "core/ratelimit.h"
#include "core/spawn.h"
#include "fe/tty/alert.h"
#include "fe/tty/draw.h"
#include "fe/tty/window.h"

/* How long a notify command may run. */
#define ALERT_NOTIFY_TIMEOUT_S 10

/* Alerts (bell, notify command) of each kind: a few at once, then one
 * per interval, however fast messages come (a flood from a stranger, a
 * busy room); a flood of one kind leaves the other's alone. */
#define ALERT_BURST       5
#define ALERT_INTERVAL_US (3 * G_USEC_PER_SEC)

static void (*report)(const char *problem);
static struct ratelimit chat_alerts = RATELIMIT_INIT(ALERT_BURST, ALERT_INTERVAL_US);
static struct ratelimit highlight_alerts = RATELIMIT_INIT(ALERT_BURST, ALERT_INTERVAL_US);

void
alert_init(void (*problem)(const char *text))
{
	report = problem;
}

/* The terminal title: natter, and how many windows wait with messages. */
void
alert_update_title(void)
{
	const GPtrArray *windows = window_list();
	int waiting = 0;
	char *title;

	if (!prefs_bool("ui.terminal_title")) {
		draw_title_text(NULL);
		return;
	}
	for (guint i = 0; i < windows->len; i++)
		waiting += ((struct window *)windows->pdata[i])->activity >= ACTIVITY_MESSAGE;
	title = waiting ? g_strdup_printf("natter (%d)", waiting) : g_strdup("natter");
	draw_title_text(title);
	g_free(title);
}

static void
alert_on_notify_done(int ok, const char *output, const char *why, void *userdata)
{
	if (!ok)
		report(why);
}

/* ui.notify_command with the sender and text as two more arguments (and
 * NATTER_ACCOUNT in its environment): the command line is the user's
 * own; remote text is only ever an argument. */
static void
alert_notify_command(const char *account, const char *sender, const char *text)
{
	const char *env[] = { "NATTER_ACCOUNT", account, NULL };
	const char *command = prefs_string("ui.notify_command");
	char **argv = NULL, *cause = NULL;
	GError *error = NULL;
	int argc = 0;

	if (*command == '\0')
		return;
	if (!g_shell_parse_argv(command, &argc, &argv, &error)) {
		char *problem = g_strdup_printf("ui.notify_command: %s", error->message);
		report(problem);
		g_free(problem);
		g_error_free(error);
		return;
	}
	argv = g_renew(char *, argv, argc + 3);
	argv[argc] = g_strdup(sender);
	argv[argc + 1] = g_strdup(text);
	argv[argc + 2] = NULL;
	if (spawn_argv_env((const char *const *)argv, account != NULL ? env : NULL,
	                   ALERT_NOTIFY_TIMEOUT_S, alert_on_notify_done, NULL, &cause) == NULL) {
		char *problem = g_strdup_printf("ui.notify_command: %s", cause);
		report(problem);
		g_free(problem);
		g_free(cause);
	}
	g_strfreev(argv);
}

/* A message the user should know about: kind is "chat" or "highlight"
 * (the items of ui.notify_on). */
void
alert(const char *kind, const char *account, const char *sender, const char *text)
{
	if (!prefs_has("ui.notify_on", kind) ||
	    !ratelimit_take(strcmp(kind, "chat") == 0 ? &chat_alerts : &highlight_alerts))
		return;
	if (prefs_bool("ui.bell"))
		draw_bell();
	alert_notify_command(account, sender, text);
}

/* Whether folded (case-folded text) holds want (case-folded) as a whole
 * word. */
static int
alert_has_word(const char *folded, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = folded; n > 0 && (p = strstr(p, want)) != NULL; p++) {
		const char *after = p + n;
		int starts =
		        p == folded || !g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(p)));
		int ends = *after == '\0' || !g_unichar_isalnum(g_utf8_get_char(after));
		if (starts && ends)
			return 1;
	}
	return 0;
}

/* ui.highlight_words split and case-folded, made again when the option
 * changes (every message is looked at). */
static char *highlight_source;
static char **highlight_words;

static char **
alert_highlight_words(void)
{
	const char *source = prefs_string("ui.highlight_words");

	if (highlight_words != NULL && strcmp(source, highlight_source) == 0)
		return highlight_words;
	g_free(highlight_source);
	g_strfreev(highlight_words);
	highlight_source = g_strdup(source);
	/* Folded, without the empty ones ("a,,b", a trailing comma). */
	char **split = g_strsplit(source, ",", -1);
	GPtrArray *words = g_ptr_array_new();
	for (char **word = split; *word != NULL; word++) {
		if (*g_strstrip(*word) != '\0')
			g_ptr_array_add(words, fold_case(*word, -1));
	}
	g_ptr_array_add(words, NULL);
	g_strfreev(split);
	highlight_words = (char **)g_ptr_array_free(words, FALSE);
	return highlight_words;
}

void
alert_fini(void)
{
	g_clear_pointer(&highlight_source, g_free);
	g_clear_pointer(&highlight_words, g_strfreev);
}

/* Whether text holds one of ui.highlight_words, or nick (NULL: none), as
 * a whole word, in any case. */
int
alert_highlighted(const char *text, const char *nick)
{
	char **words = alert_highlight_words();
	char *folded;
	int found = 0;

	if ((nick == NULL || *nick == '\0') && words[0] == NULL)
		return 0; /* nothing to look for */
	folded = fold_case(text, -1);

	if (nick != NULL && *nick != '\0') {
		char *want = fold_case(nick, -1);
		found = alert_has_word(folded, want);
		g_free(want);
	}
	for (char **word = words; *word != NULL && !found; word++)
		found = alert_has_word(folded, *word);
	g_free(folded);
	return found;
}
