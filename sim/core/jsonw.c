/*
 * jsonw.c — the JSON writer (see jsonw.h).
 *
 * Invariant: buf is NUL-terminated whenever it is not NULL; first[depth]
 * says whether the container being written still has no value.
 */
#include "sim/core/jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/core/units.h"
#include "sim/core/utf8.h"

void jw_init(jw *w, int indent)
{
    memset(w, 0, sizeof *w);
    w->first[0] = true;
    w->indent = indent;
}

void jw_free(jw *w)
{
    mem_free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

static void put(jw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (mem_grow((void **)&w->buf, &w->cap, w->len + n + 1, 1) != 0) {
        w->failed = true;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void puts_(jw *w, const char *s)
{
    put(w, s, strlen(s));
}

static void newline(jw *w)
{
    if (w->indent <= 0)
        return;
    puts_(w, "\n");
    for (int i = 0; i < w->depth * w->indent; i++)
        puts_(w, " ");
}

/* Before any value: a comma and a newline unless it follows a key. */
static void before_value(jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            puts_(w, ",");
        newline(w);
    }
    w->first[w->depth] = false;
}

static void open_(jw *w, const char *c)
{
    before_value(w);
    puts_(w, c);
    if (w->depth + 1 < JW_MAX_DEPTH) {
        w->depth++;
        w->first[w->depth] = true;
    } else {
        w->failed = true;
    }
}

static void close_(jw *w, const char *c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    puts_(w, c);
}

int jw_set_indent(jw *w, int indent)
{
    int old = w->indent;
    w->indent = indent;
    return old;
}

void jw_obj_begin(jw *w) { open_(w, "{"); }
void jw_obj_end(jw *w) { close_(w, "}"); }
void jw_arr_begin(jw *w) { open_(w, "["); }
void jw_arr_end(jw *w) { close_(w, "]"); }

void jw_key(jw *w, const char *key)
{
    before_value(w);
    puts_(w, "\"");
    jw_escape(w, key);
    puts_(w, w->indent > 0 ? "\": " : "\":");
    w->after_key = true;
}

void jw_escape(jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            put(w, esc, 2);
            p++;
        } else if (c < 0x20) {
            char esc[8];
            const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
            if (named == NULL) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                named = esc;
            }
            puts_(w, named);
            p++;
        } else {
            uint32_t cp = 0;
            size_t n = utf8_decode(p, strnlen((const char *)p, 4), &cp);
            if (n == 0) {
                puts_(w, "\xEF\xBF\xBD");
                p++;
            } else if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
                /* DEL and C1 controls: valid JSON raw, but a terminal would
                 * act on them; the escape reads back the same. */
                char esc[8];
                snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
                puts_(w, esc);
                p += n;
            } else {
                put(w, (const char *)p, n);
                p += n;
            }
        }
    }
}

void jw_str(jw *w, const char *s)
{
    if (s == NULL) {
        jw_null(w);
        return;
    }
    before_value(w);
    puts_(w, "\"");
    jw_escape(w, s);
    puts_(w, "\"");
}

void jw_num(jw *w, double v)
{
    if (!isfinite(v)) {
        jw_null(w);
        return;
    }
    char buf[64];
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", v);
    else
        units_format(UNITS_NUMBER, v, buf, sizeof buf); /* shortest exact text */
    before_value(w);
    puts_(w, buf);
}

void jw_int(jw *w, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    before_value(w);
    puts_(w, buf);
}

void jw_uint(jw *w, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    before_value(w);
    puts_(w, buf);
}

void jw_bool(jw *w, bool v)
{
    before_value(w);
    puts_(w, v ? "true" : "false");
}

void jw_null(jw *w)
{
    before_value(w);
    puts_(w, "null");
}

void jw_raw(jw *w, const char *json)
{
    before_value(w);
    puts_(w, json && *json ? json : "null");
}

const char *jw_text(const jw *w)
{
    if (w->failed)
        return NULL;
    return w->buf ? w->buf : "";
}

char *jw_take(jw *w)
{
    char *out = NULL;
    if (!w->failed)
        out = w->buf ? w->buf : mem_strdup("");
    else
        mem_free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
    return out;
}
