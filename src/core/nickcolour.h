/*
 * nickcolour.h: XEP-0392 Consistent Color Generation for nicknames and JIDs.
 *
 * The same identifier gets the same colour in every client that implements
 * the XEP. Callers pass what the XEP prefers (a bare JID, prepared for
 * comparison as core/jid.h does, else the nickname); no colour vision
 * deficiency correction is applied.
 */
#ifndef NATTER_CORE_NICKCOLOUR_H
#define NATTER_CORE_NICKCOLOUR_H

/* The hue angle of the UTF-8 identifier, in degrees, in [0, 360). */
double nickcolour_angle(const char *identifier);

/* The identifier's colour as sRGB components from 0 to 1, in rgb[0..2]
 * (red, green, blue): HSLuv at that hue, saturation 100, lightness 50. */
void nickcolour_rgb(const char *identifier, double rgb[3]);

/*
 * The terminal palette index nearest (Euclidean distance in sRGB) to the
 * identifier's colour, for a terminal of that many colours:
 * - 256 or more: one of the xterm 6x6x6 colour cube, 16 to 231;
 * - 16 or more: one of the 16 ANSI colours but black, white and their
 *   bright forms (0, 7, 8, 15), taking xterm's default RGB values;
 * - fewer: one of 1 to 6 (red, green, yellow, blue, magenta, cyan).
 */
int nickcolour_palette(const char *identifier, int colours);

#endif
