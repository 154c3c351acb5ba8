/*
 * test-nickcolour.c: XEP-0392 Consistent Color Generation (core/nickcolour.h).
 */
#include "config.h"

#include "unit.h"

#include <math.h>

#include "core/nickcolour.h"

/* XEP-0392 13.1.1, test vectors without colour vision deficiency correction:
 * text, angle (6 decimals), r, g, b (3 decimals). */
static const struct {
	const char *text;
	double angle;
	double rgb[3];
} vectors[] = {
	{ "Romeo", 327.255249, { 0.865, 0.000, 0.686 } },
	{ "juliet@capulet.lit", 209.410400, { 0.000, 0.515, 0.573 } },
	{ "\xf0\x9f\x98\xba", 331.199341, { 0.872, 0.000, 0.659 } }, /* U+1F63A, cat face */
	{ "council", 359.994507, { 0.918, 0.000, 0.394 } },
	{ "Board", 171.430664, { 0.000, 0.527, 0.457 } },
};

/* A few hundred identifiers of every kind, for properties (caller frees). */
static char *
sample_identifier(int i)
{
	static const char *const forms[][2] = {
		{ "user", "" },   { "nick ", "" },  { "room", "@conference.example.org" },
		{ "Ĵür", "gen" }, { "日本", "語" }, { "\xf0\x9f\x98\xba", "" },
	};
	size_t form = (size_t)i % G_N_ELEMENTS(forms);

	return g_strdup_printf("%s%d%s", forms[form][0], i, forms[form][1]);
}

static void
test_nickcolour_spec_angles(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++)
		assert_float_equal(nickcolour_angle(vectors[i].text), vectors[i].angle, 0.0000005);
}

static void
test_nickcolour_spec_rgb(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
		double rgb[3];

		nickcolour_rgb(vectors[i].text, rgb);
		for (int channel = 0; channel < 3; channel++)
			assert_float_equal(rgb[channel], vectors[i].rgb[channel], 0.0005);
	}
}

/* The angle is the first two bytes of SHA-1, little endian, over 65536
 * times 360: checked with RFC 3174's digests of "" (da39...) and "abc"
 * (a999...). */
static void
test_nickcolour_angle_from_sha1(void **state)
{
	assert_float_equal(nickcolour_angle(""), 0x39da / 65536.0 * 360.0, 1e-9);
	assert_float_equal(nickcolour_angle("abc"), 0x99a9 / 65536.0 * 360.0, 1e-9);
	for (int i = 0; i < 500; i++) {
		char *identifier = sample_identifier(i);
		double angle = nickcolour_angle(identifier);

		assert_true(angle >= 0.0 && angle < 360.0);
		g_free(identifier);
	}
}

/* HSLuv at lightness 50 is a luminance Y of ((50 + 16) / 116)^3 for every
 * hue, and saturation 100 is the edge of the sRGB gamut: a channel at 0 or 1. */
static void
test_nickcolour_rgb_is_hsluv(void **state)
{
	double luminance = pow(66.0 / 116.0, 3.0);
	static const double weights[3] = { 0.21263900587151, 0.71516867876775, 0.072192315360733 };

	for (int i = 0; i < 500; i++) {
		char *identifier = sample_identifier(i);
		double rgb[3], y = 0.0;

		nickcolour_rgb(identifier, rgb);
		for (int channel = 0; channel < 3; channel++) {
			double c = rgb[channel];
			assert_true(c >= 0.0 && c <= 1.0);
			y += weights[channel] *
			     (c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
		}
		assert_float_equal(y, luminance, 0.0005);
		assert_true(fmin(rgb[0], fmin(rgb[1], rgb[2])) < 0.0005 ||
		            fmax(rgb[0], fmax(rgb[1], rgb[2])) > 0.9995);
		g_free(identifier);
	}
}

/* Worked by hand from the XEP's RGB values, times 255, to the nearest
 * palette entries. */
static void
test_nickcolour_palette_spec_vectors(void **state)
{
	/* Romeo (220.6, 0, 174.9): cube levels 215, 0, 175 = 16 + 36*4 + 3. */
	assert_int_equal(nickcolour_palette("Romeo", 256), 163);
	/* juliet (0, 131.3, 146.1): levels 0, 135, 135 = 16 + 6*2 + 2. */
	assert_int_equal(nickcolour_palette("juliet@capulet.lit", 256), 30);
	/* council (234.1, 0, 100.5): levels 215, 0, 95 = 16 + 36*4 + 1. */
	assert_int_equal(nickcolour_palette("council", 256), 161);
	/* Romeo is nearest magenta (205, 0, 205); council nearest bright red
	 * (255, 0, 0) among 16, red (205, 0, 0) among 8. */
	assert_int_equal(nickcolour_palette("Romeo", 16), 5);
	assert_int_equal(nickcolour_palette("council", 16), 9);
	assert_int_equal(nickcolour_palette("council", 8), 1);
	/* juliet and Board are nearest cyan (0, 205, 205). */
	assert_int_equal(nickcolour_palette("juliet@capulet.lit", 8), 6);
	assert_int_equal(nickcolour_palette("Board", 16), 6);
}

/* Every answer is in the allowed set, the same every time, and the sample
 * spreads over the palette: all six colours of 8, many of the cube. */
static void
test_nickcolour_palette_sets(void **state)
{
	static const int sizes[] = { 0, 8, 16, 88, 256, 16777216 };
	gboolean seen[256] = { FALSE };

	for (int i = 0; i < 600; i++) {
		char *identifier = sample_identifier(i);

		for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++) {
			int colour = nickcolour_palette(identifier, sizes[s]);

			assert_int_equal(colour, nickcolour_palette(identifier, sizes[s]));
			if (sizes[s] >= 256) {
				assert_in_range(colour, 16, 231);
			} else if (sizes[s] >= 16) {
				assert_true((colour >= 1 && colour <= 6) ||
				            (colour >= 9 && colour <= 14));
			} else {
				assert_in_range(colour, 1, 6);
			}
			if (sizes[s] == 8 || sizes[s] == 256)
				seen[colour] = TRUE;
		}
		g_free(identifier);
	}
	for (int colour = 1; colour <= 6; colour++)
		assert_true(seen[colour]);
	int cube = 0;
	for (int colour = 16; colour <= 231; colour++)
		cube += seen[colour];
	assert_true(cube >= 20);
}

/* Identifiers are bytes of UTF-8: visually alike but different strings
 * get their own colours, equal strings the same. */
static void
test_nickcolour_utf8_identifiers(void **state)
{
	double a[3], b[3];

	nickcolour_rgb("jülïet@capulet.lit", a);
	nickcolour_rgb("jülïet@capulet.lit", b);
	assert_memory_equal(a, b, sizeof(a));
	/* precomposed U+00FC and u + U+0308 are different bytes */
	assert_true(nickcolour_angle("j\xc3\xbc") != nickcolour_angle("ju\xcc\x88"));
	assert_true(nickcolour_angle("Romeo") != nickcolour_angle("romeo"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nickcolour_spec_angles),
		cmocka_unit_test(test_nickcolour_spec_rgb),
		cmocka_unit_test(test_nickcolour_angle_from_sha1),
		cmocka_unit_test(test_nickcolour_rgb_is_hsluv),
		cmocka_unit_test(test_nickcolour_palette_spec_vectors),
		cmocka_unit_test(test_nickcolour_palette_sets),
		cmocka_unit_test(test_nickcolour_utf8_identifiers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
