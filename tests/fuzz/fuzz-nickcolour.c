/*
 * fuzz-nickcolour.c: libFuzzer target for nickname colours
 * (core/nickcolour.h).
 *
 * The input is a nickname or JID of any bytes (up to a NUL, as identifiers
 * are C strings). The angle is in [0, 360), the colour's channels in [0, 1]
 * and never NaN, and each palette index in the set its palette size
 * allows, the same on every call.
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/nickcolour.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_allowed(int colour, int colours)
{
	if (colours >= 256)
		return colour >= 16 && colour <= 231;
	if (colours >= 16)
		return (colour >= 1 && colour <= 6) || (colour >= 9 && colour <= 14);
	return colour >= 1 && colour <= 6;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int sizes[] = { -1, 0, 8, 16, 88, 256, 1 << 24 };
	char *identifier = g_strndup((const char *)data, size);
	double angle = nickcolour_angle(identifier), rgb[3];

	if (!(angle >= 0.0 && angle < 360.0))
		abort();
	nickcolour_rgb(identifier, rgb);
	for (int channel = 0; channel < 3; channel++) {
		if (isnan(rgb[channel]) || rgb[channel] < 0.0 || rgb[channel] > 1.0)
			abort();
	}
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		int colour = nickcolour_palette(identifier, sizes[i]);
		if (!fuzz_allowed(colour, sizes[i]) ||
		    colour != nickcolour_palette(identifier, sizes[i]))
			abort();
	}
	g_free(identifier);
	return 0;
}
