/*
 * table.c: the command table, one row per command.
 *
 * Static data. /help is generated from these rows.
 */
#include "config.h"

#include <stddef.h>

#include "cmd/commands.h"
#include "config/accounts.h"

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
	        "window's account, in the console the one /account switch chose, or the only "
	        "connected one.",
	.handler = cmd_session_disconnect,
};

static const char *const account_actions[] = { "list",    "show",   "add",    "set",
	                                       "unset",   "rename", "remove", "enable",
	                                       "disable", "switch", NULL };
static const struct cmd_entry cmd_account_entry = {
	.name = "account",
	.min_args = 0,
	.max_args = 4,
	.rest = 1,
	.secret_from = cmd_account_secret,
	.complete = { COMPLETE_CHOICE, COMPLETE_ACCOUNT, COMPLETE_CHOICE },
	.choices = { account_actions, NULL, accounts_key_names },
	.usage =
	        "/account [list | show NAME | add NAME JID | set NAME KEY VALUE | unset NAME KEY | "
	        "rename NAME NEW_NAME | remove NAME | enable NAME | disable NAME | switch [NAME]]",
	.summary = "list, add, change and remove accounts",
	.help = "list: each account's JID, resource and state (online with its presence, "
	        "connecting, waiting to reconnect, disconnected). show NAME: its settings (a "
	        "password is never shown). add NAME JID: a new account in accounts.ini. set NAME "
	        "KEY VALUE: one of its settings (jid, password, eval_password, server, port, "
	        "resource, tls, trust_cafile, allow_plain, autoconnect, enabled, tag, colour, "
	        "status (the presence on connecting: online, chat, away, xa or dnd, then a text), "
	        "priority, nick (in rooms), autojoin (rooms entered on connecting, separated by "
	        "commas); VALUE is the "
	        "rest of the line as typed, quotes included; KEY and VALUE are masked as you type "
	        "and the line is kept out of the input history, since it may hold a password); "
	        "unset NAME KEY removes one. A connected account "
	        "uses the change from its next login, except status and priority (its presence "
	        "at once) and nick (the next /join). rename NAME NEW_NAME: the account keeps its "
	        "settings, windows, roster, rooms and pinned certificate under the new name; "
	        "disconnect it first. remove NAME: the account, its cached "
	        "roster and pinned certificate, its windows and their input history; disconnect "
	        "it first, and type the command twice "
	        "to confirm. disable NAME: keep it but never connect it (enabled = no; a "
	        "connected account disconnects); enable NAME undoes that. switch NAME: the "
	        "account of commands typed in the console (where no window names one); "
	        "without NAME, which it is. accounts.ini is "
	        "changed in place: only the lines concerned, the "
	        "rest (other accounts, comments) as it was, written atomically (0600).",
	.handler = cmd_account,
};

static const char *const reconnect_words[] = { "now", NULL };
static const struct cmd_entry cmd_reconnect = {
	.name = "reconnect",
	.min_args = 0,
	.max_args = 2,
	.complete = { COMPLETE_CHOICE, COMPLETE_ACCOUNT },
	.choices = { reconnect_words },
	.usage = "/reconnect [now] [ACCOUNT]",
	.summary = "reconnect an account now, or say when it will",
	.help = "A lost connection comes back by itself (net.reconnect): after 1 s, then "
	        "doubling up to 5 minutes. /reconnect says where ACCOUNT stands and how many "
	        "of its messages the server has not acknowledged yet; /reconnect now tries "
	        "at once, and on an online account drops the connection and resumes the "
	        "session (XEP-0198), which helps when the network changed under it.",
	.handler = cmd_session_reconnect,
};

static const char *const tls_actions[] = { "show", "trust", "revoke", NULL };
static const struct cmd_entry cmd_tls = {
	.name = "tls",
	.min_args = 1,
	.max_args = 2,
	.complete = { COMPLETE_CHOICE, COMPLETE_ACCOUNT },
	.choices = { tls_actions },
	.usage = "/tls show|trust|revoke [ACCOUNT]",
	.summary = "the server's certificate; pin it or unpin it",
	.help = "show: the certificate ACCOUNT's server presented last (subject, names, "
	        "issuer, validity, SHA-256 fingerprint, whether an authority you trust "
	        "vouches for it) and the pinned one. trust: pin the certificate presented "
	        "last, after checking its fingerprint with the server's admin: it is then "
	        "accepted even without an authority, and no other certificate is. revoke: "
	        "remove the pin.",
	.handler = cmd_session_tls,
};

static const struct cmd_entry cmd_register = {
	.name = "register",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_ACCOUNT, COMPLETE_NONE },
	.usage = "/register ACCOUNT [FIELD=VALUE ...]",
	.summary = "create the account on its server",
	.help = "Creates ACCOUNT (configured in accounts.ini with the JID and password you "
	        "want) on its server, where the server allows it (XEP-0077 in-band "
	        "registration). A server that asks for more (an email address...) says "
	        "which fields; give them as FIELD=VALUE. The console says whether the "
	        "account was created; then /connect ACCOUNT.",
	.handler = cmd_session_register,
};

static const struct cmd_entry cmd_password = {
	.name = "password",
	.options = "a",
	.min_args = 1,
	.max_args = 1,
	.rest = 1,
	.secret = 1,
	.usage = "/password [-a ACCOUNT] NEW",
	.summary = "change the account's password on the server",
	.help = "Changes the password on the server (XEP-0077); when accounts.ini holds the "
	        "password, it is updated too (with eval_password, update what the command "
	        "prints). The line is masked as you type and kept out of the input "
	        "history.",
	.handler = cmd_session_password,
};

static const struct cmd_entry cmd_nickname = {
	.name = "nickname",
	.options = "a",
	.min_args = 0,
	.max_args = 1,
	.rest = 1,
	.usage = "/nickname [-a ACCOUNT] [NAME]",
	.summary = "your nickname, as contacts see it",
	.help = "Publishes NAME as your nickname (XEP-0172, through your server's "
	        "personal eventing, XEP-0163) to the contacts who see your presence; "
	        "\"\" clears it; without NAME, says the current one. Contacts' own "
	        "nicknames name them in natter where you gave them no name.",
	.handler = cmd_session_nickname,
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

static const struct cmd_entry cmd_me_entry = {
	.name = "me",
	.min_args = 1,
	.max_args = 1,
	.rest = 1,
	.usage = "/me TEXT",
	.summary = "say what you are doing",
	.help = "Sends TEXT as an action to the current window's contact (XEP-0245): it "
	        "shows as \"* you TEXT\".",
	.handler = cmd_me,
};

static const struct cmd_entry cmd_correct_entry = {
	.name = "correct",
	.options = "at",
	.min_args = 1,
	.max_args = 1,
	.rest = 1,
	.usage = "/correct [-a ACCOUNT -t JID] TEXT",
	.summary = "correct your last message",
	.help = "Replaces your last message in this window with TEXT (XEP-0308): the "
	        "contact's client shows it corrected, and so does natter, marked edited. "
	        "-t JID (with -a ACCOUNT when needed) names the conversation elsewhere.",
	.handler = cmd_correct,
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
	.complete = { COMPLETE_WINDOW },
	.usage = "/win NUMBER|NAME|next|prev|next-active",
	.summary = "show another window",
	.help = "Shows the window with this number (as in the status bar; Alt-1..Alt-0 "
	        "do the same), or named NAME (or the only one whose name contains it). "
	        "next and prev step through the list (Alt-Right, Alt-Left); next-active "
	        "jumps to the next window with unread messages, highlights and private "
	        "messages first (Alt-A).",
	.handler = cmd_ui,
};

static const struct cmd_entry cmd_wins_entry = {
	.name = "wins",
	.min_args = 0,
	.max_args = 0,
	.usage = "/wins",
	.summary = "list the windows and their activity",
	.help = "Lists every window: number, name, account and what waits in it.",
	.handler = cmd_ui,
};

static const struct cmd_entry cmd_close_entry = {
	.name = "close",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_WINDOW },
	.usage = "/close [NUMBER|NAME|read]",
	.summary = "close a window",
	.help = "Closes the current window, or the one given; /close read closes every "
	        "window without unread messages. The console (window 1) stays. Closing "
	        "a conversation's window does not end the conversation: a new message "
	        "opens it again.",
	.handler = cmd_ui,
};

static const struct cmd_entry cmd_xmlconsole_entry = {
	.name = "xmlconsole",
	.min_args = 0,
	.max_args = 0,
	.usage = "/xmlconsole",
	.summary = "show the XML sent and received",
	.help = "Opens a window showing every stanza sent (>>) and received (<<) by "
	        "every account from now on; passwords and SASL exchanges are redacted. "
	        "/close stops it.",
	.handler = cmd_ui,
};

static const struct cmd_entry cmd_editor_entry = {
	.name = "editor",
	.min_args = 0,
	.max_args = 0,
	.usage = "/editor",
	.summary = "write a message in $EDITOR",
	.help = "Opens $VISUAL or $EDITOR (else vi) on a temporary file; what you save "
	        "comes back into the input line. Ctrl-X Ctrl-E does the same with the "
	        "text already typed. natter keeps receiving meanwhile.",
	.handler = cmd_ui,
};

static const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.min_args = 0,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_OPTION, COMPLETE_VALUE },
	.usage = "/set [OPTION [VALUE]]",
	.summary = "show or change options",
	.help = "Without arguments, lists every option and its value. With OPTION, "
	        "explains it. With VALUE (the rest of the line), sets it: the change "
	        "applies at once and is saved in natter.conf.",
	.handler = cmd_set,
};

static const struct cmd_entry cmd_unset_entry = {
	.name = "unset",
	.min_args = 1,
	.max_args = 1,
	.complete = { COMPLETE_OPTION },
	.usage = "/unset OPTION",
	.summary = "put an option back to its default",
	.help = "Removes OPTION from natter.conf: its default applies again, at once.",
	.handler = cmd_unset,
};

static const char *const theme_verbs[] = { "list", "load", NULL };
static const struct cmd_entry cmd_theme_entry = {
	.name = "theme",
	.min_args = 1,
	.max_args = 2,
	.complete = { COMPLETE_CHOICE, COMPLETE_THEME },
	.choices = { theme_verbs },
	.usage = "/theme list | /theme load NAME|FILE",
	.summary = "list or switch colour themes",
	.help = "list shows the themes natter finds (themes/ in the configuration "
	        "directory, then natter's own). load NAME applies one at once and keeps "
	        "it (option ui.theme); a FILE path with a '/' loads that file.",
	.handler = cmd_theme,
};

static const char *const roster_verbs[] = {
	"list", "add", "remove", "name", "group", "panel", NULL
};
static const struct cmd_entry cmd_roster_entry = {
	.name = "roster",
	.options = "a",
	.min_args = 0,
	.max_args = 4,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_JID, COMPLETE_NONE, COMPLETE_NONE },
	.choices = { roster_verbs },
	.usage = "/roster [-a ACCOUNT] [list | add JID [NAME] | remove JID | name JID [NAME] | "
	         "group add|remove JID GROUP | panel on|off]",
	.summary = "the contact list: show and change it",
	.help = "Without arguments (or list), shows the roster by group with each contact's "
	        "subscription and presence. add puts JID in the roster (NAME: what to call "
	        "it); remove takes it out and cancels the subscriptions both ways; name "
	        "renames (no NAME: the JID is shown); group add|remove puts the contact in a "
	        "group or takes it out. panel on|off shows or hides the roster panel (Alt-R; "
	        "options ui.roster_side and ui.roster_width). The account is -a ACCOUNT, else "
	        "the current window's, else the only online one.",
	.handler = cmd_roster,
};

static const char *const sub_verbs[] = { "request", "allow", "deny", "cancel", "pending", NULL };
static const struct cmd_entry cmd_sub_entry = {
	.name = "sub",
	.options = "a",
	.min_args = 1,
	.max_args = 3,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_JID, COMPLETE_NONE },
	.choices = { sub_verbs },
	.usage = "/sub [-a ACCOUNT] request|allow|deny|cancel JID [TEXT] | /sub pending",
	.summary = "presence subscriptions: ask, answer, end",
	.help = "request asks JID to let you see their presence (TEXT goes with it); "
	        "allow lets JID see yours (answering their request, or approving in "
	        "advance); deny refuses their request or stops them seeing it; cancel "
	        "stops your subscription to theirs. pending lists the requests waiting "
	        "for your answer (they stay until you answer).",
	.handler = cmd_sub,
};

static const char *const status_shows[] = { "online", "chat", "away", "xa", "dnd", NULL };
static const char *const presence_flags[] = { "all", NULL };
static const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.options = "at",
	.flags = presence_flags,
	.min_args = 0,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_NONE },
	.choices = { status_shows },
	.usage = "/status [-a ACCOUNT | --all] [-t JID] [online|chat|away|xa|dnd [MESSAGE]]",
	.summary = "set your presence",
	.help = "Sets your presence: online, chat (free for chat), away, xa (away for long) "
	        "or dnd (do not disturb), with MESSAGE (the rest of the line) as the status "
	        "text, or none. Applies to -a ACCOUNT, else to the current window's account "
	        "(in the console: /account switch's, or the only one), or with --all to every "
	        "account (those offline take it at their next login). Without arguments, shows "
	        "each account's. "
	        "-t JID sends that presence (or offline) to JID only (directed presence, "
	        "RFC 6121 4.6), which the server withdraws when you go offline.",
	.handler = cmd_status,
};

static const struct cmd_entry cmd_priority_entry = {
	.name = "priority",
	.options = "a",
	.flags = presence_flags,
	.min_args = 0,
	.max_args = 1,
	.usage = "/priority [-a ACCOUNT | --all] [N]",
	.summary = "set your presence priority",
	.help = "Sets the priority of this resource (-128 to 127; messages to your bare JID "
	        "go to the highest; a negative one receives none). Applies to -a ACCOUNT, "
	        "else to the current window's account (in the console: /account switch's, or "
	        "the only one), or with --all to every account. Without N, shows each "
	        "account's presence.",
	.handler = cmd_priority,
};

static const char *const search_long_options[] = { "in=i", "from=f", "since=s", "until=u", NULL };
static const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.options = "aifsu",
	.long_options = search_long_options,
	.min_args = 1,
	.max_args = 1,
	.rest = 1,
	.usage = "/search [-a ACCOUNT] [--in JID] [--from JID] [--since DATE] [--until DATE] "
	         "QUERY | open N",
	.summary = "find messages in the history",
	.help = "Lists the newest 50 messages of the history whose text has every word of "
	        "QUERY, case and accents aside (\"a phrase\", word* for a prefix, a OR b), in "
	        "the search window, each with the message before and after it: every "
	        "account's, or ACCOUNT's; --in one conversation's (a JID or room); --from one "
	        "sender's (a bare JID stands for all its resources); --since and --until a "
	        "span of time (YYYY-MM-DD, ISO 8601, or 3d, 12h, 30m, 2w ago). In the search "
	        "window, a match's number and Enter (or /search open N anywhere) opens its "
	        "conversation at the match, with the messages around it. natter search does "
	        "the same from the command line; through the control socket, the result "
	        "lists the messages in JSON.",
	.handler = cmd_search,
};

static const struct cmd_entry cmd_mam_entry = {
	.name = "mam",
	.options = "a",
	.min_args = 0,
	.max_args = 2,
	.complete = { COMPLETE_JID },
	.usage = "/mam [-a ACCOUNT] [JID] [SINCE]",
	.summary = "read a conversation's messages from the server's archive",
	.help = "Reads what the server's archive (XEP-0313) holds of the conversation with JID "
	        "(a contact: the account's archive; a room you are in: the room's), or of the "
	        "current window's, since SINCE (YYYY-MM-DD, an ISO 8601 time, or N followed "
	        "by m, h, d or w for that long ago; without it, all of it), up to 5,000 "
	        "messages, into the history. What the history has already is not stored "
	        "twice. The window is shown again from the history when new ones came, with "
	        "a line saying how many. natter reads the account's archive by itself after "
	        "every login, and older pages when you scroll up past the start of the "
	        "history.",
	.handler = cmd_mam,
};

static const char *const history_verbs[] = { "on", "off", "delete", NULL };
static const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.options = "a",
	.min_args = 0,
	.max_args = 2,
	.complete = { COMPLETE_CHOICE, COMPLETE_JID },
	.choices = { history_verbs },
	.usage = "/history [-a ACCOUNT] [on|off [JID] | delete JID]",
	.summary = "what the history keeps of a conversation",
	.help = "Without arguments, says where the history is and which conversations it does "
	        "not keep. off: nothing of the conversation with JID (or the current window's) "
	        "is stored from now on (what is stored stays); on: stored again. delete JID: "
	        "says how many messages of JID the history holds; said again within 60 "
	        "seconds, deletes them all, for good (the server's archive keeps its own "
	        "copy).",
	.handler = cmd_history,
};

static const char *const otr_verbs[] = { "start",  "end",          "myfp",   "theirfp",
	                                 "trust",  "untrust",      "secret", "question",
	                                 "answer", "fingerprints", "policy", NULL };
static const struct cmd_entry cmd_otr_entry = {
	.name = "otr",
	.options = "at",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.secret_from = cmd_otr_secret,
	.complete = { COMPLETE_CHOICE, COMPLETE_JID },
	.choices = { otr_verbs },
	.usage = "/otr [-a ACCOUNT] [-t JID] start|end|theirfp|trust|untrust [JID] | secret SECRET "
	         "| "
	         "question QUESTION ANSWER | answer ANSWER | myfp | fingerprints | policy "
	         "[manual|opportunistic|always|default]",
	.summary = "Off-the-Record messaging: encrypted one-to-one conversations",
	.help = "OTR (Off-the-Record, libotr 4) with a contact (JID, -t JID, or the current "
	        "window's) "
	        "on the account (-a ACCOUNT, the window's, /account switch's, or the only "
	        "one). start: asks for an encrypted session (your key is made first when "
	        "there is none); end: ends it (messages then go in the clear). theirfp: "
	        "the contact's fingerprint in the session; trust / untrust: mark it verified "
	        "(compare it with them over another channel first) or not. secret SECRET, "
	        "question QUESTION ANSWER (the question quoted): verifies the contact in the "
	        "window's session with the socialist millionaires' protocol (they must know "
	        "the secret, or the answer; nothing about it is revealed); success marks "
	        "their fingerprint trusted; answer ANSWER answers theirs. These lines are "
	        "masked and kept out of the input history. myfp: your "
	        "fingerprint (the key made in the background the first time). fingerprints: "
	        "those the account knows, with their trust. policy: manual (sessions you "
	        "start), opportunistic (also when the contact's client offers one), always "
	        "(nothing is sent in the clear): everyone's, or with -a ACCOUNT an account's, "
	        "with -t JID a contact's (one-to-one conversations with contacts; default unsets; "
	        "a contact's comes first, then the "
	        "account's, then everyone's). When the contact ends a session, nothing is "
	        "sent until you end it too or start a new one. Keys and fingerprints are kept "
	        "in the data directory's otr/ACCOUNT/ (0700, files 0600); encrypted messages "
	        "are stored in the history only with /set otr.log on.",
	.handler = cmd_otr,
};

static const char *const disco_verbs[] = { "info", "items", NULL };
static const struct cmd_entry cmd_disco_entry = {
	.name = "disco",
	.options = "a",
	.min_args = 1,
	.max_args = 3,
	.complete = { COMPLETE_CHOICE, COMPLETE_JID, COMPLETE_NONE },
	.choices = { disco_verbs },
	.usage = "/disco [-a ACCOUNT] info|items [JID [NODE]]",
	.summary = "what an entity is and offers (service discovery)",
	.help = "Asks JID (default: the account's server) for its identity and features "
	        "(info) or the items it lists (items), optionally at NODE (XEP-0030). The "
	        "answer shows in the console.",
	.handler = cmd_disco,
};

static const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.options = "a",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_JID },
	.usage = "/version [-a ACCOUNT] [JID]",
	.summary = "which software a contact or server runs",
	.help = "Asks JID (a full JID for a contact's client; default: the account's "
	        "server) for its software name and version (XEP-0092). natter's own answer "
	        "is the option privacy.version_reply.",
	.handler = cmd_version,
};

static const struct cmd_entry cmd_ping_entry = {
	.name = "ping",
	.options = "a",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_JID },
	.usage = "/ping [-a ACCOUNT] [JID]",
	.summary = "is it there, and how far",
	.help = "Pings JID (default: the account's server) and shows the round trip time, "
	        "or the error (XEP-0199).",
	.handler = cmd_ping,
};

static const struct cmd_entry cmd_block_entry = {
	.name = "block",
	.options = "a",
	.min_args = 1,
	.max_args = 1,
	.complete = { COMPLETE_JID },
	.usage = "/block [-a ACCOUNT] JID",
	.summary = "stop everything from someone",
	.help = "Asks the server to drop every stanza from JID (a contact, a resource or a "
	        "whole domain) and to show it none of yours (XEP-0191).",
	.handler = cmd_block,
};

static const struct cmd_entry cmd_unblock_entry = {
	.name = "unblock",
	.options = "a",
	.min_args = 0,
	.max_args = 1,
	.complete = { COMPLETE_JID },
	.usage = "/unblock [-a ACCOUNT] [JID]",
	.summary = "undo a block (without JID: every one)",
	.help = "Removes JID from the block list, or empties it (XEP-0191).",
	.handler = cmd_block,
};

static const struct cmd_entry cmd_blocked_entry = {
	.name = "blocked",
	.options = "a",
	.min_args = 0,
	.max_args = 0,
	.usage = "/blocked [-a ACCOUNT]",
	.summary = "the block list",
	.help = "Shows the account's block list, kept by the server (XEP-0191).",
	.handler = cmd_block,
};

static const struct cmd_entry cmd_vcard_entry = {
	.name = "vcard",
	.options = "a",
	.min_args = 0,
	.max_args = 3,
	.rest = 1,
	.complete = { COMPLETE_JID, COMPLETE_NONE, COMPLETE_NONE },
	.usage = "/vcard [-a ACCOUNT] [JID] | /vcard set FIELD [VALUE]",
	.summary = "show a vCard, or change yours",
	.help = "Shows the vCard of JID, or yours (XEP-0054), in the console. set FIELD "
	        "VALUE (the rest of the line) changes one field of yours; without VALUE it "
	        "removes it. Fields: fn, nickname, bday, email, tel, url, org, title, "
	        "locality, country, note.",
	.handler = cmd_vcard,
};

static const struct cmd_entry cmd_lastactivity_entry = {
	.name = "lastactivity",
	.options = "a",
	.min_args = 1,
	.max_args = 1,
	.complete = { COMPLETE_JID },
	.usage = "/lastactivity [-a ACCOUNT] JID",
	.summary = "when was someone last around",
	.help = "Asks JID (XEP-0012): for a contact's bare JID, how long since it went "
	        "offline; for a full JID, how long its client has been idle; for a "
	        "server, its uptime.",
	.handler = cmd_lastactivity,
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
	&cmd_account_entry,
	&cmd_affiliation_entry,
	&cmd_ban_entry,
	&cmd_block_entry,
	&cmd_bookmark_entry,
	&cmd_blocked_entry,
	&cmd_close_entry,
	&cmd_connect,
	&cmd_correct_entry,
	&cmd_decline_entry,
	&cmd_disco_entry,
	&cmd_form_entry,
	&cmd_disconnect,
	&cmd_reconnect,
	&cmd_tls,
	&cmd_register,
	&cmd_password,
	&cmd_nickname,
	&cmd_editor_entry,
	&cmd_help_entry,
	&cmd_info_entry,
	&cmd_invite_entry,
	&cmd_join_entry,
	&cmd_kick_entry,
	&cmd_lastactivity_entry,
	&cmd_leave_entry,
	&cmd_me_entry,
	&cmd_msg_entry,
	&cmd_nick_entry,
	&cmd_ping_entry,
	&cmd_priority_entry,
	&cmd_quit,
	&cmd_role_entry,
	&cmd_room_entry,
	&cmd_roster_entry,
	&cmd_search_entry,
	&cmd_mam_entry,
	&cmd_history_entry,
	&cmd_otr_entry,
	&cmd_set_entry,
	&cmd_status_entry,
	&cmd_sub_entry,
	&cmd_subject_entry,
	&cmd_theme_entry,
	&cmd_unblock_entry,
	&cmd_unset_entry,
	&cmd_vcard_entry,
	&cmd_version_entry,
	&cmd_voice_entry,
	&cmd_who_entry,
	&cmd_win_entry,
	&cmd_wins_entry,
	&cmd_xmlconsole_entry,
	NULL,
};

const struct cmd_entry *const *
cmd_table(void)
{
	return table;
}
