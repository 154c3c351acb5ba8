/*
 * table-muc.c: the rows of the command table about rooms (XEP-0045),
 * their bookmarks and their forms; table.c lists them with the others.
 *
 * Static data.
 */
#include "config.h"

#include <stddef.h>

#include "cmd/commands.h"

const struct cmd_entry cmd_join_entry = {
	.name = "join",
	.options = "a",
	.min_args = 1,
	.max_args = 3,
	.secret = 3,
	.complete = { COMPLETE_ROOM, COMPLETE_NONE, COMPLETE_NONE },
	.usage = "/join [-a ACCOUNT] ROOM[@SERVICE] [NICK] [PASSWORD]",
	.summary = "enter a chat room",
	.help = "Enters ROOM (XEP-0045) as NICK (default: the account's nick setting, else its "
	        "user name), with "
	        "PASSWORD when the room has one (it is masked as you type and not kept in the "
	        "input history). Without @SERVICE, the room is on the chat service of the "
	        "account's server. A taken nick is retried with a '_' added (see "
	        "muc.nick_conflict); a room that refuses says why. A room that does not exist "
	        "is created with the service's default configuration.",
	.handler = cmd_join,
};

const struct cmd_entry cmd_leave_entry = {
	.name = "leave",
	.aliases = (const char *const[]){ "part", NULL },
	.options = "at",
	.min_args = 0,
	.max_args = 1,
	.rest = 1,
	.usage = "/leave [-a ACCOUNT] [-t ROOM] [REASON]",
	.summary = "leave a chat room",
	.help = "Leaves the current window's room (or ROOM), telling the others REASON when "
	        "given. The window stays open with what was said; /close closes it.",
	.handler = cmd_leave,
};

const struct cmd_entry cmd_nick_entry = {
	.name = "nick",
	.options = "at",
	.min_args = 1,
	.max_args = 1,
	.usage = "/nick [-a ACCOUNT] [-t ROOM] NEW",
	.summary = "change your nick in a room",
	.help = "Asks the current window's room (or ROOM) to call you NEW. The room may refuse "
	        "(the nick is taken, or the room only allows registered nicks): you keep "
	        "the old one and it says why.",
	.handler = cmd_nick,
};

const struct cmd_entry cmd_subject_entry = {
	.name = "subject",
	.aliases = (const char *const[]){ "topic", NULL },
	.options = "at",
	.min_args = 0,
	.max_args = 1,
	.rest = 1,
	.usage = "/subject [-a ACCOUNT] [-t ROOM] [TEXT]",
	.summary = "show or set a room's subject",
	.help = "Without TEXT, shows the subject of the current window's room (or ROOM) and "
	        "who set it; with TEXT, asks the room to make it the subject (rooms often "
	        "let only moderators). /subject \"\" clears it.",
	.handler = cmd_subject,
};

const struct cmd_entry cmd_who_entry = {
	.name = "who",
	.options = "at",
	.min_args = 0,
	.max_args = 0,
	.usage = "/who [-a ACCOUNT] [-t ROOM]",
	.summary = "who is in a room",
	.help = "Lists the occupants of the current window's room (or ROOM) by role "
	        "(moderators, participants, visitors), with their affiliation (owner, admin, "
	        "member) and presence when not plainly online.",
	.handler = cmd_who,
};

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.options = "at",
	.min_args = 1,
	.max_args = 1,
	.complete = { COMPLETE_NICK },
	.usage = "/info [-a ACCOUNT] [-t ROOM] NICK",
	.summary = "what a room says about an occupant",
	.help = "Shows NICK's role, affiliation, presence and real JID (when the room shows "
	        "it to you) in the current window's room (or ROOM).",
	.handler = cmd_info,
};

static const char *const bookmark_actions[] = { "list", "add", "remove", NULL };
const struct cmd_entry cmd_bookmark_entry = {
	.name = "bookmark",
	.aliases = (const char *const[]){ "bookmarks", NULL },
	.options = "a",
	.min_args = 1,
	.max_args = 4,
	.complete = { COMPLETE_CHOICE, COMPLETE_ROOM, COMPLETE_NONE, COMPLETE_NONE },
	.choices = { bookmark_actions },
	.usage = "/bookmark [-a ACCOUNT] list | add [ROOM] [autojoin on|off] | remove [ROOM]",
	.summary = "rooms kept on the server, entered at login",
	.help = "list: the account's room bookmarks and where the server keeps them (XEP-0402, "
	        "or XEP-0048 on older servers). add: bookmarks ROOM (default: the current "
	        "window's room) with your nick in it, entered at each login unless autojoin "
	        "off (a bookmark already there keeps its autojoin unless told); adding enters "
	        "nothing (/join does). remove: drops the bookmark. Other clients' changes show at "
	        "once; an "
	        "autojoin bookmark added elsewhere is entered. natter never stores a room's "
	        "password in a bookmark, but uses one another client stored.",
	.handler = cmd_bookmark,
};

const struct cmd_entry cmd_kick_entry = {
	.name = "kick",
	.options = "at",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_NICK, COMPLETE_NONE },
	.usage = "/kick [-a ACCOUNT] [-t ROOM] NICK [REASON]",
	.summary = "send an occupant out of a room",
	.help = "Removes NICK from the current window's room (or ROOM), telling REASON; a "
	        "moderator's power (XEP-0045 8.2). They may come back: /ban keeps them out.",
	.handler = cmd_moderate,
};

const struct cmd_entry cmd_ban_entry = {
	.name = "ban",
	.options = "at",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_NICK, COMPLETE_NONE },
	.usage = "/ban [-a ACCOUNT] [-t ROOM] NICK|JID [REASON]",
	.summary = "keep someone out of a room",
	.help = "Makes the bare JID (of NICK, when the room shows it to you) an outcast of the "
	        "current window's room (or ROOM): out now and whenever they come back "
	        "(XEP-0045 9.1). /affiliation set JID none lifts it.",
	.handler = cmd_moderate,
};

static const char *const role_names[] = { "moderator", "participant", "visitor", "none", NULL };
const struct cmd_entry cmd_role_entry = {
	.name = "role",
	.options = "at",
	.min_args = 2,
	.max_args = 3,
	.rest = 1,
	.complete = { COMPLETE_NICK, COMPLETE_CHOICE, COMPLETE_NONE },
	.choices = { NULL, role_names },
	.usage = "/role [-a ACCOUNT] [-t ROOM] NICK moderator|participant|visitor|none [REASON]",
	.summary = "change an occupant's role",
	.help = "participant gives NICK a voice in a moderated room, visitor takes it, "
	        "moderator makes them a moderator, none kicks them (XEP-0045 8, 9.6).",
	.handler = cmd_moderate,
};

static const char *const affiliation_actions[] = { "set", "list", NULL };
const struct cmd_entry cmd_affiliation_entry = {
	.name = "affiliation",
	.options = "at",
	.min_args = 2,
	.max_args = 4,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_NICK, COMPLETE_NONE, COMPLETE_NONE },
	.choices = { affiliation_actions },
	.usage = "/affiliation [-a ACCOUNT] [-t ROOM] set NICK|JID owner|admin|member|none|outcast "
	         "[REASON] | list owner|admin|member|outcast",
	.summary = "a room's owners, admins, members and banned JIDs",
	.help = "set: gives a bare JID (or the JID of NICK, when the room shows it) an "
	        "affiliation with the current window's room (or ROOM): owner, admin, member, "
	        "none or outcast (banned). list: the JIDs of one affiliation. The room's "
	        "answer shows in its window (XEP-0045 9, 10).",
	.handler = cmd_affiliation,
};

const struct cmd_entry cmd_voice_entry = {
	.name = "voice",
	.options = "at",
	.min_args = 0,
	.max_args = 0,
	.usage = "/voice [-a ACCOUNT] [-t ROOM]",
	.summary = "ask for a voice in a moderated room",
	.help = "Asks the moderators of the current window's room (or ROOM), where you are a "
	        "visitor, to let you speak (XEP-0045 7.13).",
	.handler = cmd_moderate,
};

const struct cmd_entry cmd_invite_entry = {
	.name = "invite",
	.options = "at",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_JID, COMPLETE_NONE },
	.usage = "/invite [-a ACCOUNT] [-t ROOM] JID [REASON]",
	.summary = "invite someone to a room",
	.help = "Invites JID to the current window's room (or ROOM): directly (XEP-0249), or "
	        "through the room when it is members-only, so that it lets them in "
	        "(XEP-0045 7.8.2). Invitations you receive show in the console: /join ROOM "
	        "accepts (with the password they give), /decline ROOM declines.",
	.handler = cmd_moderate,
};

const struct cmd_entry cmd_decline_entry = {
	.name = "decline",
	.options = "a",
	.min_args = 1,
	.max_args = 2,
	.rest = 1,
	.complete = { COMPLETE_ROOM, COMPLETE_NONE },
	.usage = "/decline [-a ACCOUNT] ROOM [REASON]",
	.summary = "decline an invitation to a room",
	.help = "Declines the invitation to ROOM that waits, telling the inviter REASON when "
	        "the invitation came through the room (a direct one is just forgotten, as "
	        "XEP-0249 says).",
	.handler = cmd_decline,
};

static const char *const room_actions[] = { "create", "config", "destroy", NULL };
const struct cmd_entry cmd_room_entry = {
	.name = "room",
	.options = "at",
	.min_args = 1,
	.max_args = 3,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_NONE, COMPLETE_NONE },
	.choices = { room_actions },
	.usage = "/room [-a ACCOUNT] [-t ROOM] create ROOM[@SERVICE] [NICK] | config | destroy "
	         "[REASON]",
	.summary = "create, configure or destroy a room",
	.help = "create: makes ROOM and, instead of the service's defaults (what /join does), "
	        "asks for its configuration form; nobody else can enter until you /form submit "
	        "it (/form cancel gives the room up). config: the configuration form of the "
	        "current window's room (or ROOM), which you own. destroy: ends the room for "
	        "everyone, telling REASON (XEP-0045 10).",
	.handler = cmd_room,
};

static const char *const form_actions[] = { "show", "set", "submit", "cancel", NULL };
const struct cmd_entry cmd_form_entry = {
	.name = "form",
	.options = "at",
	.min_args = 1,
	.max_args = 3,
	.rest = 1,
	.complete = { COMPLETE_CHOICE, COMPLETE_NONE, COMPLETE_NONE },
	.choices = { form_actions },
	.usage = "/form [-a ACCOUNT] [-t ROOM] show | set FIELD VALUE | submit | cancel",
	.summary = "fill in a room's configuration form",
	.help = "show: the fields of the form waiting in the current window's room (or ROOM), "
	        "with their values and choices. set: changes one (on/off for yes/no fields, a "
	        "choice's value for lists, commas between the values of multi fields). submit "
	        "sends it; cancel gives it up (XEP-0004).",
	.handler = cmd_form,
};
