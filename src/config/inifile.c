/*
 * inifile.c: editing the text of an ini file in place (see inifile.h).
 *
 * The text is kept as its lines, without their "\n"; edits replace,
 * insert or remove whole lines. Lines are classified as GKeyFile reads
 * them: leading blanks skipped, "#" starts a comment, "[...]" is a group,
 * and a line with "=" sets the key before it (trailing blanks dropped).
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "config/inifile.h"

struct inifile {
	GPtrArray *lines;  /* of char *, without "\n" */
	int final_newline; /* the text ended with "\n" */
	const char *eol;   /* what new lines end with before "\n": "" or "\r" */
};

static void
inifile_line_free(gpointer data)
{
	char *line = data;

	explicit_bzero(line, strlen(line));
	g_free(line);
}

struct inifile *
inifile_parse(const char *text)
{
	struct inifile *ini = g_new0(struct inifile, 1);
	const char *start = text;

	ini->lines = g_ptr_array_new_with_free_func(inifile_line_free);
	/* A file written with CRLF gets CRLF lines. */
	ini->eol = strstr(text, "\r\n") != NULL ? "\r" : "";
	while (*start != '\0') {
		const char *end = strchr(start, '\n');
		if (end == NULL) {
			g_ptr_array_add(ini->lines, g_strdup(start));
			return ini;
		}
		g_ptr_array_add(ini->lines, g_strndup(start, (gsize)(end - start)));
		start = end + 1;
	}
	ini->final_newline = 1;
	return ini;
}

void
inifile_free(struct inifile *ini)
{
	if (ini == NULL)
		return;
	g_ptr_array_unref(ini->lines);
	g_free(ini);
}

char *
inifile_text(const struct inifile *ini)
{
	GString *text = g_string_new(NULL);

	for (guint i = 0; i < ini->lines->len; i++) {
		if (i > 0)
			g_string_append_c(text, '\n');
		g_string_append(text, ini->lines->pdata[i]);
	}
	if (ini->final_newline && ini->lines->len > 0)
		g_string_append_c(text, '\n');
	return g_string_free(text, FALSE);
}

/* The line without its leading blanks. */
static const char *
inifile_start(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* Whether line holds nothing but blanks (a "\r" of CRLF included). */
static int
inifile_is_blank(const char *line)
{
	line = inifile_start(line);
	return *line == '\0' || (line[0] == '\r' && line[1] == '\0');
}

/* Whether line is "[group]" (blanks around allowed, a "\r" too). */
static int
inifile_is_group(const char *line, const char *group)
{
	const char *start = inifile_start(line), *end;
	size_t len;

	if (*start != '[')
		return 0;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (end - start < 2 || end[-1] != ']')
		return 0;
	if (group == NULL)
		return 1;
	len = strlen(group);
	return (size_t)(end - start - 2) == len && memcmp(start + 1, group, len) == 0;
}

/* Whether line sets key; then *value_at is where its value starts (after
 * "=" and the blanks after it). */
static int
inifile_is_key(const char *line, const char *key, size_t *value_at)
{
	const char *start = inifile_start(line), *equals, *end;
	size_t len = strlen(key);

	if (*start == '#' || *start == '[' || (equals = strchr(start, '=')) == NULL)
		return 0;
	end = equals;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - start) != len || memcmp(start, key, len) != 0)
		return 0;
	equals++;
	while (*equals == ' ' || *equals == '\t')
		equals++;
	*value_at = (size_t)(equals - line);
	return 1;
}

/* Whether line sets any key. */
static int
inifile_is_any_key(const char *line)
{
	const char *start = inifile_start(line);

	return *start != '#' && *start != '[' && strchr(start, '=') != NULL;
}

/* Index of the first line after the group that starts at header (the
 * next group's line, or the end). */
static guint
inifile_group_end(const struct inifile *ini, guint header)
{
	guint i = header + 1;

	while (i < ini->lines->len && !inifile_is_group(ini->lines->pdata[i], NULL))
		i++;
	return i;
}

/* Index of the group's last line that is its header or sets a key: what
 * follows it up to the next group (comments, blanks) is that group's. */
static guint
inifile_group_last(const struct inifile *ini, guint header)
{
	guint end = inifile_group_end(ini, header), last = header;

	for (guint i = header + 1; i < end; i++) {
		if (inifile_is_any_key(ini->lines->pdata[i]))
			last = i;
	}
	return last;
}

int
inifile_has_group(const struct inifile *ini, const char *group)
{
	for (guint i = 0; i < ini->lines->len; i++) {
		if (inifile_is_group(ini->lines->pdata[i], group))
			return 1;
	}
	return 0;
}

void
inifile_set(struct inifile *ini, const char *group, const char *key, const char *value)
{
	int set = 0, in_group = 0;
	guint last_header = G_MAXUINT;

	for (guint i = 0; i < ini->lines->len; i++) {
		char *line = ini->lines->pdata[i];
		size_t at;
		if (inifile_is_group(line, NULL)) {
			in_group = inifile_is_group(line, group);
			if (in_group)
				last_header = i;
			continue;
		}
		if (!in_group || !inifile_is_key(line, key, &at))
			continue;
		size_t len = strlen(line);
		char *changed = g_strdup_printf("%.*s%s%s", (int)at, line, value,
		                                len > 0 && line[len - 1] == '\r' ? "\r" : "");
		g_ptr_array_index(ini->lines, i) = changed;
		inifile_line_free(line);
		set = 1;
	}
	if (set)
		return;
	if (last_header == G_MAXUINT) {
		if (ini->lines->len > 0 &&
		    !inifile_is_blank(ini->lines->pdata[ini->lines->len - 1]))
			g_ptr_array_add(ini->lines, g_strdup(ini->eol));
		g_ptr_array_add(ini->lines, g_strdup_printf("[%s]%s", group, ini->eol));
		g_ptr_array_add(ini->lines, g_strdup_printf("%s = %s%s", key, value, ini->eol));
		ini->final_newline = 1;
		return;
	}
	guint at = inifile_group_last(ini, last_header) + 1;
	g_ptr_array_insert(ini->lines, (gint)at,
	                   g_strdup_printf("%s = %s%s", key, value, ini->eol));
	if (at == ini->lines->len - 1)
		ini->final_newline = 1;
}

int
inifile_unset(struct inifile *ini, const char *group, const char *key)
{
	int in_group = 0, removed = 0;

	for (guint i = 0; i < ini->lines->len;) {
		const char *line = ini->lines->pdata[i];
		size_t at;
		if (inifile_is_group(line, NULL))
			in_group = inifile_is_group(line, group);
		else if (in_group && inifile_is_key(line, key, &at)) {
			g_ptr_array_remove_index(ini->lines, i);
			removed++;
			continue;
		}
		i++;
	}
	return removed;
}

int
inifile_remove_group(struct inifile *ini, const char *group)
{
	int found = 0;

	for (guint i = 0; i < ini->lines->len;) {
		if (!inifile_is_group(ini->lines->pdata[i], group)) {
			i++;
			continue;
		}
		g_ptr_array_remove_range(ini->lines, i, inifile_group_last(ini, i) - i + 1);
		found = 1;
		/* Last in the file: the blank lines that set it apart go too. */
		while (i == ini->lines->len && i > 0 && inifile_is_blank(ini->lines->pdata[i - 1]))
			g_ptr_array_remove_index(ini->lines, --i);
	}
	return found;
}

int
inifile_rename_group(struct inifile *ini, const char *group, const char *name)
{
	int found = 0;

	for (guint i = 0; i < ini->lines->len; i++) {
		char *line = ini->lines->pdata[i];
		if (!inifile_is_group(line, group))
			continue;
		g_ptr_array_index(ini->lines, i) =
		        g_strdup_printf("%.*s[%s]%s", (int)(inifile_start(line) - line), line, name,
		                        strchr(line, '\r') != NULL ? "\r" : "");
		inifile_line_free(line);
		found = 1;
	}
	return found;
}
