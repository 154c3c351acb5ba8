/*
 * prefs.h: natter's options (natter.conf in the configuration directory).
 *
 * Every option is a row of one table: name ("ui.time_format": group "ui",
 * key "time_format" in the file), type, default, allowed values and help.
 * Values are checked when read and when set; a wrong value in the file is
 * reported and the default used. prefs_set() writes the file (comments
 * kept) and emits EV_PREF_CHANGED so the change applies live.
 */
#ifndef NATTER_CONFIG_PREFS_H
#define NATTER_CONFIG_PREFS_H

#include <glib.h>

enum pref_type {
	PREF_BOOL,   /* on / off */
	PREF_INT,    /* min..max */
	PREF_STRING, /* any text (one line) */
	PREF_CHOICE, /* one of choices */
	PREF_SET,    /* comma-separated subset of choices (may be empty) */
};

struct pref_def {
	const char *name;
	enum pref_type type;
	const char *fallback; /* the default, as text */
	int min, max;         /* PREF_INT */
	const char *const *choices;
	const char *help;
};

/* The table, NULL-terminated (borrowed). */
const struct pref_def *const *prefs_table(void);

/* The row of name, or NULL. */
const struct pref_def *prefs_find(const char *name);

/*
 * Reads path (a missing file means every default). Each wrong value or
 * unknown option is appended to problems (caller frees the strings).
 * Returns 0, or -1 and *cause when the file exists but cannot be read or
 * is not ini (defaults are used then).
 */
int prefs_load(const char *path, GPtrArray *problems, char **cause);

/* The same from text (tests, fuzzing); path stays unset. */
int prefs_parse(const char *text, GPtrArray *problems, char **cause);

/* Forgets every value and the file. */
void prefs_clear(void);

/* Values (name must be in the table; the default when unset). */
int prefs_bool(const char *name);
int prefs_int(const char *name);
const char *prefs_string(const char *name); /* borrowed until the next set */
/* PREF_SET: whether item is in the set. */
int prefs_has(const char *name, const char *item);

/*
 * Checks and sets name to value (NULL: back to the default), saves the
 * file loaded by prefs_load() (created 0600 when missing) and emits
 * EV_PREF_CHANGED. Returns 0, or -1 and *cause (value refused: nothing
 * changed; or the file could not be written: the value holds for this run).
 */
int prefs_set(const char *name, const char *value, char **cause);

/* Whether value is right for def: 0, or -1 and *cause. *normal gets the
 * value in its canonical form (caller frees) when not NULL. */
int prefs_check(const struct pref_def *def, const char *value, char **normal, char **cause);

#endif
