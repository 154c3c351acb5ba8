/*
 * log.c: natter's protocol and debug log.
 *
 * Owns the one log file (opened by log_open(), closed by log_close()).
 * Redaction is textual and conservative: the contents of every element whose
 * name can carry credentials are dropped, whatever its namespace.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/sanitize.h"

static FILE *log_file;

int
log_open(const char *path, char **cause)
{
	int fd;

	log_close();
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1) {
		*cause = g_strdup_printf("cannot open debug log %s: %s", path, g_strerror(errno));
		return -1;
	}
	/* An existing file keeps its mode on open(): make it ours. */
	if (fchmod(fd, 0600) == -1) {
		*cause = g_strdup_printf("cannot make debug log %s private: %s", path,
		                         g_strerror(errno));
		close(fd);
		return -1;
	}
	log_file = fdopen(fd, "a");
	if (log_file == NULL) {
		*cause = g_strdup_printf("cannot open debug log %s: %s", path, g_strerror(errno));
		close(fd);
		return -1;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

int
log_enabled(void)
{
	return log_file != NULL;
}

static const char *
log_level_name(enum log_level level)
{
	switch (level) {
	case LOG_DEBUG:
		return "debug";
	case LOG_INFO:
		return "info";
	case LOG_WARNING:
		return "warning";
	case LOG_ERROR:
		return "error";
	}
	return "?";
}

void
log_write(enum log_level level, const char *area, const char *fmt, ...)
{
	va_list ap;
	GDateTime *now;
	char *stamp, *text, *line;

	if (log_file == NULL)
		return;
	now = g_date_time_new_now_utc();
	stamp = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S.%fZ");
	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* What others wrote (nicks, errors, stanzas) is in it: one line,
	 * nothing a terminal showing the log (tail -f) would obey, no line
	 * that looks like another entry. */
	line = sanitize(text, -1, SANITIZE_LINE);
	fprintf(log_file, "%s %s %s: %s\n", stamp, log_level_name(level), area, line);
	g_free(line);
	g_free(text);
	g_free(stamp);
	g_date_time_unref(now);
}

void
log_protocol(const char *account, const char *direction, const char *xml)
{
	char *redacted;

	if (log_file == NULL)
		return;
	redacted = log_redact(xml);
	log_write(LOG_DEBUG, account, "%s %s", direction, redacted);
	g_free(redacted);
}

/* Elements whose text is secret (RFC 6120 6.4: SASL payloads; XEP-0077 and
 * XEP-0078 passwords). */
static const char *const secret_elements[] = {
	"auth", "response", "challenge", "success", "password",
};

/* Length of the element name starting at p (stops at space, '>', '/'). */
static size_t
log_name_length(const char *p)
{
	size_t n = 0;

	while (p[n] != '\0' && p[n] != ' ' && p[n] != '>' && p[n] != '/' && p[n] != '\t' &&
	       p[n] != '\n' && p[n] != '\r')
		n++;
	return n;
}

static int
log_is_secret(const char *name, size_t length)
{
	const char *local = memchr(name, ':', length);

	/* Ignore a namespace prefix ("sasl:auth"). */
	if (local != NULL) {
		length -= (size_t)(local + 1 - name);
		name = local + 1;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(secret_elements); i++) {
		if (strlen(secret_elements[i]) == length &&
		    strncmp(secret_elements[i], name, length) == 0)
			return 1;
	}
	return 0;
}

/* XEP-0077 with a data form (XEP-0004): <field var='password'> holds the
 * password in its <value/>. tag is the start tag, up to its '>'. */
static int
log_is_secret_field(const char *tag, size_t name_length, const char *tag_end)
{
	char *start;
	int secret;

	if (name_length != 5 || strncmp(tag + 1, "field", 5) != 0)
		return 0;
	start = g_strndup(tag, (gsize)(tag_end - tag));
	secret = strstr(start, "var=\"password\"") != NULL ||
	         strstr(start, "var='password'") != NULL;
	g_free(start);
	return secret;
}

/* 1 when p is "</name>" (or "</name >") for this element name. */
static int
log_is_end_tag(const char *p, const char *name, size_t length)
{
	if (strncmp(p + 2, name, length) != 0)
		return 0;
	p += 2 + length;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return *p == '>';
}

char *
log_redact(const char *xml)
{
	GString *out = g_string_sized_new(strlen(xml));
	const char *p = xml;

	while (*p != '\0') {
		const char *tag_end, *close;
		size_t name_length;

		if (*p != '<' || p[1] == '/' || p[1] == '?' || p[1] == '!') {
			g_string_append_c(out, *p++);
			continue;
		}
		name_length = log_name_length(p + 1);
		tag_end = strchr(p, '>');
		if (tag_end == NULL || tag_end[-1] == '/' ||
		    (!log_is_secret(p + 1, name_length) &&
		     !log_is_secret_field(p, name_length, tag_end))) {
			g_string_append_c(out, *p++);
			continue;
		}
		/* Keep the start tag, drop everything up to the matching end tag. */
		g_string_append_len(out, p, tag_end + 1 - p);
		close = strstr(tag_end + 1, "</");
		while (close != NULL && !log_is_end_tag(close, p + 1, name_length))
			close = strstr(close + 2, "</");
		g_string_append(out, "[redacted]");
		if (close == NULL)
			break;
		p = close;
	}
	return g_string_free(out, FALSE);
}
