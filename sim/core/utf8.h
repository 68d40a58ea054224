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

/* Whether byte c begins a character: any byte but a continuation byte
 * (10xxxxxx). A byte that is not UTF-8 counts as a character of its own. */
static inline int utf8_starts_char(unsigned char c)
{
    return (c & 0xC0) != 0x80;
}

/* The characters (code points) in s[0..n), by utf8_starts_char: the width
 * of text in a terminal or a chart, at one column per character. */
size_t utf8_count(const char *s, size_t n);

#endif
