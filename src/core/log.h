/*
 * log.h: natter's protocol and debug log (--debug-log FILE).
 *
 * The log is a file opened once at start (0600) and closed at exit. Nothing
 * is written when no file was given. Secrets never reach it: callers pass
 * stanza text through log_redact() (done by log_protocol()).
 */
#ifndef NATTER_CORE_LOG_H
#define NATTER_CORE_LOG_H

#include "core/event.h"

/* Opens (creates 0600, appends) the log file. Returns 0, or -1 and *cause. */
int log_open(const char *path, char **cause);

/* Closes the log file, if any. */
void log_close(void);

/* 1 when a log file is open. */
int log_enabled(void);

/* Writes one line: timestamp, level, area, text. */
void log_write(enum log_level level, const char *area, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Writes a stanza seen on the wire (direction "SENT"/"RECV"), redacted. */
void log_protocol(const char *account, const char *direction, const char *xml);

/*
 * Returns a copy of xml with secrets replaced by "[redacted]": the text of
 * SASL <auth>, <response>, <challenge> and <success> elements, and of any
 * <password> element. The caller frees the result.
 */
char *log_redact(const char *xml);

#endif
