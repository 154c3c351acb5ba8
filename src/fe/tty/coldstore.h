/*
 * coldstore.h: a window's older lines, compressed.
 *
 * A window keeps its newest lines as they are (what the view draws and
 * what corrections and receipts change); older ones go, a block at a
 * time, into deflated blocks that hold the same lines in a fraction of
 * the memory, and come back whole when the view scrolls up to them.
 */
#ifndef NATTER_FE_TTY_COLDSTORE_H
#define NATTER_FE_TTY_COLDSTORE_H

#include <glib.h>

/* One block of lines, oldest first. */
struct cold_block {
	guint count;  /* lines in it */
	gsize raw;    /* bytes before compression */
	gint64 last;  /* time of its newest line */
	GBytes *data; /* deflated */
};

/* Packs count lines (struct window_line) from first on into a block;
 * NULL when compressing failed (the lines stay as they are). The lines
 * are not freed. */
struct cold_block *coldstore_pack(GList *first, guint count);

/* The lines of a block, newly made, appended to out (oldest first).
 * Returns 0, or -1 when the block cannot be read (out unchanged). */
int coldstore_unpack(const struct cold_block *block, GQueue *out);

void coldstore_free(struct cold_block *block);

#endif
