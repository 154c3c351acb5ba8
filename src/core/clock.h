/*
 * clock.h: times in the local time zone, as the screen shows them.
 *
 * GLib's g_date_time_new_from_unix_local() looks the local zone up again
 * on every call when TZ is unset (a stat() and readlink() of
 * /etc/localtime each time): far too dear for every line drawn. Here the
 * zone is loaded once and looked at again at most once a minute, so a
 * change of the system's zone shows within a minute.
 */
#ifndef NATTER_CORE_CLOCK_H
#define NATTER_CORE_CLOCK_H

#include <glib.h>

/* The local day of a time (microseconds since the epoch): days since
 * the epoch in the local zone. */
gint64 clock_day(gint64 time);

/* strftime-like format (g_date_time_format()) of a time in microseconds,
 * local; "" when the calendar cannot show it. Caller frees. */
char *clock_format(gint64 time, const char *format);

/* A time as the user writes one: YYYY-MM-DD (local midnight), an ISO 8601
 * time (local unless it says its zone), or N followed by m, h, d or w:
 * that many minutes, hours, days or weeks ago. Microseconds since 1970,
 * or -1 when text is none of these. */
gint64 clock_parse_date(const char *text);

#endif
