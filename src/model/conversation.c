/*
 * conversation.c: one-to-one conversations and their messages.
 *
 * Owns the conversation list. Conversations live until
 * conversation_list_clear() at exit; messages beyond CONVERSATION_KEEP
 * (CONVERSATION_KEEP_ROOM in a room) are freed oldest first (the history store keeps everything).
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "model/conversation.h"

static GPtrArray *conversations; /* of struct conversation */
static unsigned next_id = 1;

struct message *
message_new(enum message_direction direction, enum message_type type)
{
	struct message *message = g_new0(struct message, 1);

	message->direction = direction;
	message->type = type;
	message->timestamp = g_get_real_time();
	return message;
}

void
message_free(struct message *message)
{
	if (message == NULL)
		return;
	g_free(message->id);
	g_free(message->from);
	g_free(message->to);
	g_free(message->sender_jid);
	g_free(message->body);
	g_free(message->subject);
	g_free(message->error);
	g_free(message->stanza_id);
	g_free(message);
}

static const char *const type_names[] = {
	[MESSAGE_CHAT] = "chat",         [MESSAGE_NORMAL] = "normal",
	[MESSAGE_HEADLINE] = "headline", [MESSAGE_GROUPCHAT] = "groupchat",
	[MESSAGE_ERROR] = "error",
};

const char *
message_type_name(enum message_type type)
{
	return type_names[type];
}

const char *
message_delivery_name(enum message_delivery delivery)
{
	switch (delivery) {
	case DELIVERY_SENT:
		return "sent";
	case DELIVERY_PENDING:
		return "pending";
	case DELIVERY_ACKED:
		return "acked";
	case DELIVERY_DELIVERED:
		return "delivered";
	}
	return "sent";
}

enum message_type
message_type_parse(const char *name)
{
	if (name == NULL)
		return MESSAGE_NORMAL;
	for (size_t i = 0; i < G_N_ELEMENTS(type_names); i++) {
		if (strcmp(name, type_names[i]) == 0)
			return (enum message_type)i;
	}
	return MESSAGE_NORMAL;
}

static void
conversation_free(gpointer pointer)
{
	struct conversation *conversation = pointer;

	g_queue_clear_full(&conversation->messages, (GDestroyNotify)message_free);
	g_free(conversation->account);
	g_free(conversation->peer);
	g_free(conversation->locked);
	g_free(conversation);
}

struct conversation *
conversation_find(const char *account, const char *peer)
{
	if (conversations == NULL)
		return NULL;
	for (guint i = 0; i < conversations->len; i++) {
		struct conversation *c = conversations->pdata[i];
		if (strcmp(c->account, account) == 0 && strcmp(c->peer, peer) == 0)
			return c;
	}
	return NULL;
}

void
conversation_forget_account(const char *account)
{
	for (guint i = conversations != NULL ? conversations->len : 0; i > 0; i--) {
		const struct conversation *c = conversations->pdata[i - 1];
		if (strcmp(c->account, account) == 0)
			g_ptr_array_remove_index(conversations, i - 1);
	}
}

void
conversation_rename_account(const char *old, const char *new)
{
	for (guint i = 0; conversations != NULL && i < conversations->len; i++) {
		struct conversation *c = conversations->pdata[i];
		if (strcmp(c->account, old) == 0) {
			g_free(c->account);
			c->account = g_strdup(new);
		}
	}
}

struct conversation *
conversation_find_id(unsigned id)
{
	if (conversations == NULL)
		return NULL;
	for (guint i = 0; i < conversations->len; i++) {
		struct conversation *c = conversations->pdata[i];
		if (c->id == id)
			return c;
	}
	return NULL;
}

struct conversation *
conversation_open(const char *account, const char *peer)
{
	return conversation_open_kind(account, peer, CONVERSATION_CHAT);
}

struct conversation *
conversation_open_kind(const char *account, const char *peer, enum conversation_kind kind)
{
	struct conversation *conversation = conversation_find(account, peer);
	struct event event = { .type = EV_CONVERSATION_ADDED, .account = account };

	/* A room (or occupant) first met as a plain conversation (an
	 * invitation, a message before joining) is one from now on. */
	if (conversation != NULL && conversation->kind == CONVERSATION_CHAT)
		conversation->kind = kind;
	if (conversation != NULL)
		return conversation;
	if (conversations == NULL)
		conversations = g_ptr_array_new_with_free_func(conversation_free);
	conversation = g_new0(struct conversation, 1);
	conversation->id = next_id++;
	conversation->account = g_strdup(account);
	conversation->peer = g_strdup(peer);
	conversation->kind = kind;
	g_queue_init(&conversation->messages);
	g_ptr_array_add(conversations, conversation);
	event.u.conversation = conversation;
	event_emit(&event);
	return conversation;
}

int
conversation_add_message(struct conversation *conversation, struct message *message)
{
	struct event event = { .type = EV_MESSAGE_ADDED, .account = conversation->account };
	int fresh;

	event.u.message.conversation = conversation;
	event.u.message.message = message;
	if (message->backfill) {
		/* Older than what the conversation holds: told (the history
		 * keeps it), not kept. */
		event_emit(&event);
		fresh = message->store_id != 0 && !message->duplicate;
		message_free(message);
		return fresh;
	}
	g_queue_push_tail(&conversation->messages, message);
	event_emit(&event);
	guint keep = conversation->kind == CONVERSATION_ROOM ? CONVERSATION_KEEP_ROOM
	                                                     : CONVERSATION_KEEP;
	while (conversation->messages.length > keep)
		message_free(g_queue_pop_head(&conversation->messages));
	return 1;
}

const GPtrArray *
conversation_list(void)
{
	if (conversations == NULL)
		conversations = g_ptr_array_new_with_free_func(conversation_free);
	return conversations;
}

void
conversation_list_clear(void)
{
	if (conversations != NULL)
		g_ptr_array_free(conversations, TRUE);
	conversations = NULL;
}

void
conversation_lock(struct conversation *conversation, const char *full_jid)
{
	g_free(conversation->locked);
	conversation->locked = g_strdup(full_jid);
}

void
conversation_unlock_resource(const char *account, const char *peer, const char *resource)
{
	struct conversation *conversation = conversation_find(account, peer);
	const char *slash;

	if (conversation == NULL || conversation->locked == NULL)
		return;
	slash = strchr(conversation->locked, '/');
	if (resource == NULL || (slash != NULL && strcmp(slash + 1, resource) == 0))
		g_clear_pointer(&conversation->locked, g_free);
}

struct message *
conversation_find_message(struct conversation *conversation, const char *id,
                          enum message_direction direction)
{
	for (GList *link = conversation->messages.tail; id != NULL && link; link = link->prev) {
		struct message *message = link->data;
		if (message->direction == direction && message->id != NULL &&
		    strcmp(message->id, id) == 0)
			return message;
	}
	return NULL;
}

struct message *
conversation_last_own(struct conversation *conversation)
{
	for (GList *link = conversation->messages.tail; link != NULL; link = link->prev) {
		struct message *message = link->data;
		if (message->direction == MESSAGE_OUT && message->type != MESSAGE_ERROR)
			return message;
	}
	return NULL;
}

void
conversation_message_updated(struct conversation *conversation, struct message *message)
{
	struct event event = { .type = EV_MESSAGE_UPDATED, .account = conversation->account };

	event.u.message.conversation = conversation;
	event.u.message.message = message;
	event_emit(&event);
}

void
conversation_set_peer_state(struct conversation *conversation, enum chat_state state)
{
	struct event event = { .type = EV_CHAT_STATE, .account = conversation->account };

	if (conversation->peer_state == state)
		return;
	conversation->peer_state = state;
	event.u.conversation = conversation;
	event_emit(&event);
}
