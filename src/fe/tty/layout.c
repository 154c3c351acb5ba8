/*
 * layout.c: screen layout and text wrapping arithmetic.
 *
 * Stateless; widths come from core/width.c, the same that draws.
 */
#include "config.h"

#include <string.h>

#include "core/width.h"
#include "fe/tty/layout.h"

static int
layout_max(int a, int b)
{
	return a > b ? a : b;
}

static int
layout_min(int a, int b)
{
	return a < b ? a : b;
}

void
layout_screen(const struct layout_params *params, struct layout *layout)
{
	int lines = layout_max(params->lines, 0), cols = layout_max(params->cols, 0);
	/* Title, status, and at least one row of input and main area. */
	int spare = layout_max(lines - 4, 0);
	int input = layout_min(layout_max(params->input_rows, 1) - 1, spare / 2) + 1;
	int panel = 0;

	*layout = (struct layout){ 0 };
	if (lines < 4) {
		/* Too small for the bars: the input line only. */
		layout->input =
		        (struct layout_rect){ lines > 0 ? lines - 1 : 0, 0, lines > 0, cols };
		if (lines > 1)
			layout->main = (struct layout_rect){ 0, 0, lines - 1, cols };
		return;
	}
	input = layout_min(input, lines - 3);
	layout->title = (struct layout_rect){ 0, 0, 1, cols };
	layout->main = (struct layout_rect){ 1, 0, lines - 2 - input, cols };
	layout->status = (struct layout_rect){ 1 + layout->main.rows, 0, 1, cols };
	layout->input = (struct layout_rect){ lines - input, 0, input, cols };
	if (params->side != LAYOUT_PANEL_NONE && params->panel_cols > 0)
		panel = layout_min(params->panel_cols, cols - 1 - LAYOUT_MAIN_MIN_COLS);
	if (panel < LAYOUT_PANEL_MIN_COLS || layout->main.rows <= 0)
		return;
	layout->main.cols = cols - panel - 1;
	layout->panel = (struct layout_rect){ 1, 0, layout->main.rows, panel };
	layout->border = (struct layout_rect){ 1, 0, layout->main.rows, 1 };
	if (params->side == LAYOUT_PANEL_LEFT) {
		layout->border.x = panel;
		layout->main.x = panel + 1;
	} else {
		layout->border.x = layout->main.cols;
		layout->panel.x = layout->main.cols + 1;
	}
}

int
layout_wrap(const char *text, size_t length, int first, int rest, GArray *rows)
{
	const char *end = text + length, *p = text;
	int count = 0;

	do {
		int room = layout_max(count == 0 ? first : rest, 1);
		const char *line_end = memchr(p, '\n', (size_t)(end - p));
		const char *stop = line_end ? line_end : end;
		size_t fit = width_fit(p, stop, room, NULL);
		const char *row_end = p + fit, *next = row_end;

		if (row_end < stop) {
			/* Overflow: break after the last space of the row, if a
			 * word came before it; else inside the word. */
			const char *space = NULL;
			for (const char *q = p; q <= row_end && q < stop; q++) {
				if (*q == ' ' && q > p)
					space = q;
			}
			if (space != NULL) {
				row_end = space;
				next = space + 1;
			} else if (fit == 0) {
				/* A character wider than the row: it goes alone. */
				row_end = next = g_utf8_next_char(p);
			}
			while (next < stop && *next == ' ')
				next++;
			/* Spaces that end the row's text are not drawn. */
			while (row_end > p && row_end[-1] == ' ' && space != NULL)
				row_end--;
		} else if (line_end != NULL) {
			next = line_end + 1;
		}
		g_array_append_val(rows, ((struct layout_row){ (size_t)(p - text),
		                                               (size_t)(row_end - text) }));
		count++;
		p = next;
		/* A final '\n' ends the text without an empty row. */
	} while (p < end);
	return count;
}
