/*
 * command.c: parsing a command line against the table and running it.
 *
 * Stateless. A line is "/name [-x value]... args", where the last argument
 * of a command marked `rest` is the raw remainder of the line (message
 * text keeps its quotes and spacing).
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/commands.h"
#include "cmd/tokenize.h"
#include "model/account.h"
#include "xmpp/session.h"

static void
cmd_activity_free(gpointer pointer)
{
	struct cmd_activity *a = pointer;

	g_free(a->name);
	g_free(a->account);
	g_free(a);
}

GPtrArray *
cmd_activity_list(void)
{
	return g_ptr_array_new_with_free_func(cmd_activity_free);
}

void
cmd_activity_add(GPtrArray *list, int number, const char *name, const char *account, int unread,
                 int highlights)
{
	struct cmd_activity *a = g_new0(struct cmd_activity, 1);

	a->number = number;
	a->name = g_strdup(name);
	a->account = g_strdup(account);
	a->unread = unread;
	a->highlights = highlights;
	g_ptr_array_add(list, a);
}

void
cmd_result_init(struct cmd_result *result)
{
	memset(result, 0, sizeof *result);
	result->ok = 1;
}

void
cmd_result_clear(struct cmd_result *result)
{
	g_free(result->command);
	g_free(result->error);
	g_free(result->usage);
	if (result->output != NULL)
		g_ptr_array_free(result->output, TRUE);
	if (result->found != NULL)
		g_ptr_array_unref(result->found);
	memset(result, 0, sizeof *result);
}

int
cmd_result_error(struct cmd_result *result, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_free(result->error);
	result->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	result->ok = 0;
	return -1;
}

void
cmd_result_line(struct cmd_result *result, const char *fmt, ...)
{
	va_list ap;

	if (result->output == NULL)
		result->output = g_ptr_array_new_with_free_func(g_free);
	va_start(ap, fmt);
	g_ptr_array_add(result->output, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* Whether p starts the word w followed by a blank or the end. */
static int
cmd_word_is(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncmp(p, w, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t');
}

/* cmd_secret_offset() past the command's name at p: the words before the
 * secret one, read as cmd_parse_options() and the tokenizer read them:
 * options only before the arguments, "--" ends them, quotes make one
 * word. The arguments passed go into before (for secret_from). */
static size_t
cmd_secret_scan(const struct cmd_entry *entry, const char *p, const char *line, GPtrArray *before)
{
	char *word, *cause;
	int options = 1, position = 1, value;

	for (;;) {
		p = tokenize_skip_space(p);
		if (*p == '\0')
			return 0;
		if (options && cmd_word_is(p, "--")) {
			p += 2;
			options = 0;
			continue;
		}
		value = options && p[0] == '-' && p[1] >= 'a' && p[1] <= 'z' &&
		        cmd_word_is(p + 2, "") && entry->options != NULL &&
		        strchr(entry->options, p[1]) != NULL;
		if (value) {
			p += 2; /* its value is the next word */
			position--;
		} else {
			options = 0;
			if (entry->secret_from != NULL
			            ? entry->secret_from(position,
			                                 (const char *const *)before->pdata)
			            : position == entry->secret)
				return (size_t)(p - line);
		}
		word = cause = NULL;
		if (tokenize_next(&p, &word, &cause) != 1) {
			g_free(word);
			g_free(cause);
			return 0;
		}
		if (value)
			g_free(word);
		else
			g_ptr_array_add(before, word);
		position++;
	}
}

size_t
cmd_secret_offset(const char *line)
{
	const char *p = tokenize_skip_space(line);
	const struct cmd_entry *entry;
	GPtrArray *before;
	size_t name_length, offset;
	char *name;

	if (p[0] != '/' || p[1] == '/')
		return 0;
	name_length = strcspn(p + 1, " \t");
	name = g_strndup(p + 1, name_length);
	entry = cmd_find(name);
	g_free(name);
	if (entry == NULL || (!entry->secret && entry->secret_from == NULL))
		return 0;
	p += 1 + name_length;
	if (entry->secret == 1)
		return (size_t)(p - line);
	before = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	offset = cmd_secret_scan(entry, p, line, before);
	g_ptr_array_unref(before);
	return offset;
}

const struct cmd_entry *
cmd_find(const char *name)
{
	for (const struct cmd_entry *const *e = cmd_table(); *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return *e;
		for (const char *const *alias = (*e)->aliases; alias && *alias; alias++) {
			if (strcmp(*alias, name) == 0)
				return *e;
		}
	}
	return NULL;
}

const char *
cmd_option(const struct cmd_invocation *invocation, char letter)
{
	if (letter < 'a' || letter > 'z')
		return NULL;
	return invocation->option_values[letter - 'a'];
}

int
cmd_flag(const struct cmd_invocation *invocation, const char *name)
{
	const char *const *flags = invocation->entry->flags;

	for (int i = 0; flags != NULL && flags[i] != NULL; i++) {
		if (strcmp(flags[i], name) == 0)
			return (invocation->flags >> i) & 1u;
	}
	return 0;
}

static int cmd_usage_error(const struct cmd_entry *entry, struct cmd_result *result,
                           const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
cmd_usage_error(const struct cmd_entry *entry, struct cmd_result *result, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	cmd_result_error(result, "/%s: %s", entry->name, text);
	g_free(text);
	g_free(result->usage);
	result->usage = g_strdup_printf("usage: %s", entry->usage);
	return -1;
}

/* The letter a long option with a value stands for ("in=i": --in is
 * -i), or 0. */
static char
cmd_long_option(const struct cmd_entry *entry, const char *name, size_t length)
{
	for (int i = 0; entry->long_options != NULL && entry->long_options[i] != NULL; i++) {
		const char *option = entry->long_options[i];
		if (strncmp(option, name, length) == 0 && option[length] == '=')
			return option[length + 1];
	}
	return 0;
}

/* Reads "-x value" options at *cursor. */
static int
cmd_parse_options(struct cmd_invocation *invocation, const char **cursor, struct cmd_result *result,
                  char **cause)
{
	const struct cmd_entry *entry = invocation->entry;

	for (;;) {
		const char *p = tokenize_skip_space(*cursor);
		char *value = NULL;
		char letter;

		/* "--" ends the options: what follows is arguments, even
		 * when it begins with '-'. */
		if (p[0] == '-' && p[1] == '-' && (p[2] == '\0' || p[2] == ' ' || p[2] == '\t')) {
			*cursor = p + 2;
			return 0;
		}
		/* A long option without a value ("--all"), or one standing
		 * for a letter ("--in JID": -i JID). */
		if (p[0] == '-' && p[1] == '-' &&
		    (entry->flags != NULL || entry->long_options != NULL)) {
			size_t n = strcspn(p + 2, " \t");
			int i = 0;
			while (entry->flags != NULL && entry->flags[i] != NULL &&
			       (strlen(entry->flags[i]) != n ||
			        strncmp(p + 2, entry->flags[i], n) != 0))
				i++;
			if (entry->flags != NULL && entry->flags[i] != NULL) {
				invocation->flags |= 1u << i;
				*cursor = p + 2 + n;
				continue;
			}
			letter = cmd_long_option(entry, p + 2, n);
			if (letter == 0)
				return cmd_usage_error(entry, result, "unknown option --%.*s",
				                       (int)n, p + 2);
			*cursor = p + 2 + n;
		} else {
			if (p[0] != '-' || p[1] == '\0' || p[1] == ' ' || p[1] == '-')
				return 0;
			letter = p[1];
			if (p[2] != '\0' && p[2] != ' ' && p[2] != '\t')
				return 0; /* a word like "-foo" is an argument */
			if (entry->options == NULL || letter < 'a' || letter > 'z' ||
			    strchr(entry->options, letter) == NULL)
				return cmd_usage_error(entry, result, "unknown option -%c", letter);
			*cursor = p + 2;
		}
		int got = tokenize_next(cursor, &value, cause);
		if (got == -1)
			return -1;
		if (got == 0)
			return cmd_usage_error(entry, result, "option %s%.*s needs a value",
			                       p[1] == '-' ? "--" : "-",
			                       (int)(p[1] == '-' ? strcspn(p + 2, " \t") : 1),
			                       p + 1 + (p[1] == '-'));
		g_free(invocation->option_values[letter - 'a']);
		invocation->option_values[letter - 'a'] = value;
	}
}

static int
cmd_parse_args(struct cmd_invocation *invocation, const char *cursor, struct cmd_result *result)
{
	const struct cmd_entry *entry = invocation->entry;
	char *cause = NULL;

	if (cmd_parse_options(invocation, &cursor, result, &cause) == -1)
		goto fail;
	for (;;) {
		char *word = NULL;
		int got;

		cursor = tokenize_skip_space(cursor);
		if (entry->rest && invocation->argc == entry->max_args - 1 && *cursor != '\0') {
			invocation->argv[invocation->argc++] = g_strdup(cursor);
			break;
		}
		got = tokenize_next(&cursor, &word, &cause);
		if (got == -1)
			goto fail;
		if (got == 0)
			break;
		if (invocation->argc == entry->max_args) {
			g_free(word);
			return cmd_usage_error(entry, result, "too many arguments");
		}
		invocation->argv[invocation->argc++] = word;
	}
	if (invocation->argc < entry->min_args)
		return cmd_usage_error(entry, result, "missing arguments");
	return 0;
fail:
	if (cause != NULL) {
		cmd_usage_error(entry, result, "%s", cause);
		g_free(cause);
	}
	return -1;
}

static void
cmd_invocation_clear(struct cmd_invocation *invocation)
{
	for (int i = 0; i < invocation->argc; i++) {
		/* A secret (/password) does not stay in freed memory. */
		if (invocation->entry != NULL &&
		    (invocation->entry->secret || invocation->entry->secret_from != NULL) &&
		    invocation->argv[i])
			explicit_bzero(invocation->argv[i], strlen(invocation->argv[i]));
		g_free(invocation->argv[i]);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(invocation->option_values); i++)
		g_free(invocation->option_values[i]);
}

void
cmd_execute(const struct cmd_context *context, const char *line, struct cmd_result *result)
{
	struct cmd_invocation invocation = { .context = context };
	const char *cursor = line;
	char *name = NULL, *cause = NULL;

	cmd_result_init(result);
	if (!g_utf8_validate(line, -1, NULL)) {
		cmd_result_error(result, "the line is not valid UTF-8");
		return;
	}
	cursor = tokenize_skip_space(cursor);
	if (*cursor != '/') {
		cmd_result_error(result, "commands start with '/'; try /help");
		return;
	}
	cursor++;
	if (tokenize_next(&cursor, &name, &cause) != 1 || *name == '\0') {
		cmd_result_error(result, "%s",
		                 cause ? cause : "no command name after '/'; try /help");
		g_free(cause);
		g_free(name);
		return;
	}
	invocation.entry = cmd_find(name);
	if (invocation.entry == NULL) {
		cmd_result_error(result, "unknown command /%s; /help lists the commands", name);
		g_free(name);
		return;
	}
	g_free(name);
	result->command = g_strdup(invocation.entry->name);
	if (cmd_parse_args(&invocation, cursor, result) == 0)
		invocation.entry->handler(&invocation, result);
	cmd_invocation_clear(&invocation);
}

static char *
cmd_account_names(int online)
{
	GString *names = g_string_new(NULL);
	const GPtrArray *accounts = account_list();

	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		struct session *session = session_find(account->name);
		if (online && (session == NULL || session_state(session) != SESSION_ONLINE))
			continue;
		g_string_append_printf(names, "%s%s", names->len ? ", " : "", account->name);
	}
	return g_string_free(names, FALSE);
}

/* /account switch: the account of commands typed where no window has one
 * (the console), or NULL. */
static char *default_account;

void
cmd_set_default_account(const char *name)
{
	g_free(default_account);
	default_account = g_strdup(name);
}

const char *
cmd_default_account(void)
{
	if (default_account != NULL && account_find(default_account) == NULL)
		g_clear_pointer(&default_account, g_free); /* removed meanwhile */
	return default_account;
}

const char *
cmd_pick_account(const struct cmd_invocation *invocation, int online, struct cmd_result *result)
{
	const char *name = cmd_option(invocation, 'a');
	const GPtrArray *accounts = account_list();
	const char *only = NULL;
	int count = 0;
	char *names;

	if (name == NULL)
		name = invocation->context->account;
	if (name == NULL)
		name = cmd_default_account();
	if (name != NULL) {
		if (account_find(name) == NULL) {
			cmd_result_error(result, "/%s: no account named '%s'",
			                 invocation->entry->name, name);
			return NULL;
		}
		return account_find(name)->name;
	}
	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		struct session *session = session_find(account->name);
		if (online && (session == NULL || session_state(session) != SESSION_ONLINE))
			continue;
		only = account->name;
		count++;
	}
	if (count == 1)
		return only;
	if (accounts->len == 0) {
		cmd_result_error(result, "/%s: no account is configured; add one to accounts.ini",
		                 invocation->entry->name);
		return NULL;
	}
	/* The only account, offline: the command says what it can do. */
	if (count == 0 && accounts->len == 1)
		return ((const struct account *)accounts->pdata[0])->name;
	if (count == 0) {
		cmd_result_error(result, "/%s: no account is online; /connect first",
		                 invocation->entry->name);
		return NULL;
	}
	names = cmd_account_names(online);
	cmd_result_error(result,
	                 "/%s: several accounts (%s): say which with -a ACCOUNT, or choose one "
	                 "with /account switch ACCOUNT",
	                 invocation->entry->name, names);
	g_free(names);
	return NULL;
}

enum cmd_complete
cmd_complete_kind(const char *line, int index)
{
	char **words = NULL, *cause = NULL;
	const struct cmd_entry *entry;
	int count = 0;
	enum cmd_complete kind = COMPLETE_NONE;

	if (index == 0)
		return COMPLETE_COMMAND;
	if (line[0] != '/' || tokenize(line + 1, &words, &count, &cause) == -1 || count == 0) {
		g_free(cause);
		g_strfreev(words);
		return COMPLETE_NONE;
	}
	entry = cmd_find(words[0]);
	if (entry != NULL && index - 1 < CMD_MAX_ARGS)
		kind = entry->complete[index - 1];
	g_strfreev(words);
	return kind;
}
