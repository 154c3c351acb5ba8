/*
 * room.c: multi-user chat rooms and their occupants (see room.h).
 *
 * Rooms are found by "account NUL jid" in a hash table and kept in
 * creation order in an array; occupants by nick in a hash table that owns
 * them and by real JID in a second one that borrows them.
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "core/fold.h"
#include "core/lookalike.h"
#include "model/form.h"
#include "model/key.h"
#include "model/room.h"

static GHashTable *rooms; /* "account\037jid" -> struct room (owned) */
static GPtrArray *order;  /* of struct room, borrowed, creation order */

static const char *const role_names[] = {
	[ROLE_NONE] = "none",
	[ROLE_VISITOR] = "visitor",
	[ROLE_PARTICIPANT] = "participant",
	[ROLE_MODERATOR] = "moderator",
};

static const char *const affiliation_names[] = {
	[AFFIL_OUTCAST] = "outcast", [AFFIL_NONE] = "none",   [AFFIL_MEMBER] = "member",
	[AFFIL_ADMIN] = "admin",     [AFFIL_OWNER] = "owner",
};

const char *
muc_role_name(enum muc_role role)
{
	return role <= ROLE_MODERATOR ? role_names[role] : "none";
}

const char *
muc_affiliation_name(enum muc_affiliation affiliation)
{
	return affiliation <= AFFIL_OWNER ? affiliation_names[affiliation] : "none";
}

static int
muc_parse(const char *name, const char *const *names, int count)
{
	for (int i = 0; name != NULL && i < count; i++) {
		if (strcmp(name, names[i]) == 0)
			return i;
	}
	return -1;
}

int
muc_role_parse(const char *name)
{
	return muc_parse(name, role_names, G_N_ELEMENTS(role_names));
}

int
muc_affiliation_parse(const char *name)
{
	return muc_parse(name, affiliation_names, G_N_ELEMENTS(affiliation_names));
}

static void
occupant_free(gpointer data)
{
	struct occupant *occupant = data;

	g_free(occupant->nick);
	g_free(occupant->jid);
	g_free(occupant->status);
	g_free(occupant->sort_key);
	g_free(occupant); /* its skeleton is the room's */
}

static void
room_free(gpointer data)
{
	struct room *room = data;

	g_hash_table_destroy(room->by_jid);
	g_hash_table_destroy(room->occupants);
	g_hash_table_destroy(room->skeletons); /* after those who borrow them */
	g_free(room->account);
	g_free(room->jid);
	g_free(room->nick);
	g_free(room->password);
	g_free(room->subject);
	g_free(room->subject_by);
	g_free(room->pending_nick);
	g_free(room->invite_from);
	g_free(room->invite_password);
	form_free(room->form);
	g_free(room->mam_query);
	g_free(room->last_archive_id);
	g_free(room);
}

static char **
room_account_field(gpointer room)
{
	return &((struct room *)room)->account;
}

void
room_rename_account(const char *old, const char *new)
{
	model_key_rename(rooms, old, new, room_account_field);
}

int
room_any(void)
{
	return order != NULL && order->len > 0;
}

struct room *
room_find(const char *account, const char *jid)
{
	char *key;
	struct room *room;

	if (rooms == NULL || account == NULL || jid == NULL)
		return NULL;
	key = model_key(account, jid);
	room = g_hash_table_lookup(rooms, key);
	g_free(key);
	return room;
}

struct room *
room_get(const char *account, const char *jid)
{
	struct room *room = room_find(account, jid);

	if (room != NULL)
		return room;
	if (rooms == NULL) {
		rooms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, room_free);
		order = g_ptr_array_new();
	}
	room = g_new0(struct room, 1);
	room->account = g_strdup(account);
	room->jid = g_strdup(jid);
	room->state = ROOM_LEFT;
	room->occupants = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, occupant_free);
	room->by_jid = g_hash_table_new(g_str_hash, g_str_equal);
	room->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_insert(rooms, model_key(account, jid), room);
	g_ptr_array_add(order, room);
	return room;
}

GPtrArray *
room_list(const char *account)
{
	GPtrArray *list = g_ptr_array_new();

	for (guint i = 0; order != NULL && i < order->len; i++) {
		struct room *room = order->pdata[i];
		if (account == NULL || strcmp(room->account, account) == 0)
			g_ptr_array_add(list, room);
	}
	return list;
}

struct occupant *
room_occupant(const struct room *room, const char *nick)
{
	return nick != NULL ? g_hash_table_lookup(room->occupants, nick) : NULL;
}

struct occupant *
room_occupant_by_jid(const struct room *room, const char *jid)
{
	return jid != NULL ? g_hash_table_lookup(room->by_jid, jid) : NULL;
}

guint
room_occupant_count(const struct room *room)
{
	return g_hash_table_size(room->occupants);
}

static gint
room_compare_occupants(gconstpointer a, gconstpointer b)
{
	const struct occupant *x = *(const struct occupant *const *)a;
	const struct occupant *y = *(const struct occupant *const *)b;
	int diff;

	if (x->role != y->role)
		return y->role - x->role;
	diff = strcmp(x->sort_key, y->sort_key);
	return diff != 0 ? diff : strcmp(x->nick, y->nick);
}

GPtrArray *
room_occupants_sorted(const struct room *room)
{
	GPtrArray *list = g_ptr_array_sized_new(room_occupant_count(room));
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, room->occupants);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(list, value);
	g_ptr_array_sort(list, room_compare_occupants);
	return list;
}

/* Whether an ASCII string is its own collation key in this locale (true
 * where collation is by code point, as in C and, from glibc 2.35, C.UTF-8;
 * asked of the library, not guessed from the locale's name). */
static int
room_collates_by_code(void)
{
	static int known, by_code;

	if (!known) {
		static const char probe[] = "Zz_a-0 B";
		char *key = g_utf8_collate_key(probe, -1);
		by_code = strcmp(key, probe) == 0;
		g_free(key);
		known = 1;
	}
	return by_code;
}

/* The key occupants sort by: computed once per nick, so that sorting
 * thousands costs string comparisons only. */
static void
room_set_sort_key(struct occupant *occupant)
{
	char *folded = fold_case(occupant->nick, -1);
	const char *p = folded;

	while (*p != '\0' && (guchar)*p < 0x80)
		p++;
	g_free(occupant->sort_key);
	/* ASCII where collation is by code point: the key is the text (what
	 * g_utf8_collate_key() would make of it, without normalising it and
	 * asking strxfrm()). */
	if (*p == '\0' && room_collates_by_code()) {
		occupant->sort_key = folded;
		return;
	}
	occupant->sort_key = g_utf8_collate_key(folded, -1);
	g_free(folded);
}

/* The occupant's skeleton, counted: two with one are look-alikes. The
 * room's table owns one copy of each skeleton, which its occupants
 * borrow (the count changes by stealing the entry and putting it back,
 * so the key string stays where they point). */
static void
room_count_skeleton(struct room *room, struct occupant *occupant)
{
	char *skeleton = lookalike_skeleton(occupant->nick);
	gpointer key, count;

	if (g_hash_table_steal_extended(room->skeletons, skeleton, &key, &count)) {
		g_free(skeleton);
	} else {
		key = skeleton;
		count = GUINT_TO_POINTER(0);
	}
	g_hash_table_insert(room->skeletons, key, GUINT_TO_POINTER(GPOINTER_TO_UINT(count) + 1));
	occupant->skeleton = key;
	occupant->invisible = (unsigned char)lookalike_invisible(occupant->nick);
}

static void
room_uncount_skeleton(struct room *room, struct occupant *occupant)
{
	gpointer key, count;

	if (occupant->skeleton != NULL &&
	    g_hash_table_steal_extended(room->skeletons, occupant->skeleton, &key, &count)) {
		if (GPOINTER_TO_UINT(count) > 1)
			g_hash_table_insert(room->skeletons, key,
			                    GUINT_TO_POINTER(GPOINTER_TO_UINT(count) - 1));
		else
			g_free(key);
	}
	occupant->skeleton = NULL;
}

int
room_occupant_lookalike(const struct room *room, const struct occupant *occupant,
                        const struct occupant **like)
{
	GHashTableIter iter;
	gpointer value;
	int shared = occupant->skeleton != NULL &&
	             GPOINTER_TO_UINT(g_hash_table_lookup(room->skeletons, occupant->skeleton)) > 1;

	if (like != NULL)
		*like = NULL;
	if (shared && like != NULL) {
		g_hash_table_iter_init(&iter, room->occupants);
		while (*like == NULL && g_hash_table_iter_next(&iter, NULL, &value)) {
			const struct occupant *other = value;
			if (other != occupant && strcmp(other->skeleton, occupant->skeleton) == 0)
				*like = other;
		}
	}
	return shared || occupant->invisible;
}

int
room_nick_lookalike(const struct room *room, const char *nick, const struct occupant *exclude)
{
	char *skeleton;
	guint count;

	if (lookalike_invisible(nick))
		return 1;
	skeleton = lookalike_skeleton(nick);
	count = GPOINTER_TO_UINT(g_hash_table_lookup(room->skeletons, skeleton));
	if (exclude != NULL && exclude->skeleton != NULL &&
	    strcmp(exclude->skeleton, skeleton) == 0)
		count--;
	g_free(skeleton);
	return count > 0;
}

/* Replaces *field with a copy of value when they differ; returns 1 when
 * it changed. */
static int
room_replace(char **field, const char *value)
{
	if (g_strcmp0(*field, value) == 0)
		return 0;
	g_free(*field);
	*field = g_strdup(value);
	return 1;
}

struct occupant *
room_set_occupant(struct room *room, const char *nick, const char *jid, int role, int affiliation,
                  int show, const char *status, int *added)
{
	struct occupant *occupant = room_occupant(room, nick);

	*added = occupant == NULL;
	if (occupant == NULL) {
		occupant = g_new0(struct occupant, 1);
		occupant->nick = g_strdup(nick);
		room_set_sort_key(occupant);
		room_count_skeleton(room, occupant);
		g_hash_table_insert(room->occupants, occupant->nick, occupant);
	}
	if (g_strcmp0(occupant->jid, jid) != 0) {
		if (occupant->jid != NULL &&
		    g_hash_table_lookup(room->by_jid, occupant->jid) == occupant)
			g_hash_table_remove(room->by_jid, occupant->jid);
		room_replace(&occupant->jid, jid);
		/* Replace, not insert: another occupant with this JID (one
		 * person under two nicks) must not leave its key behind. */
		if (jid != NULL)
			g_hash_table_replace(room->by_jid, occupant->jid, occupant);
	}
	room_replace(&occupant->status, status);
	occupant->role = (unsigned char)role;
	occupant->affiliation = (unsigned char)affiliation;
	occupant->show = (unsigned char)show;
	return occupant;
}

void
room_rename_occupant(struct room *room, struct occupant *occupant, const char *new_nick)
{
	struct occupant *other = room_occupant(room, new_nick);

	if (other == occupant)
		return;
	/* A stale occupant under the new name gives way. */
	if (other != NULL)
		room_remove_occupant(room, other);
	g_hash_table_steal(room->occupants, occupant->nick);
	room_uncount_skeleton(room, occupant);
	g_free(occupant->nick);
	occupant->nick = g_strdup(new_nick);
	room_set_sort_key(occupant);
	room_count_skeleton(room, occupant);
	g_hash_table_insert(room->occupants, occupant->nick, occupant);
}

void
room_remove_occupant(struct room *room, struct occupant *occupant)
{
	if (occupant->jid != NULL && g_hash_table_lookup(room->by_jid, occupant->jid) == occupant)
		g_hash_table_remove(room->by_jid, occupant->jid);
	if (room->self == occupant)
		room->self = NULL;
	room_uncount_skeleton(room, occupant);
	g_hash_table_remove(room->occupants, occupant->nick);
}

void
room_clear_occupants(struct room *room)
{
	room->self = NULL;
	g_hash_table_remove_all(room->by_jid);
	g_hash_table_remove_all(room->occupants);
	g_hash_table_remove_all(room->skeletons); /* after those who borrow them */
}

void
room_tell(struct room *room, enum room_change change, const char *text, const int *codes)
{
	struct event event = { .type = EV_ROOM, .account = room->account };

	event.u.room.room = room;
	event.u.room.change = change;
	event.u.room.text = text;
	event.u.room.codes = codes;
	event_emit(&event);
}

void
room_set_state(struct room *room, enum room_state state, enum room_change change, const char *text,
               const int *codes)
{
	room->state = state;
	if (state != ROOM_JOINED)
		room->in_history = state == ROOM_JOINING;
	room_tell(room, change, text, codes);
}

void
room_tell_occupant(struct room *room, const struct occupant *occupant, enum occupant_change change,
                   const char *new_nick, const char *reason, const char *actor)
{
	struct event event = { .type = EV_OCCUPANT, .account = room->account };

	if (!event_wanted(EV_OCCUPANT))
		return;
	event.u.occupant.room = room;
	event.u.occupant.occupant = occupant;
	event.u.occupant.change = change;
	event.u.occupant.new_nick = new_nick;
	event.u.occupant.reason = reason;
	event.u.occupant.actor = actor;
	event_emit(&event);
}

void
room_set_subject(struct room *room, const char *subject, const char *by)
{
	room_replace(&room->subject, subject);
	room_replace(&room->subject_by, by);
}

void
room_set_nick(struct room *room, const char *nick)
{
	room_replace(&room->nick, nick);
}

void
room_forget(struct room *room)
{
	g_ptr_array_remove(order, room);
	/* The key is rebuilt: the table owns its copy. */
	char *key = model_key(room->account, room->jid);
	g_hash_table_remove(rooms, key);
	g_free(key);
}

void
room_forget_account(const char *account)
{
	for (guint i = order != NULL ? order->len : 0; i > 0; i--) {
		struct room *room = order->pdata[i - 1];
		if (strcmp(room->account, account) == 0)
			room_forget(room);
	}
}

void
room_list_clear(void)
{
	if (rooms == NULL)
		return;
	g_ptr_array_free(order, TRUE);
	g_hash_table_destroy(rooms);
	order = NULL;
	rooms = NULL;
}
