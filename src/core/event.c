/*
 * event.c: the typed event bus.
 *
 * Owns the subscription table. Subscriptions live until unsubscribed; a
 * subscription removed during delivery is only marked dead and swept when
 * the outermost event_emit() returns, so delivery never touches freed memory
 * and never skips or repeats a live subscriber.
 */
#include "config.h"

#include <glib.h>
#include <stdarg.h>

#include "core/event.h"

struct subscription {
	unsigned id;
	enum event_type type;
	event_fn fn;
	void *userdata;
	int dead;
};

static GPtrArray *subscriptions; /* of struct subscription */
static unsigned next_id = 1;
static int delivering; /* nesting depth of event_emit() */

unsigned
event_subscribe(enum event_type type, event_fn fn, void *userdata)
{
	struct subscription *sub;

	if (subscriptions == NULL)
		subscriptions = g_ptr_array_new_with_free_func(g_free);
	sub = g_new0(struct subscription, 1);
	sub->id = next_id++;
	sub->type = type;
	sub->fn = fn;
	sub->userdata = userdata;
	g_ptr_array_add(subscriptions, sub);
	return sub->id;
}

static void
event_sweep(void)
{
	guint i = 0;

	while (subscriptions != NULL && i < subscriptions->len) {
		struct subscription *sub = subscriptions->pdata[i];
		if (sub->dead)
			g_ptr_array_remove_index(subscriptions, i);
		else
			i++;
	}
}

void
event_unsubscribe(unsigned id)
{
	guint i;

	if (subscriptions == NULL)
		return;
	for (i = 0; i < subscriptions->len; i++) {
		struct subscription *sub = subscriptions->pdata[i];
		if (sub->id == id)
			sub->dead = 1;
	}
	if (delivering == 0)
		event_sweep();
}

void
event_unsubscribe_all(unsigned *ids, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (ids[i] != 0)
			event_unsubscribe(ids[i]);
		ids[i] = 0;
	}
}

void
event_emit(const struct event *event)
{
	guint i, count;

	if (subscriptions == NULL)
		return;
	delivering++;
	/* Subscribers added during delivery see the next event, not this one. */
	count = subscriptions->len;
	for (i = 0; i < count && i < subscriptions->len; i++) {
		struct subscription *sub = subscriptions->pdata[i];
		if (!sub->dead && sub->type == event->type)
			sub->fn(event, sub->userdata);
	}
	if (--delivering == 0)
		event_sweep();
}

int
event_wanted(enum event_type type)
{
	for (guint i = 0; subscriptions != NULL && i < subscriptions->len; i++) {
		const struct subscription *sub = subscriptions->pdata[i];
		if (!sub->dead && sub->type == type)
			return 1;
	}
	return 0;
}

void
event_log(const char *account, enum log_level level, const char *fmt, ...)
{
	struct event event = { .type = EV_LOG, .account = account };
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	event.u.log.level = level;
	event.u.log.text = text;
	event_emit(&event);
	g_free(text);
}

void
event_reset(void)
{
	if (subscriptions == NULL)
		return;
	if (delivering) {
		for (guint i = 0; i < subscriptions->len; i++)
			((struct subscription *)subscriptions->pdata[i])->dead = 1;
		return;
	}
	g_ptr_array_free(subscriptions, TRUE);
	subscriptions = NULL;
}
