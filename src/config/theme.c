/*
 * theme.c: colours and attributes of the terminal UI.
 *
 * Stateless. A theme file is ini with one group, [colours]; each key is an
 * item and each value "FOREGROUND [on BACKGROUND] [ATTR...]" or attributes
 * alone, the words as below (themes/default.theme documents the syntax for
 * users). Theme files live in the themes/ folders of the configuration
 * directory and of the data directory; nothing is cached between calls.
 */
#include "config.h"

#include <string.h>

#include "config/paths.h"
#include "config/theme.h"

#ifndef PKGDATADIR
#error "PKGDATADIR (natter's installed data directory) must be defined by the build"
#endif

#define THEME_GROUP    "colours"
#define THEME_SUFFIX   ".theme"
#define THEME_NAME_MAX 64

static const char *const item_names[THEME_ITEMS] = {
	[THEME_TITLE] = "title",
	[THEME_STATUS] = "status",
	[THEME_STATUS_CURRENT] = "status_current",
	[THEME_STATUS_UNREAD] = "status_unread",
	[THEME_STATUS_HIGHLIGHT] = "status_highlight",
	[THEME_STATUS_TYPING] = "status_typing",
	[THEME_STATUS_MORE] = "status_more",
	[THEME_TEXT] = "text",
	[THEME_TIMESTAMP] = "timestamp",
	[THEME_DATE_LINE] = "date_line",
	[THEME_UNREAD_MARKER] = "unread_marker",
	[THEME_INFO] = "info",
	[THEME_ERROR] = "error",
	[THEME_OWN_NICK] = "own_nick",
	[THEME_PEER_NICK] = "peer_nick",
	[THEME_ACTION] = "action",
	[THEME_HIGHLIGHT] = "highlight",
	[THEME_QUOTE] = "quote",
	[THEME_CODE] = "code",
	[THEME_DIRECTIVE] = "directive",
	[THEME_RECEIPT] = "receipt",
	[THEME_EDITED] = "edited",
	[THEME_PRESENCE_ONLINE] = "presence_online",
	[THEME_PRESENCE_CHAT] = "presence_chat",
	[THEME_PRESENCE_AWAY] = "presence_away",
	[THEME_PRESENCE_XA] = "presence_xa",
	[THEME_PRESENCE_DND] = "presence_dnd",
	[THEME_PRESENCE_OFFLINE] = "presence_offline",
	[THEME_ROSTER_GROUP] = "roster_group",
	[THEME_PANEL] = "panel",
	[THEME_PANEL_BORDER] = "panel_border",
	[THEME_OCCUPANT_MODERATOR] = "occupant_moderator",
	[THEME_OCCUPANT_PARTICIPANT] = "occupant_participant",
	[THEME_OCCUPANT_VISITOR] = "occupant_visitor",
	[THEME_XML_IN] = "xml_in",
	[THEME_XML_OUT] = "xml_out",
	[THEME_INPUT] = "input",
	[THEME_ENCRYPTED] = "encrypted",
};

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attribute_names[] = {
	{ "bold", THEME_BOLD },       { "underline", THEME_UNDERLINE },
	{ "reverse", THEME_REVERSE }, { "italic", THEME_ITALIC },
	{ "dim", THEME_DIM },
};

/* Colour numbers as in the 8 and 16 colour palettes. */
enum {
	COLOUR_DEFAULT = -1,
	COLOUR_BLACK,
	COLOUR_RED,
	COLOUR_GREEN,
	COLOUR_YELLOW,
	COLOUR_BLUE,
	COLOUR_MAGENTA,
	COLOUR_CYAN,
	COLOUR_WHITE,
	COLOUR_BRIGHT, /* added to the above: 8-15 */
};

/* What theme_colour_number() returns for a word that is no colour. */
enum { COLOUR_UNKNOWN = -2, COLOUR_OUT_OF_RANGE = -3 };

/* Initialisers of struct theme_colour: attributes only, a foreground on
 * the terminal's background, a foreground on the default bars' blue. */
/* clang-format off */
#define ATTRS(attrs)     { COLOUR_DEFAULT, COLOUR_DEFAULT, attrs }
#define PLAIN(fg, attrs) { fg, COLOUR_DEFAULT, attrs }
#define BAR(fg, attrs)   { fg, COLOUR_BLUE, attrs }
/* clang-format on */

/* The same as themes/default.theme: the basic 8 colours (and bright ones
 * that fall back to them) on the terminal's own background, so that it
 * reads on dark and light terminals alike. */
static const struct theme_colour default_items[THEME_ITEMS] = {
	[THEME_TITLE] = BAR(COLOUR_WHITE, 0),
	[THEME_STATUS] = BAR(COLOUR_WHITE, 0),
	[THEME_STATUS_CURRENT] = BAR(COLOUR_BRIGHT + COLOUR_WHITE, THEME_BOLD),
	[THEME_STATUS_UNREAD] = BAR(COLOUR_YELLOW, 0),
	[THEME_STATUS_HIGHLIGHT] = BAR(COLOUR_BRIGHT + COLOUR_MAGENTA, THEME_BOLD),
	[THEME_STATUS_TYPING] = BAR(COLOUR_BRIGHT + COLOUR_CYAN, 0),
	[THEME_STATUS_MORE] = { COLOUR_BLACK, COLOUR_YELLOW, 0 },
	[THEME_TEXT] = ATTRS(0),
	[THEME_TIMESTAMP] = ATTRS(THEME_DIM),
	[THEME_DATE_LINE] = PLAIN(COLOUR_CYAN, THEME_BOLD),
	[THEME_UNREAD_MARKER] = PLAIN(COLOUR_RED, 0),
	[THEME_INFO] = PLAIN(COLOUR_CYAN, 0),
	[THEME_ERROR] = PLAIN(COLOUR_RED, THEME_BOLD),
	[THEME_OWN_NICK] = PLAIN(COLOUR_GREEN, THEME_BOLD),
	[THEME_PEER_NICK] = PLAIN(COLOUR_BLUE, THEME_BOLD),
	[THEME_ACTION] = PLAIN(COLOUR_MAGENTA, THEME_ITALIC),
	[THEME_HIGHLIGHT] = PLAIN(COLOUR_MAGENTA, THEME_BOLD),
	[THEME_QUOTE] = PLAIN(COLOUR_GREEN, 0),
	[THEME_CODE] = PLAIN(COLOUR_CYAN, 0),
	[THEME_DIRECTIVE] = ATTRS(THEME_DIM),
	[THEME_RECEIPT] = PLAIN(COLOUR_GREEN, 0),
	[THEME_EDITED] = ATTRS(THEME_DIM),
	[THEME_PRESENCE_ONLINE] = PLAIN(COLOUR_GREEN, 0),
	[THEME_PRESENCE_CHAT] = PLAIN(COLOUR_GREEN, THEME_BOLD),
	[THEME_PRESENCE_AWAY] = PLAIN(COLOUR_YELLOW, 0),
	[THEME_PRESENCE_XA] = PLAIN(COLOUR_YELLOW, THEME_DIM),
	[THEME_PRESENCE_DND] = PLAIN(COLOUR_RED, 0),
	[THEME_PRESENCE_OFFLINE] = ATTRS(THEME_DIM),
	[THEME_ROSTER_GROUP] = ATTRS(THEME_BOLD),
	[THEME_PANEL] = ATTRS(0),
	[THEME_PANEL_BORDER] = PLAIN(COLOUR_BLUE, 0),
	[THEME_OCCUPANT_MODERATOR] = ATTRS(THEME_BOLD),
	[THEME_OCCUPANT_PARTICIPANT] = ATTRS(0),
	[THEME_OCCUPANT_VISITOR] = ATTRS(THEME_DIM),
	[THEME_XML_IN] = PLAIN(COLOUR_MAGENTA, 0),
	[THEME_XML_OUT] = PLAIN(COLOUR_CYAN, 0),
	[THEME_INPUT] = ATTRS(0),
	[THEME_ENCRYPTED] = BAR(COLOUR_BRIGHT + COLOUR_GREEN, THEME_BOLD),
};

/* The same as themes/mono.theme: attributes only. */
static const struct theme_colour mono_items[THEME_ITEMS] = {
	[THEME_TITLE] = ATTRS(THEME_REVERSE),
	[THEME_STATUS] = ATTRS(THEME_REVERSE),
	[THEME_STATUS_CURRENT] = ATTRS(THEME_BOLD),
	[THEME_STATUS_UNREAD] = ATTRS(THEME_REVERSE | THEME_BOLD),
	[THEME_STATUS_HIGHLIGHT] = ATTRS(THEME_REVERSE | THEME_BOLD | THEME_UNDERLINE),
	[THEME_STATUS_TYPING] = ATTRS(THEME_REVERSE | THEME_ITALIC),
	[THEME_STATUS_MORE] = ATTRS(THEME_BOLD),
	[THEME_TEXT] = ATTRS(0),
	[THEME_TIMESTAMP] = ATTRS(THEME_DIM),
	[THEME_DATE_LINE] = ATTRS(THEME_BOLD),
	[THEME_UNREAD_MARKER] = ATTRS(THEME_UNDERLINE),
	[THEME_INFO] = ATTRS(THEME_DIM),
	[THEME_ERROR] = ATTRS(THEME_BOLD),
	[THEME_OWN_NICK] = ATTRS(THEME_BOLD),
	[THEME_PEER_NICK] = ATTRS(THEME_BOLD),
	[THEME_ACTION] = ATTRS(THEME_ITALIC),
	[THEME_HIGHLIGHT] = ATTRS(THEME_REVERSE),
	[THEME_QUOTE] = ATTRS(THEME_DIM),
	[THEME_CODE] = ATTRS(THEME_UNDERLINE),
	[THEME_DIRECTIVE] = ATTRS(THEME_DIM),
	[THEME_RECEIPT] = ATTRS(THEME_DIM),
	[THEME_EDITED] = ATTRS(THEME_DIM),
	[THEME_PRESENCE_ONLINE] = ATTRS(THEME_BOLD),
	[THEME_PRESENCE_CHAT] = ATTRS(THEME_BOLD | THEME_ITALIC),
	[THEME_PRESENCE_AWAY] = ATTRS(0),
	[THEME_PRESENCE_XA] = ATTRS(THEME_DIM),
	[THEME_PRESENCE_DND] = ATTRS(THEME_UNDERLINE),
	[THEME_PRESENCE_OFFLINE] = ATTRS(THEME_DIM | THEME_ITALIC),
	[THEME_ROSTER_GROUP] = ATTRS(THEME_BOLD | THEME_UNDERLINE),
	[THEME_PANEL] = ATTRS(0),
	[THEME_PANEL_BORDER] = ATTRS(THEME_DIM),
	[THEME_OCCUPANT_MODERATOR] = ATTRS(THEME_BOLD),
	[THEME_OCCUPANT_PARTICIPANT] = ATTRS(0),
	[THEME_OCCUPANT_VISITOR] = ATTRS(THEME_DIM),
	[THEME_XML_IN] = ATTRS(0),
	[THEME_XML_OUT] = ATTRS(THEME_BOLD),
	[THEME_INPUT] = ATTRS(0),
	[THEME_ENCRYPTED] = ATTRS(THEME_REVERSE | THEME_BOLD),
};

const char *
theme_item_name(enum theme_item item)
{
	if ((unsigned)item >= THEME_ITEMS)
		return NULL;
	return item_names[item];
}

void
theme_default(struct theme *theme)
{
	memcpy(theme->items, default_items, sizeof default_items);
}

void
theme_mono(struct theme *theme)
{
	memcpy(theme->items, mono_items, sizeof mono_items);
}

/* "colourN" or "colorN": N, COLOUR_UNKNOWN, or COLOUR_OUT_OF_RANGE above 255. */
static int
theme_colour_index(const char *word)
{
	int number = 0;

	if (strncmp(word, "colour", 6) == 0)
		word += 6;
	else if (strncmp(word, "color", 5) == 0)
		word += 5;
	else
		return COLOUR_UNKNOWN;
	if (*word == '\0')
		return COLOUR_UNKNOWN;
	for (; *word != '\0'; word++) {
		if (!g_ascii_isdigit(*word))
			return COLOUR_UNKNOWN;
		/* Stop counting past 255 so that long numbers cannot overflow. */
		if (number <= 255)
			number = number * 10 + (*word - '0');
	}
	return number <= 255 ? number : COLOUR_OUT_OF_RANGE;
}

/* "default", a colour name, "bright" + name, or colourN: -1 to 255, or
 * COLOUR_UNKNOWN or COLOUR_OUT_OF_RANGE. */
static int
theme_colour_number(const char *word)
{
	int bright = 0;

	if (strcmp(word, "default") == 0)
		return COLOUR_DEFAULT;
	if (strncmp(word, "bright", 6) == 0) {
		bright = COLOUR_BRIGHT;
		word += 6;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(colour_names); i++) {
		if (strcmp(word, colour_names[i]) == 0)
			return (int)i + bright;
	}
	return bright ? COLOUR_UNKNOWN : theme_colour_index(word);
}

int
theme_colour_word(const char *word)
{
	int number = theme_colour_number(word);

	return number >= 0 ? number : -1;
}

/* The bit of an attribute name, or 0. */
static unsigned
theme_attribute(const char *word)
{
	for (size_t i = 0; i < G_N_ELEMENTS(attribute_names); i++) {
		if (strcmp(word, attribute_names[i].name) == 0)
			return attribute_names[i].bit;
	}
	return 0;
}

/* Where a value's parser is: which word may come next. */
enum value_state {
	VALUE_FOREGROUND,       /* first word: a colour or an attribute */
	VALUE_AFTER_FOREGROUND, /* "on" or an attribute */
	VALUE_BACKGROUND,       /* after "on" */
	VALUE_ATTRIBUTES,       /* attributes only */
};

#define VALUE_FORM "FOREGROUND [on BACKGROUND] [ATTR...]"

#define ATTRIBUTE_LIST "(bold underline reverse italic dim)"

/* What an unknown word was taken for, by where it stands. */
static const char *const unknown_word[] = {
	[VALUE_FOREGROUND] = "colour or attribute",
	[VALUE_AFTER_FOREGROUND] = "attribute",
	[VALUE_BACKGROUND] = "colour",
	[VALUE_ATTRIBUTES] = "attribute",
};

/* Takes colour word into *colour where state allows one; 0, or -1 and
 * *cause. */
static int
theme_take_colour(const char *word, enum value_state state, int *colour, char **cause)
{
	int number = theme_colour_number(word);
	int wants_colour = state == VALUE_FOREGROUND || state == VALUE_BACKGROUND;

	if (number == COLOUR_OUT_OF_RANGE) {
		*cause = g_strdup_printf("'%s' is out of range (colour0 to colour255)", word);
		return -1;
	}
	if (number == COLOUR_UNKNOWN) {
		*cause = g_strdup_printf("unknown %s '%s'%s", unknown_word[state], word,
		                         wants_colour ? "" : " " ATTRIBUTE_LIST);
		return -1;
	}
	if (!wants_colour) {
		*cause = g_strdup_printf("colour '%s' out of place (form: " VALUE_FORM ")", word);
		return -1;
	}
	*colour = number;
	return 0;
}

/* One word of a value; 0, or -1 and *cause. */
static int
theme_take_word(const char *word, enum value_state *state, struct theme_colour *colour,
                char **cause)
{
	unsigned attribute = theme_attribute(word);

	if (attribute != 0 && *state == VALUE_BACKGROUND) {
		*cause = g_strdup_printf("'on' needs a background colour before '%s'", word);
		return -1;
	}
	if (attribute != 0) {
		colour->attrs |= attribute;
		*state = VALUE_ATTRIBUTES;
		return 0;
	}
	if (strcmp(word, "on") == 0) {
		if (*state != VALUE_AFTER_FOREGROUND) {
			*cause = g_strdup("'on' must follow a foreground colour (form: " VALUE_FORM
			                  ", e.g. default on blue)");
			return -1;
		}
		*state = VALUE_BACKGROUND;
		return 0;
	}
	if (*state == VALUE_BACKGROUND) {
		if (theme_take_colour(word, *state, &colour->background, cause) == -1)
			return -1;
		*state = VALUE_ATTRIBUTES;
		return 0;
	}
	if (theme_take_colour(word, *state, &colour->foreground, cause) == -1)
		return -1;
	*state = VALUE_AFTER_FOREGROUND;
	return 0;
}

/* Parses one value into *colour; 0, or -1 and *cause (colour untouched). */
static int
theme_parse_value(const char *value, struct theme_colour *colour, char **cause)
{
	char **words = g_strsplit_set(value, " \t", -1);
	struct theme_colour parsed = { COLOUR_DEFAULT, COLOUR_DEFAULT, 0 };
	enum value_state state = VALUE_FOREGROUND;
	int ret = -1;

	for (char **word = words; *word != NULL; word++) {
		if (**word != '\0' && theme_take_word(*word, &state, &parsed, cause) == -1)
			goto out;
	}
	if (state == VALUE_FOREGROUND) {
		*cause = g_strdup("no colour or attribute given");
		goto out;
	}
	if (state == VALUE_BACKGROUND) {
		*cause = g_strdup("'on' needs a background colour");
		goto out;
	}
	*colour = parsed;
	ret = 0;
out:
	g_strfreev(words);
	return ret;
}

/* The item called key, or THEME_ITEMS. */
static enum theme_item
theme_item_by_name(const char *key)
{
	int i;

	for (i = 0; i < THEME_ITEMS; i++) {
		if (strcmp(key, item_names[i]) == 0)
			break;
	}
	return (enum theme_item)i;
}

static void
theme_read_items(GKeyFile *file, struct theme *theme, GPtrArray *problems)
{
	gchar **keys = g_key_file_get_keys(file, THEME_GROUP, NULL, NULL);

	for (gchar **key = keys; key != NULL && *key != NULL; key++) {
		/* The raw value: colours hold no escapes, and "\x" is then
		 * reported as written. */
		char *value = g_key_file_get_value(file, THEME_GROUP, *key, NULL);
		enum theme_item item = theme_item_by_name(*key);
		char *cause = NULL;

		if (item == THEME_ITEMS)
			g_ptr_array_add(problems,
			                g_strdup_printf("theme: unknown item '%s'", *key));
		else if (value == NULL ||
		         theme_parse_value(value, &theme->items[item], &cause) == -1)
			g_ptr_array_add(problems, g_strdup_printf("theme: %s = %s: %s", *key,
			                                          value ? value : "",
			                                          cause ? cause : "bad value"));
		g_free(cause);
		g_free(value);
	}
	g_strfreev(keys);
}

/* A misspelt group would otherwise be ignored without a word. */
static void
theme_check_groups(GKeyFile *file, GPtrArray *problems)
{
	gchar **groups = g_key_file_get_groups(file, NULL);

	for (gchar **group = groups; *group != NULL; group++) {
		if (strcmp(*group, THEME_GROUP) != 0)
			g_ptr_array_add(problems,
			                g_strdup_printf("theme: unknown group [%s] (items go in "
			                                "[" THEME_GROUP "])",
			                                *group));
	}
	g_strfreev(groups);
}

int
theme_parse(const char *text, struct theme *theme, GPtrArray *problems, char **cause)
{
	GKeyFile *file = g_key_file_new();
	GError *error = NULL;

	if (!g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_NONE, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		g_key_file_free(file);
		return -1;
	}
	theme_check_groups(file, problems);
	theme_read_items(file, theme, problems);
	g_key_file_free(file);
	return 0;
}

int
theme_load(const char *path, struct theme *theme, GPtrArray *problems, char **cause)
{
	char *text = NULL;
	GError *error = NULL;
	int ret;

	if (!g_file_get_contents(path, &text, NULL, &error)) {
		*cause = g_strdup(error->message);
		g_error_free(error);
		return -1;
	}
	ret = theme_parse(text, theme, problems, cause);
	if (ret == -1) {
		char *why = *cause;
		*cause = g_strdup_printf("%s: %s", path, why);
		g_free(why);
	}
	g_free(text);
	return ret;
}

/* Whether the length bytes at name are 1-64 of [A-Za-z0-9_-]. */
static int
theme_name_valid(const char *name, size_t length)
{
	if (length == 0 || length > THEME_NAME_MAX)
		return 0;
	for (size_t i = 0; i < length; i++) {
		if (!g_ascii_isalnum(name[i]) && name[i] != '_' && name[i] != '-')
			return 0;
	}
	return 1;
}

/* The folders themes are looked for in, first wins (caller frees both). */
static void
theme_dirs(char *dirs[2])
{
	const char *datadir = g_getenv("NATTER_DATADIR");

	dirs[0] = paths_config_file("themes");
	if (datadir != NULL && *datadir != '\0')
		dirs[1] = g_build_filename(datadir, "themes", NULL);
	else
		dirs[1] = g_strdup(PKGDATADIR "/themes");
}

char *
theme_locate(const char *name, char **cause)
{
	char *dirs[2], *file, *path = NULL;

	if (!theme_name_valid(name, strlen(name))) {
		*cause = g_strdup_printf("a theme name is 1-%d letters, digits, '-' or '_'",
		                         THEME_NAME_MAX);
		return NULL;
	}
	theme_dirs(dirs);
	file = g_strconcat(name, THEME_SUFFIX, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(dirs) && path == NULL; i++) {
		path = g_build_filename(dirs[i], file, NULL);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_clear_pointer(&path, g_free);
	}
	if (path == NULL)
		*cause =
		        g_strdup_printf("no theme '%s' (looked in %s, %s)", name, dirs[0], dirs[1]);
	g_free(file);
	g_free(dirs[0]);
	g_free(dirs[1]);
	return path;
}

/* Appends the names of the theme files in dir (missing is empty). */
static void
theme_add_names(const char *dir, GPtrArray *names)
{
	GDir *listing = g_dir_open(dir, 0, NULL);
	const char *entry;

	if (listing == NULL)
		return;
	while ((entry = g_dir_read_name(listing)) != NULL) {
		size_t length = strlen(entry);
		char *path;

		if (!g_str_has_suffix(entry, THEME_SUFFIX))
			continue;
		length -= strlen(THEME_SUFFIX);
		if (!theme_name_valid(entry, length))
			continue;
		path = g_build_filename(dir, entry, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(names, g_strndup(entry, length));
		g_free(path);
	}
	g_dir_close(listing);
}

static gint
theme_compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
theme_names(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	char *dirs[2];

	theme_dirs(dirs);
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		theme_add_names(dirs[i], names);
		g_free(dirs[i]);
	}
	g_ptr_array_sort(names, theme_compare_names);
	for (guint i = 1; i < names->len;) {
		if (strcmp(names->pdata[i - 1], names->pdata[i]) == 0)
			g_ptr_array_remove_index(names, i);
		else
			i++;
	}
	return names;
}
