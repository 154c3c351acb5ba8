/*
 * coldstore.c: packing window lines into deflated blocks and back.
 *
 * Stateless. A block is the lines laid end to end (the time as the
 * difference from the line before, kind, flags, then nick, text and id,
 * each a length and its bytes, a nick said again as "the same"; the
 * history's row; numbers
 * in LEB128) and deflated with zlib: raw deflate at the fastest level, with a 4 KiB window and the
 * smallest hash (about 30 KiB of state while packing, none kept). Chat
 * text shrinks to a third; packing costs about a microsecond a line. The
 * layout is this process's own (native byte order): blocks never leave
 * memory.
 */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "fe/tty/coldstore.h"
#include "fe/tty/window.h"

#define COLD_LEVEL  1     /* zlib's fastest */
#define COLD_WINDOW (-12) /* raw deflate, 4 KiB window */
#define COLD_MEMORY 4     /* 8 KiB hash */

static void
cold_put(GByteArray *out, const void *data, gsize size)
{
	g_byte_array_append(out, data, (guint)size);
}

/* An unsigned number, 7 bits a byte, low first. */
static void
cold_put_number(GByteArray *out, guint64 n)
{
	guint8 byte;

	do {
		byte = (guint8)(n & 0x7f);
		n >>= 7;
		if (n != 0)
			byte |= 0x80;
		cold_put(out, &byte, 1);
	} while (n != 0);
}

/* A string: 0 for NULL, else its length + 1 and its bytes. */
static void
cold_put_string(GByteArray *out, const char *text)
{
	gsize length = text != NULL ? strlen(text) : 0;

	cold_put_number(out, text != NULL ? length + 1 : 0);
	cold_put(out, text, length);
}

/* size bytes deflated; NULL when zlib fails. */
static GBytes *
cold_deflate(const guint8 *data, gsize size)
{
	z_stream z = { 0 };
	gsize bound;
	guint8 *out;

	if (deflateInit2(&z, COLD_LEVEL, Z_DEFLATED, COLD_WINDOW, COLD_MEMORY,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&z, (uLong)size);
	out = g_malloc(bound);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	/* deflateBound() leaves room for all of it: one call finishes. */
	int finished = deflate(&z, Z_FINISH) == Z_STREAM_END;
	gsize written = bound - z.avail_out;
	deflateEnd(&z);
	if (!finished) {
		g_free(out);
		return NULL;
	}
	return g_bytes_new_take(g_realloc(out, written), written);
}

/* A block's data inflated into raw bytes (its size before compression);
 * NULL when it does not inflate to exactly that. */
static guint8 *
cold_inflate(const struct cold_block *block)
{
	z_stream z = { 0 };
	gsize size;
	const guint8 *data = g_bytes_get_data(block->data, &size);
	guint8 *out = g_malloc(MAX(block->raw, 1));
	int status;

	if (inflateInit2(&z, COLD_WINDOW) != Z_OK) {
		g_free(out);
		return NULL;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)block->raw;
	status = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (status != Z_STREAM_END || z.avail_out != 0) {
		g_free(out);
		return NULL;
	}
	return out;
}

struct cold_block *
coldstore_pack(GList *first, guint count)
{
	GByteArray *raw = g_byte_array_new();
	GList *link = first;
	gint64 last = 0;
	const char *nick = NULL;
	guint i;

	for (i = 0; i < count && link != NULL; i++, link = link->next) {
		const struct window_line *line = link->data;
		/* The time from the line before, zigzag: small either way. */
		gint64 delta = (gint64)((guint64)line->time - (guint64)last); /* wraps, no UB */
		cold_put_number(raw, delta >= 0 ? (guint64)delta << 1 : ((guint64)~delta << 1) | 1);
		last = line->time;
		cold_put_number(raw, line->kind);
		cold_put_number(raw, line->flags);
		/* The nick: 1 when the line before had the same, else a string
		 * shifted by one. */
		if (i > 0 && line->nick != NULL && g_strcmp0(line->nick, nick) == 0) {
			cold_put_number(raw, 1);
		} else if (line->nick == NULL) {
			cold_put_number(raw, 0);
		} else {
			size_t length = strlen(line->nick);
			cold_put_number(raw, length + 2);
			cold_put(raw, line->nick, length);
		}
		nick = line->nick;
		cold_put_string(raw, line->text);
		cold_put_string(raw, line->id);
		cold_put_number(raw, (guint64)line->store_id);
	}
	GBytes *data = cold_deflate(raw->data, raw->len);
	struct cold_block *block = NULL;

	if (data != NULL) {
		block = g_new(struct cold_block, 1);
		block->count = i; /* the lines there were, should the list end first */
		block->raw = raw->len;
		block->last = last;
		block->data = data;
	}
	g_byte_array_unref(raw);
	return block;
}

static int
cold_get_number(const guint8 *data, gsize size, gsize *at, guint64 *n)
{
	*n = 0;
	for (int shift = 0; shift < 64 && *at < size; shift += 7) {
		guint8 byte = data[(*at)++];
		*n |= (guint64)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return 0;
	}
	return -1;
}

/* A string of length bytes at *at (none when length is -1). */
static int
cold_get_bytes(const guint8 *data, gsize size, gsize *at, guint64 length, char **text)
{
	*text = NULL;
	if (length > size - *at)
		return -1;
	*text = g_strndup((const char *)data + *at, (gsize)length);
	*at += (gsize)length;
	return 0;
}

static int
cold_get_string(const guint8 *data, gsize size, gsize *at, char **text)
{
	guint64 length;

	*text = NULL;
	if (cold_get_number(data, size, at, &length) == -1)
		return -1;
	return length == 0 ? 0 : cold_get_bytes(data, size, at, length - 1, text);
}

/* One line of a block; last is the time of the line before, nick its
 * nick. Returns 0, or -1 when the data ends or does not make sense. */
static int
cold_get_line(const guint8 *data, gsize size, gsize *at, gint64 last, const char *nick,
              struct window_line *line)
{
	guint64 delta, kind, flags, nick_code, store_id;

	if (cold_get_number(data, size, at, &delta) == -1 ||
	    cold_get_number(data, size, at, &kind) == -1 ||
	    cold_get_number(data, size, at, &flags) == -1 ||
	    cold_get_number(data, size, at, &nick_code) == -1)
		return -1;
	line->time = (gint64)((guint64)last +
	                      (guint64)(delta & 1 ? ~(gint64)(delta >> 1) : (gint64)(delta >> 1)));
	line->kind = (enum line_kind)kind;
	line->flags = (unsigned)flags;
	if (nick_code == 1)
		line->nick = g_strdup(nick);
	else if (nick_code > 1 && cold_get_bytes(data, size, at, nick_code - 2, &line->nick) == -1)
		return -1;
	if (cold_get_string(data, size, at, &line->text) == -1 || line->text == NULL)
		return -1;
	if (cold_get_string(data, size, at, &line->id) == -1 ||
	    cold_get_number(data, size, at, &store_id) == -1)
		return -1;
	line->store_id = (gint64)store_id;
	return 0;
}

int
coldstore_unpack(const struct cold_block *block, GQueue *out)
{
	guint8 *data = cold_inflate(block);
	gsize size = block->raw, at = 0;
	GQueue lines = G_QUEUE_INIT;
	int ok = data != NULL;

	gint64 last = 0;
	const char *nick = NULL;

	for (guint i = 0; ok && i < block->count; i++) {
		struct window_line *line = g_new0(struct window_line, 1);
		line->serial = window_serial();
		g_queue_push_tail(&lines, line);
		ok = cold_get_line(data, size, &at, last, nick, line) == 0;
		last = line->time;
		nick = line->nick;
	}
	g_free(data);
	if (!ok) {
		g_queue_clear_full(&lines, window_line_free);
		return -1;
	}
	for (GList *link = lines.head; link != NULL; link = link->next)
		g_queue_push_tail(out, link->data);
	g_queue_clear(&lines);
	return 0;
}

void
coldstore_free(struct cold_block *block)
{
	if (block == NULL)
		return;
	g_bytes_unref(block->data);
	g_free(block);
}
