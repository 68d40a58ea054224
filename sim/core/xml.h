/*
 * xml.h — escaping text for XML and for HTML written as well-formed XML
 * (the JUnit report and the HTML report share it).
 *
 * '&', '<', '>', '"' and '\'' become entities; characters XML 1.0 does not
 * allow (control characters other than tab, newline and carriage return,
 * U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD, so any text —
 * a scenario's description, an event's detail — gives a well-formed document
 * in which it reads as that text and nothing else. In attribute values line
 * breaks and tabs are written as character references (a parser would
 * normalise literal ones to spaces); in text they stay.
 *
 * Nothing allocates; errors surface as the stream's error (ferror).
 */
#ifndef DRSIM_XML_H
#define DRSIM_XML_H

#include <stddef.h>
#include <stdio.h>

/* Writes s (NULL as "") escaped as element text. */
void xml_text(FILE *out, const char *s);

/* Writes s (NULL as "") escaped for an attribute value (without the quotes). */
void xml_attr(FILE *out, const char *s);

/* Length of the UTF-8 sequence at s when it is a character XML 1.0 allows,
 * else 0. */
size_t xml_char_len(const unsigned char *s);

#endif
