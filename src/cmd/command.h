/*
 * command.h: the command table and its dispatcher.
 *
 * Each command is one row of a declarative table (cmd/table.c): name,
 * aliases, options, argument counts, completion kinds, usage, summary,
 * help and handler. cmd_execute() parses a line against the table, runs
 * the handler and fills a result the frontend shows. Handlers never draw.
 */
#ifndef NATTER_CMD_COMMAND_H
#define NATTER_CMD_COMMAND_H

#include <glib.h>

struct cmd_invocation;
struct cmd_result;

/* What a frontend offers to commands. Members may be NULL when the
 * frontend has no such thing (the headless frontend has no windows). */
struct cmd_frontend {
	const char *name;
	/* The window commands (/win, /wins, /close, /xmlconsole, /editor):
	 * the frontend runs them and fills result. Returns 0 or -1. */
	int (*ui)(const struct cmd_invocation *invocation, struct cmd_result *result);
	/* Names of the windows, for completion (caller frees, with strings). */
	GPtrArray *(*window_names)(void);
	/* /msg JID without text: show the conversation's window. */
	void (*show_conversation)(const char *account, const char *peer);
	/* The nicks in the current window's room, for completion (caller
	 * frees, with strings), or NULL when it is not a room's. */
	GPtrArray *(*room_nicks)(void);
	/* The current window's account (borrowed), or NULL. */
	const char *(*current_account)(void);
	/* The windows with unread messages (struct cmd_activity; caller
	 * frees the array, which frees them), or NULL: no windows. */
	GPtrArray *(*activity)(void);
	/* /search open N: the N-th match of the last /search shown, opened
	 * in its conversation. Returns 0, or -1 and *cause. NULL: the
	 * frontend does not list matches. */
	int (*open_match)(int n, char **cause);
};

/* A window's unread messages, as the control socket tells them. */
struct cmd_activity {
	int number;
	char *name;
	char *account;  /* or NULL */
	int unread;     /* messages added while the window was not shown */
	int highlights; /* of which mentions and private messages */
};

/* A new array for cmd_frontend.activity() to fill. */
GPtrArray *cmd_activity_list(void);

/* Adds a window's counts to list. */
void cmd_activity_add(GPtrArray *list, int number, const char *name, const char *account,
                      int unread, int highlights);

/* Where a command line was typed. */
struct cmd_context {
	const char *account; /* account of the current window, or NULL */
	const char *peer;    /* the current window's contact (bare JID), or NULL */
	const struct cmd_frontend *frontend;
};

/* The outcome of one command line. */
struct cmd_result {
	int ok;
	char *command;     /* the command's name, or NULL when none was found */
	char *error;       /* what went wrong, when !ok */
	char *usage;       /* the usage line, on argument errors */
	GPtrArray *output; /* lines of text to show (help), of char * */
	/* /search: the matches (struct stored_message, newest first), for
	 * frontends that show them their way; or NULL. */
	GPtrArray *found;
};

/* What completes an argument (for the frontends' tab completion). */
enum cmd_complete {
	COMPLETE_NONE,
	COMPLETE_COMMAND,
	COMPLETE_ACCOUNT,
	COMPLETE_JID,
	COMPLETE_CHOICE, /* one of the entry's words for this argument */
	COMPLETE_OPTION, /* an option name (/set) */
	COMPLETE_VALUE,  /* a value for the option named before it */
	COMPLETE_WINDOW, /* a window name or number (the frontend's) */
	COMPLETE_THEME,  /* a theme name, or a file path when it has a '/' */
	COMPLETE_NICK,   /* a nick in the current window's room */
	COMPLETE_ROOM,   /* a room address of the account */
};

#define CMD_MAX_ARGS 4

struct cmd_entry {
	const char *name;
	const char *const *aliases; /* NULL-terminated, or NULL */
	const char *options;        /* accepted flags taking a value, e.g. "a" */
	const char *const *flags;   /* long options without a value ("all" for --all) */
	/* Long options with a value, each "name=x": --name VALUE is -x VALUE
	 * (x in options). */
	const char *const *long_options;
	int min_args;
	int max_args;
	int rest; /* the last argument is the raw rest of the line */
	/* Secret arguments (masked, the line not kept in history): 0 none,
	 * N: the N-th argument and the rest (1: all of them). */
	int secret;
	/* Or, when set: whether the argument at position (1: the first) and
	 * the rest are secret, given the arguments before it (/account set
	 * NAME password VALUE). */
	int (*secret_from)(int position, const char *const *before);
	enum cmd_complete complete[CMD_MAX_ARGS];
	const char *const *choices[CMD_MAX_ARGS]; /* for COMPLETE_CHOICE */
	const char *usage;
	const char *summary;
	const char *help;
	int (*handler)(const struct cmd_invocation *invocation, struct cmd_result *result);
};

struct cmd_invocation {
	const struct cmd_entry *entry;
	const struct cmd_context *context;
	int argc;
	char *argv[CMD_MAX_ARGS];
	char *option_values[26]; /* value of -a in option_values['a' - 'a'] */
	unsigned flags;          /* bit i: entry->flags[i] was given */
};

/* Initialises result (all empty). */
void cmd_result_init(struct cmd_result *result);

/* Frees what result holds. */
void cmd_result_clear(struct cmd_result *result);

/* Marks result failed with a formatted error. Returns -1. */
int cmd_result_error(struct cmd_result *result, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Appends a formatted line of output. */
void cmd_result_line(struct cmd_result *result, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Runs one command line ("/name args..."). Always fills result. */
void cmd_execute(const struct cmd_context *context, const char *line, struct cmd_result *result);

/* The table (NULL-terminated array of rows, borrowed). */
const struct cmd_entry *const *cmd_table(void);

/* For a typed line of a command with secret arguments (/password, the
 * password of /join), the byte offset where they start, when the line
 * has them; else 0. */
size_t cmd_secret_offset(const char *line);

/* The row for a name or alias, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* The value of option letter for this invocation, or NULL. */
const char *cmd_option(const struct cmd_invocation *invocation, char letter);

/* Whether the long option --name (one of the entry's flags) was given. */
int cmd_flag(const struct cmd_invocation *invocation, const char *name);

/* /account switch: name (copied; NULL: none) becomes the account of
 * commands typed where the window has none (the console). */
void cmd_set_default_account(const char *name);

/* That account, or NULL (none, or it is no longer configured). */
const char *cmd_default_account(void);

/*
 * The account a command acts on: -a ACCOUNT, else the current window's,
 * else the one /account switch chose, else the only configured account
 * (the only online one when online is set). Returns the name (borrowed)
 * or NULL after filling result's error.
 */
const char *cmd_pick_account(const struct cmd_invocation *invocation, int online,
                             struct cmd_result *result);

/* Sends text to the JID to from account and fills result (what /msg does
 * once it knows the account; also used for text typed in a conversation
 * window). Returns 0 or -1. */
int cmd_msg_send(const char *account, const char *to, const char *text, struct cmd_result *result);

/* What the argument at index (0 = the command name) of a partial line
 * completes to. */
enum cmd_complete cmd_complete_kind(const char *line, int index);

/*
 * complete.c: the completions of the word that ends at byte point of
 * line: command names, or what the command table says the argument is
 * (accounts, JIDs of conversations). *word_start gets where that word
 * begins. Returns a sorted array of strings (the caller frees it, with
 * its strings); empty when there is nothing to offer.
 */
GPtrArray *cmd_complete(const struct cmd_frontend *frontend, const char *line, size_t point,
                        size_t *word_start);

#endif
