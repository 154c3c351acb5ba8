/*
 * theme.h: colours of the terminal UI, read from a theme file.
 *
 * A theme is plain data (colour numbers as curses understands them, -1 for
 * the terminal's default); the tty frontend applies it.
 */
#ifndef NATTER_CONFIG_THEME_H
#define NATTER_CONFIG_THEME_H

#include <glib.h>

enum theme_item {
	THEME_BAR,        /* title and status bars */
	THEME_BAR_ACTIVE, /* window numbers with unread lines */
	THEME_INFO,       /* natter's own notices */
	THEME_ERROR,      /* errors */
	THEME_OWN,        /* the user's name on own messages */
	THEME_PEER,       /* the contact's name on incoming messages */
	THEME_ITEMS
};

struct theme_colour {
	int foreground; /* 0-7 (black..white), 8-15 bright, -1 default */
	int background;
	int bold;
};

struct theme {
	struct theme_colour items[THEME_ITEMS];
};

/* Fills theme with the built-in default (the same as themes/default.theme). */
void theme_default(struct theme *theme);

/*
 * Reads a theme file over theme (keys missing from the file keep their
 * values). Each wrong line is appended to problems (strings, caller frees)
 * naming the key and value. Returns 0, or -1 and *cause when the file
 * cannot be read or is not valid ini.
 */
int theme_load(const char *path, struct theme *theme, GPtrArray *problems, char **cause);

/* The same from text (tests, fuzzing). */
int theme_parse(const char *text, struct theme *theme, GPtrArray *problems, char **cause);

#endif
