/*
 * clock.c: local times for the screen, with the zone cached.
 *
 * Keeps the zone and the last formatted time: messages arrive in bursts
 * within the same second, and every drawn line asks for its day and its
 * time stamp.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

#define ZONE_CHECK_US (60 * G_USEC_PER_SEC)
#define DAY_S         (24 * 60 * 60)

static GTimeZone *zone;
static gint64 zone_loaded; /* monotonic time of the load */
/* The last time formatted (in seconds), its format and its text. */
static gint64 formatted_at;
static char *formatted_format, *formatted_text;

static void
clock_reset(void)
{
	g_clear_pointer(&zone, g_time_zone_unref);
	g_clear_pointer(&formatted_format, g_free);
	g_clear_pointer(&formatted_text, g_free);
}

/* The local zone, looked up again when a minute passed since then; a
 * different zone drops what was formatted in the old one. */
static GTimeZone *
clock_zone(void)
{
	gint64 now = g_get_monotonic_time();

	if (zone != NULL && now - zone_loaded < ZONE_CHECK_US)
		return zone;
	GTimeZone *fresh = g_time_zone_new_local();
	if (zone == NULL ||
	    g_strcmp0(g_time_zone_get_identifier(zone), g_time_zone_get_identifier(fresh)) != 0) {
		clock_reset();
		zone = fresh;
	} else {
		g_time_zone_unref(fresh);
	}
	zone_loaded = now;
	return zone;
}

gint64
clock_day(gint64 time)
{
	gint64 seconds = time / G_USEC_PER_SEC;
	GTimeZone *tz = clock_zone();
	int interval = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, seconds);
	gint64 local = seconds + (interval >= 0 ? g_time_zone_get_offset(tz, interval) : 0);

	/* Days since the epoch, rounded down for times before it. */
	return local >= 0 ? local / DAY_S : -((-local + DAY_S - 1) / DAY_S);
}

char *
clock_format(gint64 time, const char *format)
{
	gint64 seconds = time / G_USEC_PER_SEC;
	GTimeZone *tz = clock_zone();

	if (formatted_text != NULL && formatted_at == seconds &&
	    strcmp(formatted_format, format) == 0)
		return g_strdup(formatted_text);
	GDateTime *utc = g_date_time_new_from_unix_utc(seconds);
	GDateTime *t = utc ? g_date_time_to_timezone(utc, tz) : NULL;
	char *text = t ? g_date_time_format(t, format) : NULL;

	if (utc != NULL)
		g_date_time_unref(utc);
	if (t != NULL)
		g_date_time_unref(t);
	if (text == NULL)
		return g_strdup("");
	g_free(formatted_format);
	g_free(formatted_text);
	formatted_at = seconds;
	formatted_format = g_strdup(format);
	formatted_text = g_strdup(text);
	return text;
}

gint64
clock_parse_date(const char *text)
{
	int y, m, d;
	char tail, unit;
	unsigned count;
	GDateTime *time = NULL;
	gint64 value = -1;

	if (sscanf(text, "%u%c%c", &count, &unit, &tail) == 2 && g_ascii_isdigit(*text) &&
	    strchr("mhdw", unit) != NULL && count <= 100000) {
		gint64 minutes = unit == 'm' ? 1 : unit == 'h' ? 60 : unit == 'd' ? 1440 : 10080;
		return g_get_real_time() - (gint64)count * minutes * 60 * G_USEC_PER_SEC;
	}
	if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
		time = g_date_time_new_local(y, m, d, 0, 0, 0);
	} else {
		GTimeZone *local = g_time_zone_new_local();
		time = g_date_time_new_from_iso8601(text, local);
		g_time_zone_unref(local);
	}
	if (time != NULL) {
		value = g_date_time_to_unix(time) * G_USEC_PER_SEC;
		g_date_time_unref(time);
	}
	return value;
}
