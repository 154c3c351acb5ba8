/*
 * cmd-muc.c: rooms (XEP-0045): /join, /leave, /nick, /subject, /who,
 * /info. Commands about a room act on the current window's room, or on
 * the one -t ROOM names.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "core/jid.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/form.h"
#include "model/room.h"
#include "xmpp/bookmarks.h"
#include "xmpp/muc.h"
#include "xmpp/session.h"

/* The session of the account a room command acts on, or NULL after
 * filling result. */
static struct session *
cmd_muc_session(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, 1, result);
	struct session *session;
	char *cause = NULL;

	if (account == NULL)
		return NULL;
	session = session_get(account, &cause);
	if (session == NULL) {
		cmd_result_error(result, "/%s: %s", invocation->entry->name, cause);
		g_free(cause);
	}
	return session;
}

/* The room a command acts on: -t ROOM, else the current window's (a
 * room's or one of its occupants'). NULL after filling result. */
static struct room *
cmd_muc_room(const struct cmd_invocation *invocation, struct session **session,
             struct cmd_result *result)
{
	const char *name = invocation->entry->name;
	const char *target = cmd_option(invocation, 't');
	struct room *room;
	char *bare;

	if (target == NULL && invocation->context->peer == NULL) {
		cmd_result_error(result, "/%s: this window is not a room's (-t ROOM names one)",
		                 name);
		return NULL;
	}
	*session = cmd_muc_session(invocation, result);
	if (*session == NULL)
		return NULL;
	bare = jid_bare_of(target ? target : invocation->context->peer);
	room = bare ? room_find(session_account(*session), bare) : NULL;
	if (room == NULL || room->state == ROOM_LEFT) {
		if (target != NULL || room != NULL)
			cmd_result_error(result, "/%s: you are not in room %s", name,
			                 bare ? bare : target);
		else
			cmd_result_error(result,
			                 "/%s: this window is not a room's (-t ROOM names one)",
			                 name);
		room = NULL;
	}
	g_free(bare);
	return room;
}

/* Fills result from a muc_*() outcome. */
static int
cmd_muc_outcome(const struct cmd_invocation *invocation, int ret, char **cause,
                struct cmd_result *result)
{
	if (ret == -1) {
		cmd_result_error(result, "/%s: %s", invocation->entry->name,
		                 *cause ? *cause : "failed");
		g_free(*cause);
	}
	return ret;
}

int
cmd_join(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = cmd_muc_session(invocation, result);
	char *cause = NULL;

	if (session == NULL)
		return -1;
	return cmd_muc_outcome(invocation,
	                       muc_join(session, invocation->argv[0],
	                                invocation->argc > 1 ? invocation->argv[1] : NULL,
	                                invocation->argc > 2 ? invocation->argv[2] : NULL, &cause),
	                       &cause, result);
}

int
cmd_leave(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	char *cause = NULL;

	if (room == NULL)
		return -1;
	return cmd_muc_outcome(invocation,
	                       muc_leave(session, room->jid,
	                                 invocation->argc > 0 ? invocation->argv[0] : NULL, &cause),
	                       &cause, result);
}

int
cmd_nick(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	char *cause = NULL;

	if (room == NULL)
		return -1;
	return cmd_muc_outcome(invocation,
	                       muc_change_nick(session, room->jid, invocation->argv[0], &cause),
	                       &cause, result);
}

int
cmd_subject(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	char *cause = NULL;

	if (room == NULL)
		return -1;
	if (invocation->argc == 0) {
		if (room->subject == NULL || *room->subject == '\0')
			cmd_result_line(result, "%s has no subject", room->jid);
		else if (room->subject_by != NULL)
			cmd_result_line(result, "subject of %s (set by %s): %s", room->jid,
			                room->subject_by, room->subject);
		else
			cmd_result_line(result, "subject of %s: %s", room->jid, room->subject);
		return 0;
	}
	return cmd_muc_outcome(invocation,
	                       muc_set_subject(session, room->jid, invocation->argv[0], &cause),
	                       &cause, result);
}

/* "nick [owner]": an occupant as /who lists it. */
static void
cmd_who_append(GString *line, const struct occupant *occupant)
{
	g_string_append(line, occupant->nick);
	if (occupant->affiliation != AFFIL_NONE)
		g_string_append_printf(
		        line, " [%s]",
		        muc_affiliation_name((enum muc_affiliation)occupant->affiliation));
	if (occupant->show != SHOW_ONLINE)
		g_string_append_printf(line, " (%s)",
		                       presence_show_name((enum presence_show)occupant->show));
}

int
cmd_who(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	static const char *const groups[] = {
		[ROLE_MODERATOR] = "moderators",
		[ROLE_PARTICIPANT] = "participants",
		[ROLE_VISITOR] = "visitors",
		[ROLE_NONE] = "without a role",
	};
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	GPtrArray *occupants;

	if (room == NULL)
		return -1;
	occupants = room_occupants_sorted(room);
	cmd_result_line(result, "%s: %u occupant%s", room->jid, occupants->len,
	                occupants->len == 1 ? "" : "s");
	/* Sorted by role, most privileged first: one line per role. */
	for (guint i = 0; i < occupants->len;) {
		const struct occupant *first = occupants->pdata[i];
		GString *line = g_string_new(NULL);
		guint j = i;
		while (j < occupants->len &&
		       ((const struct occupant *)occupants->pdata[j])->role == first->role) {
			if (j > i)
				g_string_append(line, ", ");
			cmd_who_append(line, occupants->pdata[j]);
			j++;
		}
		cmd_result_line(result, "%s (%u): %s", groups[first->role], j - i, line->str);
		g_string_free(line, TRUE);
		i = j;
	}
	g_ptr_array_free(occupants, TRUE);
	return 0;
}

int
cmd_info(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	const struct occupant *occupant;

	if (room == NULL)
		return -1;
	occupant = room_occupant(room, invocation->argv[0]);
	if (occupant == NULL)
		return cmd_result_error(result, "/info: nobody in %s is called %s", room->jid,
		                        invocation->argv[0]);
	cmd_result_line(result, "nick: %s%s", occupant->nick,
	                occupant == room->self ? " (you)" : "");
	cmd_result_line(result, "role: %s", muc_role_name((enum muc_role)occupant->role));
	cmd_result_line(result, "affiliation: %s",
	                muc_affiliation_name((enum muc_affiliation)occupant->affiliation));
	cmd_result_line(result, "jid: %s",
	                occupant->jid ? occupant->jid : "not shown (the room is anonymous)");
	cmd_result_line(result, "presence: %s%s%s",
	                presence_show_name((enum presence_show)occupant->show),
	                occupant->status ? ": " : "", occupant->status ? occupant->status : "");
	return 0;
}

/* /bookmark list: the account's bookmarks, and where they are kept. */
static int
cmd_bookmark_list(struct session *session, struct cmd_result *result)
{
	GPtrArray *list;

	if (!bookmarks_known(session)) {
		cmd_result_line(result, "the bookmarks of %s are not loaded from the server (yet)",
		                session_account(session));
		return 0;
	}
	list = bookmark_list(session_account(session));
	cmd_result_line(result, "%u bookmark%s of %s, kept in %s", list->len,
	                list->len == 1 ? "" : "s", session_account(session),
	                bookmarks_storage(session));
	for (guint i = 0; i < list->len; i++) {
		const struct bookmark *b = list->pdata[i];
		const struct room *room = room_find(b->account, b->jid);
		cmd_result_line(result, "  %s%s%s%s%s%s%s", b->jid,
		                b->autojoin ? " [autojoin]" : "", b->name ? " name: " : "",
		                b->name ? b->name : "", b->nick ? " nick: " : "",
		                b->nick ? b->nick : "",
		                room && room->state == ROOM_JOINED ? " (you are in it)" : "");
	}
	g_ptr_array_free(list, TRUE);
	return 0;
}

int
cmd_bookmark(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *action = invocation->argv[0];
	struct session *session = cmd_muc_session(invocation, result);
	const char *target = NULL, *peer = invocation->context->peer;
	char *room, *cause = NULL;
	const struct room *joined;
	const struct bookmark *old;
	int autojoin = -1, next = 1, ret;

	if (session == NULL)
		return -1;
	if (strcmp(action, "list") == 0)
		return cmd_bookmark_list(session, result);
	if (strcmp(action, "add") != 0 && strcmp(action, "remove") != 0)
		return cmd_result_error(result, "/bookmark: '%s' is not list, add or remove",
		                        action);
	/* ROOM, unless the next word is "autojoin": the current window's. */
	if (next < invocation->argc && strcmp(invocation->argv[next], "autojoin") != 0)
		target = invocation->argv[next++];
	if (next < invocation->argc) {
		if (strcmp(action, "add") != 0 || strcmp(invocation->argv[next], "autojoin") != 0 ||
		    next + 1 >= invocation->argc ||
		    (strcmp(invocation->argv[next + 1], "on") != 0 &&
		     strcmp(invocation->argv[next + 1], "off") != 0) ||
		    next + 2 < invocation->argc)
			return cmd_result_error(result, "usage: %s", invocation->entry->usage);
		autojoin = strcmp(invocation->argv[next + 1], "on") == 0;
	}
	/* Without ROOM: the window's room (a room's or a private window),
	 * never a contact (nor a JID only named by an invitation). */
	room = jid_bare_of(target ? target : peer ? peer : "");
	joined = room ? room_find(session_account(session), room) : NULL;
	if (target == NULL && (joined == NULL || !joined->entered)) {
		g_free(room);
		return cmd_result_error(result, "/bookmark: this window is not a room's; name the "
		                                "room (ROOM@SERVICE)");
	}
	if (room == NULL)
		return cmd_result_error(result, "/bookmark: '%s' is not a room address", target);
	old = bookmark_find(session_account(session), room);
	/* Not said: a bookmark keeps its autojoin; a new one has it. */
	if (autojoin == -1)
		autojoin = old ? old->autojoin : 1;
	if (strcmp(action, "add") == 0)
		ret = bookmarks_add(session, room,
		                    joined && joined->state == ROOM_JOINED ? joined->nick
		                    : old                                  ? old->nick
		                                                           : NULL,
		                    autojoin, &cause);
	else
		ret = bookmarks_remove(session, room, &cause);
	g_free(room);
	return cmd_muc_outcome(invocation, ret, &cause, result);
}

/* The rest of the arguments from index i joined (a reason), or NULL. */
static const char *
cmd_muc_arg(const struct cmd_invocation *invocation, int i)
{
	return i < invocation->argc ? invocation->argv[i] : NULL;
}

/* /kick NICK [REASON], /ban NICK|JID [REASON], /role NICK ROLE [REASON],
 * /voice, /invite JID [REASON]: about the current window's room. */
int
cmd_moderate(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = invocation->entry->name;
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	char *cause = NULL;
	int ret;

	if (room == NULL)
		return -1;
	if (strcmp(name, "kick") == 0)
		ret = muc_set_role(session, room->jid, invocation->argv[0], "none",
		                   cmd_muc_arg(invocation, 1), &cause);
	else if (strcmp(name, "ban") == 0)
		ret = muc_set_affiliation(session, room->jid, invocation->argv[0], "outcast",
		                          cmd_muc_arg(invocation, 1), &cause);
	else if (strcmp(name, "role") == 0)
		ret = muc_set_role(session, room->jid, invocation->argv[0], invocation->argv[1],
		                   cmd_muc_arg(invocation, 2), &cause);
	else if (strcmp(name, "voice") == 0)
		ret = muc_request_voice(session, room->jid, &cause);
	else
		ret = muc_invite(session, room->jid, invocation->argv[0],
		                 cmd_muc_arg(invocation, 1), &cause);
	return cmd_muc_outcome(invocation, ret, &cause, result);
}

/* /affiliation set WHO AFFILIATION [REASON] | list AFFILIATION */
int
cmd_affiliation(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	const char *action = invocation->argv[0];
	char *cause = NULL;
	int ret;

	if (room == NULL)
		return -1;
	if (strcmp(action, "list") == 0 && invocation->argc == 2)
		ret = muc_list_affiliation(session, room->jid, invocation->argv[1], &cause);
	else if (strcmp(action, "set") == 0 && invocation->argc >= 3)
		ret = muc_set_affiliation(session, room->jid, invocation->argv[1],
		                          invocation->argv[2], cmd_muc_arg(invocation, 3), &cause);
	else
		return cmd_result_error(result, "usage: %s", invocation->entry->usage);
	return cmd_muc_outcome(invocation, ret, &cause, result);
}

/* /decline ROOM [REASON] */
int
cmd_decline(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = cmd_muc_session(invocation, result);
	char *cause = NULL, *room;
	int ret;

	if (session == NULL)
		return -1;
	room = jid_bare_of(invocation->argv[0]);
	if (room == NULL)
		return cmd_result_error(result, "/decline: '%s' is not a room address",
		                        invocation->argv[0]);
	ret = muc_decline(session, room, cmd_muc_arg(invocation, 1), &cause);
	g_free(room);
	return cmd_muc_outcome(invocation, ret, &cause, result);
}

/* /room create ROOM [NICK] | config | destroy [REASON] */
int
cmd_room(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *action = invocation->argv[0];
	struct session *session = NULL;
	struct room *room;
	char *cause = NULL;
	int ret;

	if (strcmp(action, "create") == 0) {
		if (invocation->argc < 2)
			return cmd_result_error(result, "usage: %s", invocation->entry->usage);
		session = cmd_muc_session(invocation, result);
		if (session == NULL)
			return -1;
		ret = muc_create(session, invocation->argv[1], cmd_muc_arg(invocation, 2), &cause);
		return cmd_muc_outcome(invocation, ret, &cause, result);
	}
	if (strcmp(action, "config") != 0 && strcmp(action, "destroy") != 0)
		return cmd_result_error(result, "usage: %s", invocation->entry->usage);
	room = cmd_muc_room(invocation, &session, result);
	if (room == NULL)
		return -1;
	if (strcmp(action, "config") == 0) {
		if (invocation->argc > 1)
			return cmd_result_error(result, "usage: %s", invocation->entry->usage);
		ret = muc_configure(session, room->jid, &cause);
	} else {
		char *reason = invocation->argc > 2 ? g_strjoin(" ", invocation->argv[1],
		                                                invocation->argv[2], NULL)
		                                    : g_strdup(cmd_muc_arg(invocation, 1));
		ret = muc_destroy(session, room->jid, reason, &cause);
		g_free(reason);
	}
	return cmd_muc_outcome(invocation, ret, &cause, result);
}

/* /form show: the waiting form, one line per field. */
static void
cmd_form_show(const struct form *form, struct cmd_result *result)
{
	if (form->title != NULL)
		cmd_result_line(result, "%s", form->title);
	if (form->instructions != NULL)
		cmd_result_line(result, "%s", form->instructions);
	for (guint i = 0; i < form->fields->len; i++) {
		const struct form_field *field = form->fields->pdata[i];
		/* A secret (the room's password) is not shown. */
		char *value = strcmp(field->type, "text-private") == 0 && field->values->len > 0
		                      ? g_strdup("(set, not shown)")
		                      : form_field_value(field);
		GString *choices = g_string_new(NULL);
		if (strcmp(field->type, "hidden") == 0 || field->var == NULL) {
			if (field->var == NULL && field->values->len > 0)
				cmd_result_line(result, "  %s", value); /* fixed text */
			g_free(value);
			g_string_free(choices, TRUE);
			continue;
		}
		for (guint k = 0; k < field->options->len; k++) {
			const struct form_option *option = field->options->pdata[k];
			g_string_append_printf(choices, "%s%s", k ? ", " : "", option->value);
		}
		cmd_result_line(result, "  %s = %s  (%s%s%s%s%s%s)", field->var,
		                *value ? value : "\"\"", field->label ? field->label : field->type,
		                field->label ? "; " : "", field->label ? field->type : "",
		                choices->len ? "; one of: " : "", choices->str,
		                field->required ? "; required" : "");
		g_free(value);
		g_string_free(choices, TRUE);
	}
}

/* /form show | set FIELD VALUE | submit | cancel: the current room's
 * waiting form. */
int
cmd_form(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *action = invocation->argv[0];
	struct session *session = NULL;
	struct room *room = cmd_muc_room(invocation, &session, result);
	char *cause = NULL;
	int ret;

	if (room == NULL)
		return -1;
	if (room->form == NULL)
		return cmd_result_error(
		        result, "/form: no form of %s waits (/room config asks for it)", room->jid);
	if (strcmp(action, "show") == 0 && invocation->argc == 1) {
		cmd_form_show(room->form, result);
		return 0;
	}
	if (strcmp(action, "set") == 0 && invocation->argc == 3)
		ret = muc_form_set(session, room->jid, invocation->argv[1], invocation->argv[2],
		                   &cause);
	else if ((strcmp(action, "submit") == 0 || strcmp(action, "cancel") == 0) &&
	         invocation->argc == 1)
		ret = muc_form_answer(session, room->jid, strcmp(action, "cancel") == 0, &cause);
	else
		return cmd_result_error(result, "usage: %s", invocation->entry->usage);
	return cmd_muc_outcome(invocation, ret, &cause, result);
}
