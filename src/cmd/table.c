/*
 * table.c: the command table, one row per command.
 *
 * Static data. /help is generated from these rows.
 */
#include "config.h"

#include <stddef.h>

#include "cmd/commands.h"

static const struct cmd_entry cmd_connect = {
	.name = "connect",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_ACCOUNT },
	.usage = "/connect [ACCOUNT]",
	.summary = "connect an account",
	.help = "Connects ACCOUNT (a group name in accounts.ini), or the only configured "
	        "account when there is one. Progress and failures show in the console.",
	.handler = cmd_session_connect,
};

static const struct cmd_entry cmd_disconnect = {
	.name = "disconnect",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_ACCOUNT },
	.usage = "/disconnect [ACCOUNT]",
	.summary = "disconnect an account",
	.help = "Says goodbye (unavailable presence), closes the stream of ACCOUNT and "
	        "cancels a connection attempt in progress. Without ACCOUNT: the current "
	        "window's account, or the only connected one.",
	.handler = cmd_session_disconnect,
};

static const char *const msg_aliases[] = { "m", "query", NULL };
static const struct cmd_entry cmd_msg_entry = {
	.name = "msg",
	.aliases = msg_aliases,
	.options = "a",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_JID, COMPLETE_NONE },
	.usage = "/msg [-a ACCOUNT] JID [TEXT]",
	.summary = "send a message, or open a conversation",
	.help = "Sends TEXT (the rest of the line, as typed) to JID as a chat message and "
	        "shows it in the conversation's window. Without TEXT, opens the "
	        "conversation. The account is -a ACCOUNT, else the current window's, "
	        "else the only online one.",
	.handler = cmd_msg,
};

static const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_COMMAND },
	.usage = "/help [COMMAND]",
	.summary = "list commands, or explain one",
	.help = "Without COMMAND, lists every command with a one-line summary. With "
	        "COMMAND, shows its usage, aliases and description.",
	.handler = cmd_help,
};

static const char *const win_aliases[] = { "window", NULL };
static const struct cmd_entry cmd_win_entry = {
	.name = "win",
	.aliases = win_aliases,
	.min_args = 1,
	.max_args = 1,
	.usage = "/win NUMBER|NAME",
	.summary = "show another window",
	.help = "Shows the window with this number (as in the status bar; Alt-1..Alt-9 "
	        "do the same) or whose name contains NAME.",
	.handler = cmd_win,
};

static const char *const quit_aliases[] = { "exit", NULL };
static const struct cmd_entry cmd_quit = {
	.name = "quit",
	.aliases = quit_aliases,
	.min_args = 0,
	.max_args = 0,
	.usage = "/quit",
	.summary = "disconnect every account and leave",
	.help = "Disconnects every account cleanly and ends natter.",
	.handler = cmd_session_quit,
};

static const struct cmd_entry *const table[] = {
	&cmd_connect, &cmd_disconnect, &cmd_help_entry, &cmd_msg_entry, &cmd_quit, &cmd_win_entry,
	NULL,
};

const struct cmd_entry *const *
cmd_table(void)
{
	return table;
}
