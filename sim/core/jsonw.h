/*
 * jsonw.h — a small JSON writer into a growing buffer.
 *
 * Commas and nesting are handled by the writer: call jw_key before each
 * value in an object, values one after another in an array. Strings are
 * escaped per RFC 8259 (control characters as \u00XX; bytes that are not
 * valid UTF-8 become U+FFFD), numbers are printed as the shortest decimal
 * text that reads back as the same double (41.2, not 41.200000000000003),
 * and NAN or infinities (which JSON lacks) are written as null.
 *
 * Errors: when an allocation fails the writer remembers it and ignores every
 * later call; jw_text then returns NULL. No other failure exists.
 *
 * Ownership: the buffer belongs to the writer; jw_free releases it (accepts
 * a zeroed writer). jw_take hands it to the caller (mem_free).
 */
#ifndef DRSIM_JSONW_H
#define DRSIM_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 32

typedef struct jw {
    char *buf;
    size_t len, cap;
    bool failed;
    int depth;
    bool first[JW_MAX_DEPTH]; /* no value yet at this depth */
    bool after_key;
    int indent;               /* spaces per level; 0 = one line */
} jw;

/* A writer; indent 0 writes one line, else pretty-prints with that many
 * spaces per level. */
void jw_init(jw *w, int indent);
void jw_free(jw *w);

/* Sets the indent for what follows and returns the previous one: set 0 to
 * write a long array of numbers on one line inside a pretty document, then
 * set it back before the container's end. */
int jw_set_indent(jw *w, int indent);

void jw_obj_begin(jw *w);
void jw_obj_end(jw *w);
void jw_arr_begin(jw *w);
void jw_arr_end(jw *w);
void jw_key(jw *w, const char *key);
void jw_str(jw *w, const char *s);       /* NULL writes null */
void jw_num(jw *w, double v);
void jw_int(jw *w, int64_t v);
void jw_uint(jw *w, uint64_t v);
void jw_bool(jw *w, bool v);
void jw_null(jw *w);
/* Inserts text that is already JSON (e.g. a stored params object), its
 * strings' controls escaped as jw_str escapes them. */
void jw_raw(jw *w, const char *json);

/* The text so far (NUL-terminated), or NULL after an allocation failure. */
const char *jw_text(const jw *w);
/* Hands the buffer over (NULL after a failure); the writer is reset. */
char *jw_take(jw *w);

/* Appends s, escaped as JSON string content without the quotes, to the
 * writer's buffer (used by jw_str). */
void jw_escape(jw *w, const char *s);

#endif
