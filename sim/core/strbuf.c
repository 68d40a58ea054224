/*
 * strbuf.c — string builders (see strbuf.h).
 *
 * Invariant: b->s is NULL or holds b->len bytes and a NUL, in b->cap bytes.
 */
#include "sim/core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"

void sb_add(strbuf *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap && mem_grow((void **)&b->s, &b->cap, b->len + n + 1, 1) != 0) {
        b->oom = true;
        return;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_str(strbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (need < 0) {
        b->oom = true;
        return;
    }
    if ((size_t)need < sizeof small) {
        sb_add(b, small, (size_t)need);
        return;
    }
    char *big = mem_malloc((size_t)need + 1);
    if (big == NULL) {
        b->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)need + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)need);
    mem_free(big);
}

const char *sb_text(const strbuf *b)
{
    return b->s ? b->s : "";
}

char *sb_take(strbuf *b)
{
    char *r = NULL;
    if (!b->oom)
        r = b->s ? b->s : mem_strdup("");
    else
        mem_free(b->s);
    *b = (strbuf){0};
    return r;
}

void sb_free(strbuf *b)
{
    mem_free(b->s);
    *b = (strbuf){0};
}

sb_fixed sb_fixed_init(char *buf, size_t n)
{
    if (n > 0)
        buf[0] = '\0';
    return (sb_fixed){buf, n, 0};
}

void sb_fixed_printf(sb_fixed *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *dst = b->pos < b->n ? b->buf + b->pos : NULL;
    size_t room = b->pos < b->n ? b->n - b->pos : 0;
    int got = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (got > 0)
        b->pos += (size_t)got;
}

size_t sb_fixed_done(sb_fixed *b)
{
    if (b->n > 0 && b->pos >= b->n)
        b->buf[b->n - 1] = '\0';
    return b->pos;
}
