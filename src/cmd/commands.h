/*
 * commands.h: the handlers of the command table (one file per family).
 */
#ifndef NATTER_CMD_COMMANDS_H
#define NATTER_CMD_COMMANDS_H

#include "cmd/command.h"

/* cmd-session.c */
int cmd_session_connect(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_disconnect(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_reconnect(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_tls(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_register(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_password(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_nickname(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_session_quit(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-account.c */
int cmd_account(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_account_secret(int position, const char *const *before);

/* cmd-msg.c */
int cmd_msg(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_me(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_correct(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-muc.c */
int cmd_join(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_leave(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_nick(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_subject(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_who(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_info(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_bookmark(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_moderate(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_affiliation(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_decline(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_room(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_form(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-presence.c */
int cmd_status(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_priority(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-info.c */
int cmd_disco(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_search(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_mam(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_history(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_otr(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_otr_secret(int position, const char *const *before);
int cmd_version(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_ping(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_block(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_vcard(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_lastactivity(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-help.c */
int cmd_help(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-ui.c: /win, /wins, /close, /xmlconsole, /editor */
int cmd_ui(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-prefs.c; cmd_set_value() is what /set NAME VALUE does (also for
 * /roster panel). */
int cmd_set_value(const char *name, const char *value, struct cmd_result *result);
int cmd_set(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_unset(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_theme(const struct cmd_invocation *invocation, struct cmd_result *result);

/* cmd-roster.c */
int cmd_roster(const struct cmd_invocation *invocation, struct cmd_result *result);
int cmd_sub(const struct cmd_invocation *invocation, struct cmd_result *result);

/* table-muc.c: the rooms' rows of the command table. */
extern const struct cmd_entry cmd_join_entry, cmd_leave_entry, cmd_nick_entry, cmd_subject_entry,
        cmd_who_entry, cmd_info_entry, cmd_bookmark_entry, cmd_kick_entry, cmd_ban_entry,
        cmd_role_entry, cmd_affiliation_entry, cmd_voice_entry, cmd_invite_entry, cmd_decline_entry,
        cmd_room_entry, cmd_form_entry;

#endif
