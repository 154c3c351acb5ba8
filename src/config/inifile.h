/*
 * inifile.h: editing the text of an ini file in place.
 *
 * accounts.ini is written by hand as well as by natter: an edit changes
 * only the lines it concerns, and comments, blank lines, spacing and the
 * order of everything else come back byte for byte. The syntax is
 * GKeyFile's, as accounts.c reads it: "[group]" lines, "key = value"
 * lines (the value as written), "#" comments.
 */
#ifndef NATTER_CONFIG_INIFILE_H
#define NATTER_CONFIG_INIFILE_H

struct inifile;

/* Takes text as lines; never fails (lines it does not understand are kept
 * as they are). */
struct inifile *inifile_parse(const char *text);

/* Frees ini, wiping its text (it may hold passwords). NULL is ignored. */
void inifile_free(struct inifile *ini);

/* The text, edits applied (caller frees, and wipes: passwords). */
char *inifile_text(const struct inifile *ini);

/* Whether a [group] line names group. */
int inifile_has_group(const struct inifile *ini, const char *group);

/* Sets key to value in group: each line that sets the key gets the value
 * after its "=" (and the blanks after it); without one, "key = value" goes
 * after the group's last key line; without the group, "[group]" and the
 * key go at the end, after a blank line. value must hold no line break. */
void inifile_set(struct inifile *ini, const char *group, const char *key, const char *value);

/* Removes the key's lines from group. Returns how many went. */
int inifile_unset(struct inifile *ini, const char *group, const char *key);

/* Removes each [group] line and the lines up to the next group (the
 * comments just above the next group stay with it; a group last in the
 * file takes the blank lines above it). Returns 1 when the group was
 * there, else 0. */
int inifile_remove_group(struct inifile *ini, const char *group);

/* Renames group (each of its [group] lines). Returns 1 when the group was
 * there, else 0. */
int inifile_rename_group(struct inifile *ini, const char *group, const char *name);

#endif
