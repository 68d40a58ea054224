/*
 * strbuf.h — building strings: a growable one on the heap, and one appended
 * into a caller's fixed buffer the way snprintf writes.
 *
 * strbuf grows by doubling through mem.h. An allocation failure is sticky:
 * the builder records it (oom), ignores every later append, and sb_take then
 * returns NULL — so a caller appends freely and checks once at the end. The
 * text is always NUL-terminated when there is any.
 *
 * sb_fixed writes at most n bytes (NUL included) and counts the length the
 * whole text needs, as snprintf does, so a caller can size a second attempt.
 *
 * Ownership: a strbuf owns its text until sb_take hands it over (mem_free it)
 * or sb_free releases it; both leave the builder empty and reusable. A
 * zero-initialised strbuf is an empty one.
 */
#ifndef DRSIM_STRBUF_H
#define DRSIM_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
    char *s;        /* the text (NULL while empty) */
    size_t len, cap;
    bool oom;       /* an append failed: the text is incomplete */
} strbuf;

void sb_add(strbuf *b, const char *p, size_t n);
void sb_str(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text ("" when empty); valid until the next append or sb_free. */
const char *sb_text(const strbuf *b);

/* Hands the text to the caller (mem_free it): NULL when an append failed or
 * out of memory. The builder is empty afterwards. */
char *sb_take(strbuf *b);

/* Releases the text. Accepts a zeroed builder. */
void sb_free(strbuf *b);

typedef struct sb_fixed {
    char *buf;
    size_t n;   /* bytes available, NUL included */
    size_t pos; /* length of the whole text so far (may exceed n) */
} sb_fixed;

/* A builder writing into buf[0..n): the text starts empty. */
sb_fixed sb_fixed_init(char *buf, size_t n);
void sb_fixed_printf(sb_fixed *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Terminates the (possibly cut) text and returns the length the whole text
 * needs, as snprintf. */
size_t sb_fixed_done(sb_fixed *b);

#endif
