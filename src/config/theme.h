/*
 * theme.h: colours and attributes of the terminal UI, read from theme files.
 *
 * A theme is plain data (colour numbers as curses understands them, -1 for
 * the terminal's default, and attribute bits); the tty frontend applies it.
 * Theme files are found by name in the user's configuration directory and
 * in natter's data directory (see theme_locate()).
 */
#ifndef NATTER_CONFIG_THEME_H
#define NATTER_CONFIG_THEME_H

#include <glib.h>

/* The parts of the screen a theme colours; the key in a theme file is the
 * name in lower case without THEME_ (see theme_item_name()). */
enum theme_item {
	THEME_TITLE,                /* title bar */
	THEME_STATUS,               /* status bar */
	THEME_STATUS_CURRENT,       /* current window's number in the status bar */
	THEME_STATUS_UNREAD,        /* window numbers with unread messages */
	THEME_STATUS_HIGHLIGHT,     /* window numbers with a highlight or private message */
	THEME_STATUS_TYPING,        /* window numbers where a contact is typing */
	THEME_STATUS_MORE,          /* the "scrolled up, N new" indicator */
	THEME_TEXT,                 /* message text */
	THEME_TIMESTAMP,            /* time of each line */
	THEME_DATE_LINE,            /* day-change lines */
	THEME_UNREAD_MARKER,        /* the line where the user stopped reading */
	THEME_INFO,                 /* natter's own notices */
	THEME_ERROR,                /* errors */
	THEME_OWN_NICK,             /* the user's name on own messages */
	THEME_PEER_NICK,            /* others' names when nick colours are off */
	THEME_ACTION,               /* /me lines */
	THEME_HIGHLIGHT,            /* messages that mention the user */
	THEME_QUOTE,                /* > quoted text */
	THEME_CODE,                 /* `code` and ``` blocks */
	THEME_DIRECTIVE,            /* the styling characters * _ ~ ` */
	THEME_RECEIPT,              /* delivery marks on outgoing messages */
	THEME_EDITED,               /* the "edited" mark */
	THEME_PRESENCE_ONLINE,      /* contacts available */
	THEME_PRESENCE_CHAT,        /* contacts free for chat */
	THEME_PRESENCE_AWAY,        /* contacts away */
	THEME_PRESENCE_XA,          /* contacts away for long */
	THEME_PRESENCE_DND,         /* contacts busy (do not disturb) */
	THEME_PRESENCE_OFFLINE,     /* contacts offline */
	THEME_ROSTER_GROUP,         /* group headings in the roster panel */
	THEME_PANEL,                /* roster/occupants panel text */
	THEME_PANEL_BORDER,         /* panel separator */
	THEME_OCCUPANT_MODERATOR,   /* room moderators */
	THEME_OCCUPANT_PARTICIPANT, /* room participants */
	THEME_OCCUPANT_VISITOR,     /* room visitors (no voice) */
	THEME_XML_IN,               /* XML console: received stanzas */
	THEME_XML_OUT,              /* XML console: sent stanzas */
	THEME_INPUT,                /* input line */
	THEME_ENCRYPTED,            /* encryption state in the title bar */
	THEME_ITEMS
};

/* Attribute bits of struct theme_colour. */
#define THEME_BOLD      1
#define THEME_UNDERLINE 2
#define THEME_REVERSE   4
#define THEME_ITALIC    8
#define THEME_DIM       16

struct theme_colour {
	int foreground, background; /* -1 terminal default, 0-255 */
	unsigned attrs;             /* THEME_BOLD | THEME_UNDERLINE | ... */
};

struct theme {
	struct theme_colour items[THEME_ITEMS];
};

/* Returns the key of item in theme files ("status_unread"), or NULL when
 * item is out of range. The string is static. */
const char *theme_item_name(enum theme_item item);

/* Fills theme with the built-in default (the same as themes/default.theme). */
void theme_default(struct theme *theme);

/* Fills theme with attributes only, no colours (the same as
 * themes/mono.theme): for NO_COLOR and terminals without colours. */
void theme_mono(struct theme *theme);

/*
 * Reads a theme file over theme (keys missing from the file keep their
 * values). Each wrong line is appended to problems (strings, caller frees)
 * naming the item, the value and what is wrong, and so is each group but
 * [colours]; a wrong line changes nothing. Returns 0, or -1 and *cause
 * when the file cannot be read or is not valid ini.
 */
int theme_load(const char *path, struct theme *theme, GPtrArray *problems, char **cause);

/* The same from text (tests, fuzzing). */
int theme_parse(const char *text, struct theme *theme, GPtrArray *problems, char **cause);

/*
 * Returns the path of theme NAME (caller frees): the first of
 * <config dir>/themes/NAME.theme and <datadir>/themes/NAME.theme that
 * exists, where datadir is $NATTER_DATADIR when set and not empty, else
 * natter's installed data directory (PKGDATADIR, where themes/ is
 * installed; not paths_data_dir(), which holds what natter writes).
 * Returns NULL and *cause when name is not 1-64 of [A-Za-z0-9_-] or no
 * such file exists.
 */
char *theme_locate(const char *name, char **cause);

/* Returns the names of every theme in those directories, sorted, each
 * once (array and strings are the caller's: free with g_ptr_array_unref). */
GPtrArray *theme_names(void);

/* A colour word as themes write them ("red", "brightred", "colour208"):
 * 0 to 255, or -1 when it names none ("default" included). */
int theme_colour_word(const char *word);

#endif
