/*
 * fuzz-layout.c: libFuzzer target for measuring and wrapping remote text
 * (core/width.h, fe/tty/layout.h) as the terminal UI does it: sanitize,
 * width_prepare, layout_wrap.
 *
 * The first two bytes choose the widths of the first and the other rows.
 * Rows must be in order, inside the text, never start inside a character,
 * and fit their width unless they hold a single character; the prepared
 * text must stay valid UTF-8 that measures the same in one piece as in
 * its rows.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/width.h"
#include "fe/tty/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialised;
	int first, rest;

	if (!initialised) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			abort();
		initialised = 1;
	}
	if (size < 2)
		return 0;
	first = data[0] % 90;
	rest = data[1] % 90;
	char *safe = sanitize((const char *)data + 2, (long)size - 2, SANITIZE_MULTILINE);
	char *text = width_prepare(safe);
	size_t length = strlen(text);
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct layout_row));
	int count = layout_wrap(text, length, first, rest, rows);
	size_t previous_end = 0;

	if (!g_utf8_validate(text, -1, NULL) || count < 1 || (guint)count != rows->len)
		abort();
	for (guint i = 0; i < rows->len; i++) {
		const struct layout_row *row = &g_array_index(rows, struct layout_row, i);
		int room = i == 0 ? first : rest;
		if (row->start > row->end || row->end > length || row->start < previous_end)
			abort();
		/* A row starts on a character boundary. */
		if (row->start < length && (text[row->start] & 0xC0) == 0x80)
			abort();
		if (memchr(text + row->start, '\n', row->end - row->start) != NULL)
			abort();
		int width = width_text(text + row->start, (long)(row->end - row->start));
		long chars = g_utf8_strlen(text + row->start, (gssize)(row->end - row->start));
		if (width > (room > 0 ? room : 1) && chars > 1) {
			/* Zero-width characters after a lone wide one ride along. */
			const char *second = g_utf8_next_char(text + row->start);
			if (width_text(second, (long)(text + row->end - second)) != 0)
				abort();
		}
		previous_end = row->end;
	}
	g_array_unref(rows);
	g_free(text);
	g_free(safe);
	return 0;
}
