/*
 * utf8.h — decoding UTF-8, strictly: drsim's one decoder.
 *
 * Strict means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequence. Scenario files are checked
 * with it before YAML sees them, and the JSON, XML and YAML writers walk text
 * with it.
 */
#ifndef DRSIM_UTF8_H
#define DRSIM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s[0..n): returns its length (1 to 4) and sets
 * *cp (when not NULL) to its code point; returns 0 when the bytes there are
 * not valid UTF-8 (or n is 0), leaving *cp unchanged. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
