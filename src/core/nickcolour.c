/*
 * nickcolour.c: XEP-0392 Consistent Color Generation (version 0.6.0).
 *
 * Stateless and allocation free. The hue comes from SHA-1 of the
 * identifier; the colour from the HSLuv colour space (hsluv.org), whose
 * conversion to sRGB is written out here: HSLuv -> LCh(uv) -> CIELUV ->
 * CIEXYZ -> linear sRGB -> sRGB, with the chroma bound that keeps each
 * lightness and hue inside the sRGB gamut.
 */
#include "config.h"

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nickcolour.h"

/* XEP-0392 5.4: "saturation SHOULD be set to 100 and lightness SHOULD be set
 * to 50". */
#define NICKCOLOUR_SATURATION 100.0
#define NICKCOLOUR_LIGHTNESS  50.0

/* CIE constants as HSLuv uses them: D65 white point in u'v', and the
 * CIELAB kappa and epsilon. */
#define HSLUV_REF_U   0.19783000664283
#define HSLUV_REF_V   0.46831999493879
#define HSLUV_KAPPA   903.2962962
#define HSLUV_EPSILON 0.0088564516

/* CIEXYZ (D65) to linear sRGB. */
static const double nickcolour_xyz_to_rgb[3][3] = {
	{ 3.240969941904521, -1.537383177570093, -0.498610760293 },
	{ -0.96924363628087, 1.87596750150772, 0.041555057407175 },
	{ 0.055630079696993, -0.20397695888897, 1.056971514242878 },
};

/* xterm's default RGB values of the 16 ANSI colours. */
static const unsigned char nickcolour_ansi[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0xcd, 0x00, 0x00 }, { 0x00, 0xcd, 0x00 }, { 0xcd, 0xcd, 0x00 },
	{ 0x00, 0x00, 0xee }, { 0xcd, 0x00, 0xcd }, { 0x00, 0xcd, 0xcd }, { 0xe5, 0xe5, 0xe5 },
	{ 0x7f, 0x7f, 0x7f }, { 0xff, 0x00, 0x00 }, { 0x00, 0xff, 0x00 }, { 0xff, 0xff, 0x00 },
	{ 0x5c, 0x5c, 0xff }, { 0xff, 0x00, 0xff }, { 0x00, 0xff, 0xff }, { 0xff, 0xff, 0xff },
};

/* The levels of each axis of xterm's 6x6x6 colour cube (indices 16..231). */
static const unsigned char nickcolour_cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

double
nickcolour_angle(const char *identifier)
{
	GChecksum *sha1 = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 digest[20];
	gsize size = sizeof(digest);
	unsigned value;

	/* XEP-0392 5.1: "Run the input through SHA-1", "extract the
	 * least-significant 16 bits. (These are the first two bytes of the
	 * output, with the second byte being the most significant one.)",
	 * "Divide the value by 65536 (use float division) and multiply it by
	 * 360". */
	g_checksum_update(sha1, (const guchar *)identifier, (gssize)strlen(identifier));
	g_checksum_get_digest(sha1, digest, &size);
	g_checksum_free(sha1);
	value = (unsigned)digest[0] | (unsigned)digest[1] << 8;
	return (double)value / 65536.0 * 360.0;
}

/*
 * The largest chroma at lightness l and hue h (degrees) that stays inside
 * sRGB. Each of the three channels, at 0 and at 1, bounds the chroma along
 * a line in the (u, v) plane; the gamut edge at hue h is the nearest of
 * those lines along the ray of angle h.
 */
static double
nickcolour_max_chroma(double l, double h)
{
	double cubed = pow(l + 16.0, 3.0) / 1560896.0;
	double scale = cubed > HSLUV_EPSILON ? cubed : l / HSLUV_KAPPA;
	double hue = h / 360.0 * 2.0 * G_PI;
	double best = DBL_MAX;

	for (int channel = 0; channel < 3; channel++) {
		const double *m = nickcolour_xyz_to_rgb[channel];
		for (int bound = 0; bound <= 1; bound++) {
			double top1 = (284517.0 * m[0] - 94839.0 * m[2]) * scale;
			double top2 =
			        (838422.0 * m[2] + 769860.0 * m[1] + 731718.0 * m[0]) * l * scale -
			        769860.0 * bound * l;
			double bottom =
			        (632260.0 * m[2] - 126452.0 * m[1]) * scale + 126452.0 * bound;
			double slope = top1 / bottom, intercept = top2 / bottom;
			double length = intercept / (sin(hue) - slope * cos(hue));

			if (length >= 0.0 && length < best)
				best = length;
		}
	}
	return best;
}

/* Linear light to the sRGB transfer curve. */
static double
nickcolour_srgb_gamma(double linear)
{
	if (linear <= 0.0031308)
		return 12.92 * linear;
	return 1.055 * pow(linear, 1.0 / 2.4) - 0.055;
}

/* HSLuv (hue in degrees, saturation and lightness 0..100) to sRGB 0..1. */
static void
nickcolour_hsluv_to_rgb(double h, double s, double l, double rgb[3])
{
	double xyz[3] = { 0.0, 0.0, 0.0 };

	if (l > 0.0) {
		/* HSLuv -> LCh: saturation is a share of the largest chroma
		 * (none at white). */
		double chroma = l < 100.0 ? nickcolour_max_chroma(l, h) / 100.0 * s : 0.0;
		/* LCh -> CIELUV */
		double hue = h / 360.0 * 2.0 * G_PI;
		double u = cos(hue) * chroma, v = sin(hue) * chroma;
		/* CIELUV -> CIEXYZ */
		double var_u = u / (13.0 * l) + HSLUV_REF_U;
		double var_v = v / (13.0 * l) + HSLUV_REF_V;
		double y = l <= 8.0 ? l / HSLUV_KAPPA : pow((l + 16.0) / 116.0, 3.0);

		xyz[0] = -(9.0 * y * var_u) / ((var_u - 4.0) * var_v - var_u * var_v);
		xyz[1] = y;
		xyz[2] = (9.0 * y - 15.0 * var_v * y - var_v * xyz[0]) / (3.0 * var_v);
	}
	/* CIEXYZ -> linear sRGB -> sRGB, clamped against rounding. */
	for (int channel = 0; channel < 3; channel++) {
		const double *m = nickcolour_xyz_to_rgb[channel];
		double linear = m[0] * xyz[0] + m[1] * xyz[1] + m[2] * xyz[2];
		rgb[channel] = CLAMP(nickcolour_srgb_gamma(linear), 0.0, 1.0);
	}
}

void
nickcolour_rgb(const char *identifier, double rgb[3])
{
	/* XEP-0392 5.4: "Use the HSLuv operation hsluvToRgb to convert the Hue
	 * angle to a color." */
	nickcolour_hsluv_to_rgb(nickcolour_angle(identifier), NICKCOLOUR_SATURATION,
	                        NICKCOLOUR_LIGHTNESS, rgb);
}

/* xterm's RGB value (0..255 per channel) of palette index 0..231. */
static void
nickcolour_xterm_rgb(int index, double rgb[3])
{
	if (index < 16) {
		for (int channel = 0; channel < 3; channel++)
			rgb[channel] = nickcolour_ansi[index][channel];
		return;
	}
	index -= 16;
	rgb[0] = nickcolour_cube_levels[index / 36];
	rgb[1] = nickcolour_cube_levels[index / 6 % 6];
	rgb[2] = nickcolour_cube_levels[index % 6];
}

int
nickcolour_palette(const char *identifier, int colours)
{
	double rgb[3], best_distance = DBL_MAX;
	int first = 1, last = 6, best = 1;

	if (colours >= 256) {
		first = 16;
		last = 231;
	} else if (colours >= 16) {
		last = 14;
	}
	nickcolour_rgb(identifier, rgb);
	for (int index = first; index <= last; index++) {
		double entry[3], distance = 0.0;

		if (index == 7 || index == 8)
			continue; /* white and bright black: greys, as unreadable as 0 and 15 */
		nickcolour_xterm_rgb(index, entry);
		for (int channel = 0; channel < 3; channel++) {
			double delta = rgb[channel] * 255.0 - entry[channel];
			distance += delta * delta;
		}
		if (distance < best_distance) {
			best_distance = distance;
			best = index;
		}
	}
	return best;
}
